"""Dated events: relative expressions ("last Saturday", "on Tuesday", "a decade earlier",
"in 2013") resolved against the story's `published` date into EDTF.

dateparser (1.5.0, the first to resolve "last Saturday") finds and resolves them, always
told the story's language. Its false hits are filtered out: a lone modal "may", an
abbreviated weekday ("Sun"), counts ("10 of 12"), durations ("in the three weeks"). A bare
weekday ("on Tuesday") points back or forward as the sentence's verb does: past unless the
sentence speaks of the future ("will", "is due to"). A date worked out from an uncertain
`published` ("2019-02-13?") is uncertain too.
"""


from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from tui.authoring.suggest.model import Suggestion
from tui.authoring.suggest.text import link, sentences
from tui.model.edtf import EdtfError, parse_edtf
from tui.model.entities import Paragraph

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_FUTURE = re.compile(
    r"\b(will|shall|’ll|'ll|is due to|are due to|is expected to|are expected to|is to|are to|"
    r"plans? to|is going to|are going to|next)\b",
    re.I,
)
_DAY_WORDS = re.compile(r"\b(yesterday|today|tonight|tomorrow|days? ago)\b", re.I)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_RELATIVE_YEARS = re.compile(
    r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|a few|\d+)\s+"
    r"(decade|decades|year|years)\s+(earlier|later|before|after)\b",
    re.I,
)
_MARKS = re.compile(r"[“”‘\"]|(?<!\w)’|’(?!\w)")
# dateparser takes a following ", and" into its hit ("in 2016, and")
_TRAILING = re.compile(r"(?:[\s,;:.]+(?:and|or|but|while|as)?)+$")
_BETWEEN = re.compile(r",\s*|\s+(?:and|or)\s+")
_NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_TRIGGER = re.compile(
    rf"\b({'|'.join(WEEKDAYS)}|{'|'.join(MONTHS)}|yesterday|today|tonight|tomorrow|ago|"
    r"last (?:week|month|year)|(?:1[5-9]|20)\d\d)\b",
    re.I,
)


def anchor(published: str | None) -> tuple[dt.datetime, bool, str] | None:
    """(the publication day, whether it is uncertain, its precision) or None."""
    if not published:
        return None
    try:
        parsed = parse_edtf(published)
    except EdtfError:
        return None
    if parsed.lower is None or parsed.is_interval:
        return None
    year, month, day = parsed.lower[:3]
    digits = published.rstrip("?~%")
    precision = "day" if len(digits) == 10 else "month" if len(digits) == 7 else "year"
    return dt.datetime(year, month, day), parsed.uncertain or parsed.approximate, precision


def date_suggestions(
    paragraphs: Sequence[Paragraph], published: str | None, language: str = "en"
) -> list[Suggestion]:
    base = anchor(published)
    lang = (language or "en").split("-")[0].lower()
    out: list[Suggestion] = []
    for paragraph in paragraphs:
        if paragraph.kind in ("credit",):
            continue
        for sentence in sentences(paragraph.text):
            out.extend(_in_sentence(paragraph, sentence.start, sentence.text, base, lang))
    return out


def _in_sentence(
    paragraph: Paragraph,
    offset: int,
    sentence: str,
    base: tuple[dt.datetime, bool, str] | None,
    lang: str,
) -> list[Suggestion]:
    found: list[Suggestion] = []
    years = [int(y) for y in _YEAR.findall(sentence)]
    for match in _RELATIVE_YEARS.finditer(sentence):
        if not years:
            continue
        amount = match.group(1).lower()
        count = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount, 0)
        if not count:  # "a few decades": no number to count back
            continue
        unit = 10 if match.group(2).lower().startswith("decade") else 1
        sign = -1 if match.group(3).lower() in ("earlier", "before") else 1
        year = years[0] + sign * count * unit
        found.append(
            _event(
                paragraph,
                offset,
                sentence,
                match.start(),
                match.end(),
                f"{year:04d}~",
                f"{match.group(0)} than {years[0]}, approximately",
                0.6,
            )
        )
    if lang == "en" and not _TRIGGER.search(sentence):
        return found
    plain = _plain(sentence)
    for words, when, precision in _search(sentence, base, lang):
        start = plain.find(words)
        words = sentence[start : start + len(words)] if start >= 0 else words
        if start < 0:
            continue
        date = _edtf(
            when, precision, uncertain=base is not None and base[1] and precision != "year"
        )
        if precision == "year" and re.fullmatch(r"(?:in |a |an |the )?\d{4}", words):
            date = f"{when.year:04d}"
        confidence = 0.8 if precision == "day" else 0.7
        why = f"“{words}” resolved against published {base[0].date().isoformat() if base else '?'}"
        if precision == "year":
            why = f"the year {when.year} named in the text"
            trimmed = re.sub(r"^(?:a|an|the)\s+", "", words)
            start += len(words) - len(trimmed)
            words = trimmed
        if base is not None and base[1] and precision != "year":
            why += " (published is inferred, so this is uncertain too)"
        found.append(
            _event(paragraph, offset, sentence, start, start + len(words), date, why, confidence)
        )
    return found


def _search(
    sentence: str, base: tuple[dt.datetime, bool, str] | None, lang: str
) -> list[tuple[str, dt.datetime, str]]:
    from dateparser.search import search_dates  # type: ignore[import-untyped]

    future = bool(_FUTURE.search(sentence))
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base[0]
    try:
        hits = search_dates(_plain(sentence), languages=[lang], settings=settings) or []
    except Exception:  # dateparser has failed on odd input before: a date is only a suggestion
        return []
    out: list[tuple[str, dt.datetime, str]] = []
    for words, when in _split(hits, lang, settings):
        precision = _precision(words, lang)
        if precision is None:
            continue
        if precision != "year" and (base is None or base[2] != "day") and _relative(words):
            continue  # "on Tuesday" needs `published` to the day
        if _is_weekday_only(words) and base is not None:
            when = _weekday(words, base[0], future)
        out.append((words, when, precision))
    return out


def _split(
    hits: list[tuple[str, dt.datetime]], lang: str, settings: dict[str, Any]
) -> list[tuple[str, dt.datetime]]:
    """dateparser reads "yesterday, three days ago" as one date: each part is its own."""
    from dateparser import parse  # type: ignore[import-untyped]

    out: list[tuple[str, dt.datetime]] = []
    for found, when in hits:
        words = _TRAILING.sub("", found)
        parts = [p for p in _BETWEEN.split(words) if p.strip()]
        if len(parts) < 2:
            out.append((words, when))
            continue
        for part in parts:
            resolved = parse(part, languages=[lang], settings=settings)
            if resolved is not None:
                out.append((part, resolved))
    return out


def _plain(sentence: str) -> str:
    """The sentence with quotation marks as spaces (dateparser misses "on Friday," inside
    them); one character for one, so offsets stay."""
    return _MARKS.sub(" ", sentence)


def _precision(words: str, lang: str) -> str | None:
    """The EDTF precision the words support, or None for a false hit."""
    plain = words.strip()
    lower = plain.lower()
    if re.fullmatch(r"[\d\s,./:-]+(of\s+\d+)?|\d+\s+of\s+\d+", lower) and not _YEAR.fullmatch(
        plain
    ):
        return None  # "10 of 12", "600", "4"
    if re.search(r"\d+\s+of\s+\d+", lower):
        return None
    if lang != "en":
        return "day" if re.search(r"\d", plain) or len(plain) > 3 else None
    tokens = re.findall(r"[a-z]+", lower)
    if any(t in WEEKDAYS for t in tokens) or _DAY_WORDS.search(lower):
        return "day"
    months = [w for w in re.findall(r"[A-Za-z]+", plain) if w.lower() in MONTHS]
    if months:
        if not all(m[0].isupper() for m in months):
            return None  # "may", "march": a verb, not a month
        return "day" if re.search(r"\b\d{1,2}\b", plain) else "month"
    if re.search(r"\blast (week|month|year)\b", lower):
        return "year" if "year" in lower else "month" if "month" in lower else None
    if _YEAR.search(plain) and re.fullmatch(r"(?:in |a |an |the |since |by )?\d{4}", lower):
        return "year"
    return None  # "a decade", "in the three weeks", "Sun", "now": durations and stray words


def _relative(words: str) -> bool:
    return not _YEAR.search(words)


def _is_weekday_only(words: str) -> bool:
    return bool(re.fullmatch(rf"(?:on |this )?({'|'.join(WEEKDAYS)})", words.lower()))


def _weekday(words: str, base: dt.datetime, future: bool) -> dt.datetime:
    """A bare weekday: the nearest such day before publication (the day itself if it is
    that weekday), or after it when the sentence speaks of the future."""
    target = WEEKDAYS.index(words.lower().split()[-1])
    delta = (base.weekday() - target) % 7
    if future:
        return base + dt.timedelta(days=(target - base.weekday()) % 7 or 7)
    return base - dt.timedelta(days=delta)


def _edtf(when: dt.datetime, precision: str, *, uncertain: bool) -> str:
    text = {"day": f"{when:%Y-%m-%d}", "month": f"{when:%Y-%m}", "year": f"{when:%Y}"}[precision]
    return text + ("?" if uncertain else "")


def _event(
    paragraph: Paragraph,
    offset: int,
    sentence: str,
    start: int,
    end: int,
    date: str,
    why: str,
    confidence: float,
) -> Suggestion:
    words = sentence[start:end]
    clause = sentence.strip()
    source = link(paragraph.id, paragraph.text, offset + start, offset + end)
    return Suggestion(
        "event",
        clause,
        (source,),
        confidence,
        why,
        date=date,
        when=words,
    )
