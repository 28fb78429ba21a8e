"""Direct quotes (with cue and speaker), their continuations, and scare quotes.

Quotation marks are read the way a copy editor reads them: curly or straight, an unmatched
mark tolerated (the quote runs to the paragraph's end), and a quote left open at the end of
a paragraph continued by the next paragraph that opens with a mark (newspaper style).
"""


from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tui.authoring.suggest.cues import SPEECH, clean_speaker, is_pronoun
from tui.authoring.suggest.model import Suggestion
from tui.authoring.suggest.text import link
from tui.model.entities import Paragraph

SCARE_WORDS = 4
_NAME_WORDS = r"[\w’'.-]+"
_AFTER = re.compile(
    rf"^[\s,]*(?P<cue>{SPEECH.pattern})\s+(?P<speaker>[^.;:!?“\"]+(?:\.\s?[A-Z][^.;:!?“\"]*)*)"
)
_AFTER_NP = re.compile(
    rf"^[\s,]*(?P<speaker>(?:{_NAME_WORDS}\s+){{0,7}}?{_NAME_WORDS})\s+(?P<cue>{SPEECH.pattern})\b"
)
_BEFORE = re.compile(
    rf"(?P<speaker>(?:{_NAME_WORDS}\s+){{0,7}}?{_NAME_WORDS})\s+(?P<cue>{SPEECH.pattern})"
    r"(?:\s+[\w’'-]+){0,3}\s*[:,]\s*$"
)


class Span(NamedTuple):
    paragraph: int  # index into the paragraphs
    start: int  # inside the marks
    end: int
    closed: bool  # a closing mark was found
    continues: bool  # opened in an earlier paragraph
    runs_on: bool  # still open at the paragraph's end


def spans(paragraphs: Sequence[Paragraph]) -> list[Span]:
    found: list[Span] = []
    open_at_end = False
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        lead = len(text) - len(text.lstrip())
        opened: int | None = None
        kind = ""
        continues = False
        if open_at_end and not text.startswith(("“", '"', "‘"), lead):
            opened, kind, continues = lead, "double", True  # continued without a new mark
        carried, open_at_end = open_at_end, False
        for position, char in enumerate(text):
            if char == "“" or (char == '"' and opened is None):
                if opened is not None and kind == "double":  # unmatched: end it here
                    found.append(Span(index, opened, position, False, continues, False))
                opened, kind = position + 1, "double"
                continues = carried and position == lead
            elif char in '”"' and opened is not None and kind == "double":
                found.append(Span(index, opened, position, True, continues, False))
                opened, continues = None, False
            elif (
                char == "‘"
                and opened is None
                and (position == 0 or not text[position - 1].isalnum())
            ):
                opened, kind = position + 1, "single"
                continues = False
            elif (
                char == "’"
                and opened is not None
                and kind == "single"
                and not (position + 1 < len(text) and text[position + 1].isalpha())
            ):
                found.append(Span(index, opened, position, True, continues, False))
                opened, continues = None, False
        if opened is not None and kind == "double":
            found.append(Span(index, opened, len(text), False, continues, True))
            open_at_end = True
    return found


def quote_suggestions(paragraphs: Sequence[Paragraph]) -> list[Suggestion]:
    found = spans(paragraphs)
    cues = [_span_cue(paragraphs[span.paragraph].text, span) for span in found]
    carried = _carried_cues(found, cues)
    out: list[Suggestion] = []
    previous: tuple[int, str | None, str | None] | None = None  # paragraph, speaker, cue
    for number, span in enumerate(found):
        paragraph = paragraphs[span.paragraph]
        text = paragraph.text
        inner = text[span.start : span.end]
        words = inner.strip().rstrip(",").strip()
        if not words:
            continue
        end = span.start + len(inner.rstrip().rstrip(",").rstrip())
        start = span.start + (len(inner) - len(inner.lstrip()))
        speaker, cue, where = cues[number]
        source = link(paragraph.id, text, start, end)
        if speaker is not None:
            confidence = 0.6 if is_pronoun(speaker) else 0.95 if span.closed else 0.75
            why = f"in quotation marks, with the cue “{cue}” {where} it"
            if is_pronoun(speaker):
                why += f"; “{speaker}” is a pronoun: say who"
            out.append(
                Suggestion("quote", words, (source,), confidence, why, "direct", speaker, cue)
            )
            previous = (span.paragraph, speaker, cue)
            continue
        if number in carried:
            speaker, cue, cue_at = carried[number]
            why = (
                f"part of a quote that runs over several paragraphs; its cue, “{cue}”, "
                f"is in {paragraphs[cue_at].id}"
            )
            out.append(Suggestion("quote", words, (source,), 0.8, why, "direct", speaker, cue))
            previous = (span.paragraph, speaker, cue)
            continue
        inherits = (
            previous is not None
            and previous[1] is not None
            and (span.continues or previous[0] in (span.paragraph, span.paragraph - 1))
        )
        if (
            len(words.split()) <= SCARE_WORDS
            and not re.search(r"[.!?]$", words)
            and not span.continues
        ):
            exact = (
                text[span.start - 1 : span.end + 1]
                if span.closed
                else text[span.start - 1 : span.end]
            )
            source = link(paragraph.id, text, span.start - 1, span.start - 1 + len(exact))
            out.append(
                Suggestion(
                    "quote",
                    words,
                    (source,),
                    0.7,
                    "a short term in quotation marks with no speaker: the writer's scare quotes",
                    "scare",
                )
            )
        elif inherits and previous is not None:
            where_from = paragraphs[previous[0]].id
            out.append(
                Suggestion(
                    "quote",
                    words,
                    (source,),
                    0.5,
                    f"in quotation marks with no cue; continues the quote in {where_from}, so "
                    f"{previous[1]} is a guess",
                    "direct",
                    previous[1],
                    previous[2],
                )
            )
        else:
            reason = "" if span.closed else " (the closing mark is missing)"
            out.append(
                Suggestion(
                    "quote",
                    words,
                    (source,),
                    0.3,
                    f"in quotation marks{reason}, but no cue says who said it",
                    "direct",
                )
            )
    return out


def _span_cue(text: str, span: Span) -> tuple[str | None, str | None, str]:
    after = text[span.end + 1 :] if span.closed else ""
    return _cue(after, text[: max(0, span.start - 1)])


def _carried_cues(
    found: Sequence[Span], cues: Sequence[tuple[str | None, str | None, str]]
) -> dict[int, tuple[str, str | None, int]]:
    """For the parts of a quote that runs over paragraphs, the cue one part has:
    span number -> (speaker, cue, index of the paragraph with the cue)."""
    carried: dict[int, tuple[str, str | None, int]] = {}
    first = 0
    while first < len(found):
        last = first
        while last + 1 < len(found) and found[last].runs_on and found[last + 1].continues:
            last += 1
        cued = next((k for k in range(first, last + 1) if cues[k][0]), None)
        if last > first and cued is not None:
            speaker = cues[cued][0]
            assert speaker is not None
            for k in range(first, last + 1):
                if not cues[k][0]:
                    carried[k] = (speaker, cues[cued][1], found[cued].paragraph)
        first = last + 1
    return carried


def _cue(after: str, before: str) -> tuple[str | None, str | None, str]:
    """(speaker, cue, "after"/"before") from the words around a quote, or Nones."""
    match = _AFTER.match(after)  # ..." said the mayor
    if match and (speaker := clean_speaker(match["speaker"])):
        return speaker, match["cue"], "after"
    match = _AFTER_NP.match(after)  # ..." the mayor said / Brenner said / she told
    if match and _names_someone(match["speaker"]) and (speaker := clean_speaker(match["speaker"])):
        return speaker, match["cue"], "after"
    sentence_start = max(before.rfind(". "), before.rfind("” "), -2) + 2
    match = _BEFORE.search(before[sentence_start:])  # The mayor said: "...
    if match and (speaker := clean_speaker(match["speaker"])):
        return speaker, match["cue"], "before"
    return None, None, ""


def _names_someone(phrase: str) -> bool:
    """A capitalised name, or a noun phrase or pronoun: not the middle of a clause."""
    first = phrase.split()[0]
    return first[:1].isupper() or first.lower() in ("the", "a", "an", "he", "she", "they", "we")
