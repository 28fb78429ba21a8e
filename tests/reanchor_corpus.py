"""A corpus of corrected stories whose right answers are known, for re-anchoring.

A story's paragraphs are corrected as an editor would (a typo fixed, a clause reworded, a
sentence inserted or deleted, a paragraph split or merged), and every character is followed
through the corrections: each character of the corrected text knows which original
character it is, if any. A link's right answer is then wherever its original characters
went, not what anyone guessed: gone (the sentence was deleted), or a span in a paragraph.

Used by tests/test_reanchor.py (hand-written realistic corrections of the shipped story and
the second fixture, and seeded random ones) and by bench/reanchor.py.
"""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from tui.model.entities import Actor, Bundle, Event, Quote
from tui.model.reanchor import Anchoring, LinkClass, StoryText, anchor

Origin = tuple[str, int] | None  # (original paragraph id, offset), None: typed in


@dataclass
class Paragraph:
    id: str
    text: str
    origins: list[Origin] = field(default_factory=list)

    @classmethod
    def original(cls, paragraph_id: str, text: str) -> Paragraph:
        return cls(paragraph_id, text, [(paragraph_id, n) for n in range(len(text))])


class Story:
    """Paragraphs being corrected, each character tracked back to the original."""

    def __init__(self, paragraphs: Iterable[tuple[str, str]]) -> None:
        self.paragraphs = [Paragraph.original(pid, text) for pid, text in paragraphs]

    def _find(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def replace(self, paragraph_id: str, old: str, new: str) -> Story:
        """Replace the first `old` in the paragraph; characters kept by the change (as
        difflib sees it) keep their origin."""
        paragraph = self._find(paragraph_id)
        at = paragraph.text.index(old)
        kept: list[Origin] = [None] * len(new)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                kept[block.b + k] = paragraph.origins[at + block.a + k]
        paragraph.text = paragraph.text[:at] + new + paragraph.text[at + len(old) :]
        paragraph.origins = paragraph.origins[:at] + kept + paragraph.origins[at + len(old) :]
        return self

    def delete(self, paragraph_id: str, old: str) -> Story:
        return self.replace(paragraph_id, old, "")

    def insert(self, paragraph_id: str, before: str, new: str) -> Story:
        """Insert `new` right before the first `before` in the paragraph."""
        return self.replace(paragraph_id, before, new + before)

    def split(self, paragraph_id: str, before: str, new_id: str) -> Story:
        """Split the paragraph before `before`; the second part is paragraph `new_id`."""
        paragraph = self._find(paragraph_id)
        at = paragraph.text.index(before)
        cut = at
        while cut > 0 and paragraph.text[cut - 1] == " ":
            cut -= 1
        second = Paragraph(new_id, paragraph.text[at:], paragraph.origins[at:])
        paragraph.text, paragraph.origins = paragraph.text[:cut], paragraph.origins[:cut]
        self.paragraphs.insert(self.paragraphs.index(paragraph) + 1, second)
        return self

    def merge(self, first_id: str, second_id: str) -> Story:
        """Join the second paragraph onto the end of the first, with a space."""
        first, second = self._find(first_id), self._find(second_id)
        first.text = f"{first.text} {second.text}"
        first.origins = [*first.origins, None, *second.origins]
        self.paragraphs.remove(second)
        return self

    def where(self, paragraph_id: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Where the original span went: (paragraph, start, end) for each paragraph holding
        some of its characters (the span covers what was typed in between)."""
        found: list[tuple[str, int, int]] = []
        for paragraph in self.paragraphs:
            hits = [
                n
                for n, origin in enumerate(paragraph.origins)
                if origin is not None and origin[0] == paragraph_id and start <= origin[1] < end
            ]
            if hits:
                found.append((paragraph.id, hits[0], hits[-1] + 1))
        return found

    def story_text(self) -> StoryText:
        return StoryText.of((p.id, p.text) for p in self.paragraphs)


class Link(NamedTuple):
    entry: str
    paragraph: str
    start: int
    end: int
    exact: str
    prefix: str | None
    suffix: str | None


def links_of(bundle: Bundle) -> list[Link]:
    """Every source link with words (`exact`) of every entry."""
    links: list[Link] = []
    entries: list[Event | Actor | Quote] = [*bundle.events, *bundle.actors, *bundle.quotes]
    for entry in entries:
        for source in entry.sources:
            if source.exact is not None and source.has_span:
                links.append(
                    Link(entry.id, source.paragraph, source.start, source.end, source.exact,
                         source.prefix, source.suffix)
                )
    return links


class Outcome(NamedTuple):
    link: Link
    got: Anchoring
    verdict: str  # "correct", "orphaned", "wrong"
    expected: list[tuple[str, int, int]]


def judge(story: Story, link: Link, got: Anchoring) -> Outcome:
    """Was the answer right? An orphan is never wrong (it asks a person), only less useful.
    An anchor is right when most of it lies where the words went (words typed into a short
    phrase can leave it covering part of that place: the right place, narrower), and wrong
    when most of it lies anywhere else."""
    expected = story.where(link.paragraph, link.start, link.end)
    if got.status is LinkClass.ORPHAN:
        return Outcome(link, got, "orphaned", expected)
    for paragraph_id, start, end in expected:
        if paragraph_id != got.paragraph:
            continue
        overlap = min(end, got.end) - max(start, got.start)
        if overlap > 0 and overlap >= 0.5 * (got.end - got.start):
            return Outcome(link, got, "correct", expected)
    return Outcome(link, got, "wrong", expected)


def run(story: Story, links: list[Link]) -> list[Outcome]:
    text = story.story_text()
    return [
        judge(story, link, anchor(text, link.paragraph, link.exact, link.prefix, link.suffix))
        for link in links
    ]


class Tally(NamedTuple):
    correct: int
    wrong: int
    orphaned: int
    unchanged: int  # links whose words are untouched (exact, or moved whole)

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Tally:
        verdicts = [o.verdict for o in outcomes]
        unchanged = sum(o.got.status in (LinkClass.EXACT, LinkClass.MOVED) for o in outcomes)
        return cls(
            verdicts.count("correct"), verdicts.count("wrong"), verdicts.count("orphaned"),
            unchanged,
        )


# --- realistic corrections ----------------------------------------------------------------

Correction = Callable[[Story], Story]

BAGHOUZ_CORRECTIONS: dict[str, Correction] = {
    "typo fixes": lambda s: s.replace("p6", "regained", "regain")
    .replace("p16", "Uighurs", "Uyghurs")
    .replace("p3", "Deir Ezzor", "Deir ez-Zor")
    .replace("p14", "400,000sq km", "400,000 sq km"),
    "reworded clauses": lambda s: s.replace(
        "p5", "has stalled the advance", "has halted the advance"
    )
    .replace("p13", "has compelled the US and its allies", "has forced the US and its allies")
    .replace("p15", "have been shelling Baghouz", "have shelled Baghouz"),
    "inserted sentences": lambda s: s.insert("p5", "Despite US", "The fighting is intense. ")
    .insert("p13", "At least 86", "Aid agencies are alarmed. ")
    .insert("p20", "This was", "Journalists could not verify this. "),
    "split paragraph": lambda s: s.split("p5", "Despite US air raids", "p5b")
    .split("p13", "Hundreds of civilians", "p13b"),
    "merged paragraphs": lambda s: s.merge("p5", "p6").merge("p18", "p19"),
    "deleted sentence": lambda s: s.delete(
        "p13",
        " At least 86 civilians, including women and children, are reported to have died in "
        "coalition air strikes.",
    ),
    "deleted quote sentence": lambda s: s.delete(
        "p10", "Ryan did not say when the offensive would end, although "
    ),
    "everything at once": lambda s: BAGHOUZ_CORRECTIONS["split paragraph"](
        BAGHOUZ_CORRECTIONS["inserted sentences"](
            BAGHOUZ_CORRECTIONS["reworded clauses"](BAGHOUZ_CORRECTIONS["typo fixes"](s))
        )
    ),
}

SECOND_CORRECTIONS: dict[str, Correction] = {
    "typo fixes": lambda s: s.replace("p2", "walked out", "walked off")
    .replace("p4", "organised", "organized"),
    "reworded clause": lambda s: s.replace(
        "p3", "would be cut to two crossings a day", "will be cut to two daily crossings"
    ),
    "split and merge": lambda s: s.split("p4", "Talks on pay", "p4b").merge("p5", "p6"),
    "deleted quote sentence": lambda s: s.delete(
        "p2", " “We were left with no choice,” said Mira Okafor, who leads the crews’ union."
    ),
}


# --- random corrections -------------------------------------------------------------------


def random_corrections(story: Story, rng: random.Random, count: int) -> Story:
    """`count` edits of the kinds editors make, at random places."""
    for _ in range(count):
        paragraph = rng.choice(story.paragraphs)
        words = list(re.finditer(r"\w{3,}", paragraph.text))
        if not words:
            continue
        word = rng.choice(words).group()
        kind = rng.choice(("typo", "typo", "reword", "insert", "delete-sentence", "split"))
        if kind == "typo":
            at = rng.randrange(len(word))
            story.replace(paragraph.id, word, word[:at] + word[at + 1 :] or "x")
        elif kind == "reword":
            story.replace(paragraph.id, word, rng.choice(("said", "was", "the", "many")))
        elif kind == "insert":
            story.insert(paragraph.id, word, "indeed ")
        elif kind == "delete-sentence":
            sentences = re.findall(r"[^.]+\.", paragraph.text)
            if len(sentences) > 1:
                story.delete(paragraph.id, rng.choice(sentences))
        else:
            sentences = re.findall(r"(?<=\. )[A-Z]", paragraph.text)
            if sentences:
                at = paragraph.text.index(". " + sentences[0]) + 2
                new_id = f"{paragraph.id}-{rng.randrange(10**6)}"
                story.split(paragraph.id, paragraph.text[at:], new_id)
    return story
