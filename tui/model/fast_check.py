"""The fast path for `check`: every problem `build` finds, without building the bundle.

`check` keeps nothing of a bundle but its problems, and building one costs some 50 ms of the
20,000-paragraph benchmark's 200 for entries, links and tuples that are made only to be
freed. `Checking` is the fast path's `Builder` with its entries left unmade: each entry's
values are checked by the very code that builds it (`*_values`, `_link`, `_date`,
`_actor_refs`, `_quote_spans`), and an entry it finds anything irregular in still goes to
the reporting validator, which words the problems as always.

tests/conftest.py checks, for every bundle the tests load, that this finds the same problems
in the same order as `build_with_texts`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tui.model.entities import NO_EXTENSIONS, Event
from tui.model.fast_path import Builder
from tui.model.fast_rules import NotClean
from tui.model.folding import FoldedParagraphs, FoldedText, fold
from tui.model.problems import Severity
from tui.model.schema import PathProblem
from tui.model.validate import validate

__all__ = ["Checked", "check_with_texts"]

_new = tuple.__new__  # as in fast_path: a NamedTuple made without its Python __new__


class Checked(NamedTuple):
    """What checking a parsed document found."""

    valid: bool  # no errors: the bundle would load
    problems: list[PathProblem]  # as `build` returns them
    folded: FoldedParagraphs  # the paragraphs it folded, for re-anchoring to reuse


def check_with_texts(data: dict[str, Any], path: str) -> Checked:
    """The problems `build_with_texts(data, path)` finds, found without building a bundle."""
    try:
        checking = Checking(path, report=True)
        _, problems = checking.bundle(data)
    except NotClean:  # irregular at the top: the validator does it all
        bundle, problems = validate(data, path, scan_text=False)
        return Checked(bundle is not None, problems, FoldedParagraphs({}, complete=False))
    valid = not any(p.severity is Severity.ERROR for p in problems)
    return Checked(valid, problems, FoldedParagraphs(checking.folded, checking.paragraphs_clean))


class Checking(Builder):
    """A Builder that checks each entry and keeps none (but a dated event's date, for the
    date order warning)."""

    def _paragraph(self, table: dict[str, Any], index: int) -> None:
        paragraph_id, _, text, _ = self._paragraph_values(table)
        self.folded[paragraph_id] = FoldedText.of(text)

    def _actor(self, table: dict[str, Any], index: int) -> None:
        self._check_sources(self._actor_values(table)[5])

    def _event(self, table: dict[str, Any], index: int) -> Event | None:
        event_id, title, when, date, summary, actors, sources, _ = self.sections[
            "events"
        ].values(table)
        self._check_sources(sources)
        self._actor_refs(actors)
        if date is None:
            return None
        # What warn_out_of_order reads of an event: its id, position and date.
        return _new(Event, (event_id, title, when, (), index, self._date(date), summary, (),
                            NO_EXTENSIONS))

    def _quote(self, table: dict[str, Any], index: int) -> None:
        _, kind, text, _, _, about, sources, _ = self._quote_values(table)
        links = self._sources(sources)  # quote_span reads the links themselves
        if kind != "reported":
            self._quote_spans(fold(text), links)
        self._actor_refs(about)

    def _check_sources(self, value: list[Any]) -> None:
        """What `_sources` checks, without keeping the links."""
        if not value:
            raise NotClean
        for table in value:
            self._link(table)

    def _finish(self, *_: Any) -> None:
        return None  # nothing is built
