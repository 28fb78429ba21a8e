"""How good the suggestions are, measured against a finished bundle's entries.

A quote suggestion is right when it repeats one of the bundle's quotes (same kind, same
words or, for reported speech, the same clause); it has the right speaker when its speaker's
name resolves to the quote's speaker. Dates are right when they repeat a dated event's date.
Used by the test suite (which asserts the goals) and by bench/suggest_quality.py.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.authoring.suggest.api import all_suggestions
from tui.authoring.suggest.matching import existing_entry, resolve_speaker
from tui.model.entities import Bundle


class Figures(NamedTuple):
    quotes_suggested: int
    quotes_right: int  # repeat a quote of the bundle
    direct: int
    direct_found: int  # with the right speaker
    reported: int
    reported_found: int  # with the right speaker
    scare: int
    scare_found: int
    dates_suggested: int
    dates_right: int
    dated: int  # events with one date (not a span) and the words it comes from
    dated_found: int
    speakers: int
    speakers_found: int  # speakers suggested as actors
    missed: tuple[str, ...]  # ids of the bundle's quotes not found
    wrong: tuple[str, ...]  # suggestions that repeat nothing, as text

    @property
    def quote_precision(self) -> float:
        return self.quotes_right / self.quotes_suggested if self.quotes_suggested else 1.0

    @property
    def date_precision(self) -> float:
        return self.dates_right / self.dates_suggested if self.dates_suggested else 1.0


def _ratio(found: int, total: int) -> str:
    return f"{found}/{total} ({found / total:.0%})" if total else "0/0"


def report(figures: Figures) -> list[str]:
    f = figures
    return [
        f"quotes suggested: {f.quotes_suggested}, right: {f.quotes_right} "
        f"(precision {f.quote_precision:.0%})",
        f"direct quotes with the right speaker: {_ratio(f.direct_found, f.direct)}",
        f"reported statements with the right speaker: {_ratio(f.reported_found, f.reported)}",
        f"scare quotes: {_ratio(f.scare_found, f.scare)}",
        f"dates suggested: {f.dates_suggested}, right: {f.dates_right} "
        f"(precision {f.date_precision:.0%}); dated events found: {_ratio(f.dated_found, f.dated)}",
        f"speakers suggested as actors: {_ratio(f.speakers_found, f.speakers)}",
        f"missed: {', '.join(f.missed) or 'none'}; wrong: {'; '.join(f.wrong) or 'none'}",
    ]


def measure(bundle: Bundle) -> Figures:
    suggestions = all_suggestions(bundle)
    quotes = [s for s in suggestions if s.type == "quote"]
    by_id = {q.id: q for q in bundle.quotes}
    found: dict[str, bool] = {}  # quote id -> found with the right speaker
    wrong: list[str] = []
    right = 0
    for suggestion in quotes:
        entry = existing_entry(suggestion, bundle)
        if entry is None:
            wrong.append(f"{suggestion.kind} “{suggestion.text[:40]}”")
            continue
        right += 1
        quote = by_id[entry]
        speaker_ok = quote.kind == "scare" or resolve_speaker(suggestion.speaker, bundle) == (
            quote.speaker
        )
        found[entry] = found.get(entry, False) or speaker_ok

    def count(kind: str) -> tuple[int, int]:
        ids = [q.id for q in bundle.quotes if q.kind == kind]
        return len(ids), sum(found.get(i, False) for i in ids)

    events = {e.id: e for e in bundle.events}
    dates = [s for s in suggestions if s.type == "event"]
    dates_right = 0
    hit: set[str] = set()
    for suggestion in dates:
        entry = existing_entry(suggestion, bundle)
        event = events.get(entry or "")
        if (
            event is not None
            and event.date is not None
            and suggestion.date is not None
            and (event.date.text.rstrip("?~%") == suggestion.date.rstrip("?~%"))
        ):
            dates_right += 1
            hit.add(event.id)
    dated = [e.id for e in bundle.events if e.date and not e.date.is_interval and e.when.strip()]
    speakers = {q.speaker for q in bundle.quotes if q.speaker}
    actors = [s for s in suggestions if s.type == "actor"]
    speakers_found = {existing_entry(a, bundle) for a in actors} & speakers
    direct, scare, reported = count("direct"), count("scare"), count("reported")
    return Figures(
        len(quotes),
        right,
        *direct,
        *reported,
        *scare,
        len(dates),
        dates_right,
        len(dated),
        len(hit & set(dated)),
        len(speakers),
        len(speakers_found),
        tuple(q.id for q in bundle.quotes if not found.get(q.id, False)),
        tuple(wrong),
    )
