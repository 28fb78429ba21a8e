"""The parts of a generated story before it is written out, and small text helpers."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.storygen.vocabulary import _MONTHS

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def counts(n: int) -> tuple[int, int, int, int]:
    """(paragraphs, events, quotes, actors) for a bundle of size `n`."""
    if n < 1:
        raise ValueError("a bundle needs at least one paragraph")
    return n, n, max(1, n // 4), max(1, n // 10)


def _slug(text: str, words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = [p for p in _SLUG_JUNK.split(ascii_text.lower()) if p]
    return "-".join(parts[:words]) or "x"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _toml(value: str) -> str:
    # JSON string escapes (\" \\ \n \uXXXX) are TOML basic-string escapes too.
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml(v) for v in values) + "]"


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


# --- the model being generated ------------------------------------------------------------


@dataclass(eq=False)
class _Sentence:
    text: str
    start: int = 0  # offset in the paragraph, set when the paragraph is joined


@dataclass(eq=False)
class _Paragraph:
    number: int  # 1-based: the id is p<number>
    kind: str
    sentences: list[_Sentence] = field(default_factory=list)
    text: str = ""

    def add(self, text: str) -> _Sentence:
        sentence = _Sentence(text)
        self.sentences.append(sentence)
        return sentence


@dataclass(eq=False)
class _Mark:
    """An intended source link: `exact` at `offset` in `sentence`, or the whole paragraph."""

    paragraph: _Paragraph
    sentence: _Sentence | None = None
    offset: int = 0
    exact: str | None = None


@dataclass(eq=False)
class _Actor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str
    role: str
    marks: list[_Mark] = field(default_factory=list)


@dataclass(eq=False)
class _Event:
    id: str
    title: str
    when: str
    date: str | None
    summary: str | None
    actors: list[str]
    marks: list[_Mark]
    note: str | None = None


@dataclass(eq=False)
class _Quote:
    id: str
    kind: str
    text: str
    speaker: str | None
    cue: str | None
    about: list[str]
    marks: list[_Mark]

