"""Reported speech: a clause whose subject says, claims, predicts or believes something.

"US president Donald Trump has predicted victory" is suggested, with "predicted" as the cue
and the subject as the speaker. Left out: passives with no one speaking ("are believed to
remain", "are reported to have died"), cues that deny speech ("did not say"), and sentences
that carry a direct quote (suggested as that quote).
"""


from __future__ import annotations

import re
from collections.abc import Sequence

from tui.authoring.suggest.cues import BELIEF_VERBS, DENIAL, VERB, clean_speaker, is_pronoun
from tui.authoring.suggest.model import Suggestion
from tui.authoring.suggest.quotes import SCARE_WORDS, spans
from tui.authoring.suggest.text import link, sentences
from tui.model.entities import Paragraph

_CLAUSE_BREAK = re.compile(r",\s+(?:although|though|but|while|whereas|as|and)\s+|;\s+|\s+—\s+")
_AUX = re.compile(
    r"(?:\s+(?:has|have|had|will|would|may|might|could|can|should|must|did|do|does|"
    r"also|now|repeatedly|previously|reportedly|again|already|long|not))*\s*$"
)
_PASSIVE = re.compile(r"\b(is|are|was|were|be|been|being)\s+$")
_NOT_SUBJECTS = re.compile(r"^(it|there|this|that|these|those|what|which|who|as|when|if)$", re.I)
_MAX_SUBJECT_WORDS = 20


def reported_suggestions(paragraphs: Sequence[Paragraph]) -> list[Suggestion]:
    quoted: dict[int, list[tuple[int, int]]] = {}
    for span in spans(paragraphs):  # words in quotation marks are the quote's, not reported
        if len(paragraphs[span.paragraph].text[span.start : span.end].split()) > SCARE_WORDS:
            quoted.setdefault(span.paragraph, []).append((span.start, span.end))
    out: list[Suggestion] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.kind in ("heading", "credit"):
            continue
        text = paragraph.text
        for sentence in sentences(text):
            for start, end in _clauses(sentence.text):
                a, b = sentence.start + start, sentence.start + end
                if any(a < q_end and q_start < b for q_start, q_end in quoted.get(index, ())):
                    continue
                found = _reported(
                    paragraph.id,
                    text,
                    sentence.start + start,
                    sentence.start + end,
                    whole=(start, end) == (0, len(sentence.text)),
                )
                if found is not None:
                    out.append(found)
    return out


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer(sentence):
        bounds.extend((match.start(), match.end()))
    bounds.append(len(sentence))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def _reported(pid: str, text: str, start: int, end: int, *, whole: bool) -> Suggestion | None:
    clause = text[start:end]
    if DENIAL.search(clause):
        return None
    verb = VERB.search(clause)
    if verb is None:
        return None
    head = clause[: verb.start()]
    aux = _AUX.search(head)
    subject_text = head[: aux.start()] if aux else head
    if _PASSIVE.search(subject_text + " ") or _PASSIVE.search(head):
        return None
    if re.search(r"[“”\"]", subject_text):
        return None  # “…,” Brenner said: a direct quote's cue, not reported speech
    subject = clean_speaker(subject_text)
    words = subject.split()
    if (
        not words
        or len(words) > _MAX_SUBJECT_WORDS
        or (_NOT_SUBJECTS.match(words[0]) and len(words) == 1)
    ):
        return None
    if not re.match(r"[A-Z\"“‘]", subject):  # a subject starts its clause with a capital
        return None
    cue = verb.group(1)
    # a whole sentence keeps its full stop; a clause ends at its last word
    exact_end = end if whole else start + len(clause.rstrip().rstrip(".,;"))
    source = link(pid, text, start, exact_end)
    belief = cue in BELIEF_VERBS
    confidence = 0.6 if is_pronoun(subject) else 0.65 if belief else 0.8
    why = f"reported {'belief' if belief else 'speech'}: “{subject}” + “{cue}”"
    if is_pronoun(subject):
        why += f"; “{subject}” is a pronoun: say who"
    return Suggestion("quote", source.exact, (source,), confidence, why, "reported", subject, cue)
