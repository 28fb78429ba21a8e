"""Repairing links after the text was corrected: which links failed, where their words are
now, and the bundle as it reads with those places.

This works from the outside of validation: it reads the link problems the validator
reported (by code and path), looks each link's words up again (`reanchor.anchor`), and
rewrites only those links in a copy of the parsed data. So `check` can say what it found,
`check --fix` can write it, and the app can open a bundle whose only problems are links
that no longer match, in repair mode.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from tui.model.entities import Bundle, SourceLink
from tui.model.folding import FoldedParagraphs, FoldedText, fold
from tui.model.problems import Severity
from tui.model.reanchor import Anchoring, LinkClass, StoryText, anchor
from tui.model.schema import PathProblem, quoted

# Problems that mean "this link's words are not where it says" (see linking.py).
_SELECTOR_CODES = {"exact-not-found", "selector-mismatch", "ambiguous-exact"}
_QUOTE_TEXT_CODE = "quote-not-in-paragraph"
_SECTIONS = ("events", "actors", "quotes")


class LinkRepair(NamedTuple):
    """What was found for one link that failed."""

    section: str  # events, actors or quotes
    position: int  # the entry's place in its section
    source: int  # the link's place in the entry's `sources`
    entry: str  # the entry's id, for messages
    field: str  # what was looked for: the link's `exact`, or a quote's `text`
    old: Mapping[str, str]  # the link as written: paragraph, exact, prefix, suffix
    anchoring: Anchoring
    old_text: str | None = None  # a quote's `text` as written, when that was looked for

    @property
    def path(self) -> tuple[str | int, ...]:
        return (self.section, self.position, "sources", self.source)

    @property
    def fixable(self) -> bool:
        return self.anchoring.status in (LinkClass.MOVED, LinkClass.REANCHORED)

    def explain(self) -> str:
        """What was found, for the end of the problem's message."""
        found = self.anchoring
        if not found.found:
            return f"orphan: {found.reason or 'no good match'}"
        where = f" in {found.paragraph}" if found.paragraph != self.old.get("paragraph") else ""
        if found.status is LinkClass.MOVED:
            return f"found exactly{where} (moved)"
        return (
            f"it reads {quoted(found.exact or '')}{where} there now "
            f"(re-anchored, score {found.score:.2f})"
        )


def is_link_problem(problem: PathProblem) -> bool:
    path = problem.path
    if problem.code in _SELECTOR_CODES:
        return len(path) >= 4 and path[0] in _SECTIONS and path[2] == "sources"
    if problem.code == _QUOTE_TEXT_CODE:
        return len(path) == 3 and path[0] == "quotes" and path[2] == "text"
    if problem.code == "unknown-reference":
        return len(path) == 5 and path[0] in _SECTIONS and path[2:5:2] == ("sources", "paragraph")
    return False


def only_link_problems(problems: Sequence[PathProblem]) -> bool:
    """Every error is a link whose words are not where it says (warnings do not count)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    return bool(errors) and all(is_link_problem(p) for p in errors)


def find_repairs(
    data: Mapping[str, Any],
    problems: Sequence[PathProblem],
    folded: FoldedParagraphs | None = None,
) -> list[LinkRepair]:
    """Where the words of each failed link are now (links named by `problems`). `folded`:
    the paragraphs validation folded (`build_with_texts`), not folded again."""
    if folded is not None and folded.complete:
        story = StoryText(folded.texts)
    else:
        story = _story_text(data, folded.texts if folded is not None else {})
    # (link, field to look for): a quote's link may need its `exact` and its `text`.
    wanted: set[tuple[str, int, int, str]] = set()
    for problem in problems:
        if not is_link_problem(problem):
            continue
        section, index = str(problem.path[0]), int(problem.path[1])
        if problem.code == _QUOTE_TEXT_CODE:
            for source in _quote_sources_missing_text(data, index, story):
                wanted.add(("quotes", index, source, "text"))
        else:
            wanted.add((section, index, int(problem.path[3]), "exact"))
    repairs: list[LinkRepair] = []
    for section, index, source, field in sorted(wanted):
        entry, link = _entry_and_link(data, section, index, source)
        if entry is None or link is None:
            continue  # a value of the wrong type: reported as that, nothing to look for
        old: dict[str, str] = {
            k: link[k] for k in ("paragraph", "exact", "prefix", "suffix") if k in link
        }
        if field == "text" or "exact" not in link:
            field, needle = "text", entry.get("text")
        else:
            needle = link["exact"]
        if not isinstance(needle, str):
            continue
        found = anchor(story, link["paragraph"], needle, link.get("prefix"), link.get("suffix"))
        given_id = entry.get("id")
        entry_id = given_id if isinstance(given_id, str) else f"{section}[{index}]"
        old_text = needle if field == "text" else None
        repairs.append(LinkRepair(section, index, source, entry_id, field, old, found, old_text))
        text_repair = _hidden_text_repair(
            entry, section, index, source, entry_id, old, found, story
        )
        if text_repair is not None and (section, index, source, "text") not in wanted:
            repairs.append(text_repair)
    return repairs


def _hidden_text_repair(
    entry: dict[str, Any],
    section: str,
    index: int,
    source: int,
    entry_id: str,
    old: dict[str, str],
    found: Anchoring,
    story: StoryText,
) -> LinkRepair | None:
    """A direct or scare quote's text is checked against its paragraph only once its link's
    `exact` is found, so a failed `exact` hides a text that no longer matches either: look
    it up now, in the paragraph the link's words are in, rather than in a second pass."""
    text = entry.get("text")
    if section != "quotes" or entry.get("kind") not in ("direct", "scare"):
        return None
    if not isinstance(text, str) or not found.found or found.paragraph is None:
        return None
    if fold(text) in story.texts[found.paragraph].folded:
        return None
    anchored = anchor(story, found.paragraph, text)
    return LinkRepair(section, index, source, entry_id, "text", old, anchored, text)


def _entry_and_link(
    data: Mapping[str, Any], section: str, index: int, source: int
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The entry and its link, if both are shaped as the format says (else None, None)."""
    try:
        entry = data[section][index]
        link = entry["sources"][source]
    except (KeyError, IndexError, TypeError):
        return None, None
    if not isinstance(entry, dict) or not isinstance(link, dict):
        return None, None
    if not isinstance(link.get("paragraph"), str):
        return None, None
    if any(key in link and not isinstance(link[key], str) for key in ("exact", "prefix", "suffix")):
        return None, None
    return entry, link


def repaired_data(data: Mapping[str, Any], repairs: Sequence[LinkRepair]) -> dict[str, Any]:
    """A copy of `data` with each repairable link pointing where its words are now, and each
    orphan turned into a link to a whole paragraph, so that it loads (the app shows orphans
    as such, from the repairs; nothing of this is written without a person's say)."""
    fixed = dict(data)
    for section in {repair.section for repair in repairs}:
        fixed[section] = list(data[section])
    paragraph_ids = [
        p["id"] for p in _tables(data, "paragraphs") if isinstance(p, dict) and "id" in p
    ]
    for repair in repairs:
        entry = fixed[repair.section][repair.position] = copy.deepcopy(
            fixed[repair.section][repair.position]
        )
        link = entry["sources"][repair.source]
        found = repair.anchoring
        if found.found and repair.field == "text":
            entry["text"] = found.exact
            if "exact" not in link:  # the text is the link: it moves with it
                link["paragraph"] = found.paragraph
        elif found.found:
            for key in ("exact", "prefix", "suffix"):
                link.pop(key, None)
            link["paragraph"] = found.paragraph
            link["exact"] = found.exact
            for key in ("prefix", "suffix"):
                value = getattr(found, key)
                if value is not None:
                    link[key] = value
        else:
            for key in ("exact", "prefix", "suffix"):
                link.pop(key, None)
            if link.get("paragraph") not in paragraph_ids:
                link["paragraph"] = orphan_home(link.get("paragraph"), paragraph_ids)
            if repair.field == "text":
                # Loads only if the text is in the paragraph: stand in its whole text,
                # which `restore_orphans` takes back out of the built bundle.
                entry["text"] = _paragraph_text(data, link["paragraph"])
    return fixed


def orphan_home(paragraph: object, paragraph_ids: Sequence[str]) -> str:
    """Where to show an orphan whose paragraph is gone: the one numbered before it, else
    the first."""
    if isinstance(paragraph, str):
        stem = paragraph.rstrip("0123456789")
        digits = paragraph[len(stem) :]
        if digits:
            for number in range(int(digits) - 1, 0, -1):
                if f"{stem}{number}" in paragraph_ids:
                    return f"{stem}{number}"
    return paragraph_ids[0]


def _tables(data: Mapping[str, Any], section: str) -> list[Any]:
    """A section's tables, or none when it is not an array (the validator says so)."""
    tables = data.get(section)
    return tables if isinstance(tables, list) else []


def _story_text(data: Mapping[str, Any], texts: Mapping[str, FoldedText]) -> StoryText:
    paragraphs: dict[str, FoldedText] = {}
    for table in _tables(data, "paragraphs"):
        if not isinstance(table, dict):
            continue
        paragraph_id, text = table.get("id"), table.get("text")
        if (
            isinstance(paragraph_id, str)
            and isinstance(text, str)
            and paragraph_id not in paragraphs
        ):
            known = texts.get(paragraph_id)
            if known is None or known.original is not text:  # not this table's text
                known = FoldedText.of(text)
            paragraphs[paragraph_id] = known
    return StoryText(paragraphs)


def _quote_sources_missing_text(
    data: Mapping[str, Any], index: int, story: StoryText
) -> list[int]:
    quotes = _tables(data, "quotes")
    quote = quotes[index] if index < len(quotes) else None
    text = quote.get("text") if isinstance(quote, dict) else None
    sources = quote.get("sources") if isinstance(quote, dict) else None
    if not isinstance(text, str) or not isinstance(sources, list):
        return []
    needle = fold(text)
    missing = []
    for number, link in enumerate(sources):
        paragraph_id = link.get("paragraph") if isinstance(link, dict) else None
        paragraph = story.texts.get(paragraph_id) if isinstance(paragraph_id, str) else None
        if paragraph is not None and needle not in paragraph.folded:
            missing.append(number)
    return missing


def _paragraph_text(data: Mapping[str, Any], paragraph_id: str) -> str:
    for table in _tables(data, "paragraphs"):
        if isinstance(table, dict) and table.get("id") == paragraph_id:
            return str(table.get("text", ""))
    return ""


class RepairResult(NamedTuple):
    repairs: list[LinkRepair]
    data: dict[str, Any]  # the parsed data with each repairable link where its words are
    bundle: Bundle | None  # that data validated, None if it still has errors
    problems: list[PathProblem]  # what the validator says of it (warnings, orphans' errors)


def repairs_for(
    data: Mapping[str, Any],
    file: str,
    found: Sequence[PathProblem],
    *,
    scan_text: bool = False,
    folded: FoldedParagraphs | None = None,
) -> RepairResult | None:
    """Every repair the links of `data` need, given the validator's problems `found`, and
    the bundle as it reads with them. None when `found` holds an error not a link's.

    `scan_text` as for `validate`: False when no string can hold a control character, so
    the repaired data is judged by the fast path (which gives the validator's answer).
    `folded` as for `find_repairs`.
    """
    # Imported here: validate and fast_path import nothing of this module, and check
    # needs neither until a link fails.
    from tui.model.fast_path import build
    from tui.model.validate import validate

    def judged(repaired: dict[str, Any]) -> tuple[Bundle | None, list[PathProblem]]:
        return validate(repaired, file, scan_text=True) if scan_text else build(repaired, file)

    if not only_link_problems(found):
        return None
    repairs = find_repairs(data, found, folded)
    repaired = repaired_data(data, repairs)
    bundle, left = judged(repaired)
    if bundle is None and only_link_problems(left):
        # A link that failed hid what depends on it: a direct quote's text is checked
        # against its paragraph only once its `exact` is found. Look those up too.
        repairs += find_repairs(repaired, left)
        repaired = repaired_data(data, repairs)
        bundle, left = judged(repaired)
    return RepairResult(repairs, repaired, bundle, list(left))


def explained(problems: list[PathProblem], repairs: Sequence[LinkRepair]) -> list[PathProblem]:
    """`problems` with what was found for each failed link added to its message."""
    by_link = {(r.section, r.position, r.source): r for r in repairs if r.field == "exact"}
    by_quote = {(r.section, r.position): r for r in repairs if r.field == "text"}
    shown: list[PathProblem] = []
    for problem in problems:
        repair = None
        if is_link_problem(problem):
            if problem.code == _QUOTE_TEXT_CODE:
                repair = by_quote.get((str(problem.path[0]), int(problem.path[1])))
            else:
                key = (str(problem.path[0]), int(problem.path[1]), int(problem.path[3]))
                repair = by_link.get(key)
        if repair is not None:
            problem = problem._replace(message=f"{problem.message}; {repair.explain()}")
        shown.append(problem)
    return shown


def restore_orphans(bundle: Bundle, repairs: Sequence[LinkRepair]) -> Bundle:
    """The bundle built from `repaired_data`, with each orphan link showing nothing (no
    span) and a quote whose words are gone keeping its own text."""
    orphans = [r for r in repairs if not r.anchoring.found]
    if not orphans:
        return bundle
    sections: dict[str, list[Any]] = {
        "events": list(bundle.events),
        "actors": list(bundle.actors),
        "quotes": list(bundle.quotes),
    }
    positions = {
        section: {entry.id: n for n, entry in enumerate(entries)}
        for section, entries in sections.items()
    }
    for repair in orphans:
        place = positions[repair.section].get(repair.entry)
        if place is None:
            continue
        entry = sections[repair.section][place]
        sources = list(entry.sources)
        link = sources[repair.source]
        sources[repair.source] = SourceLink(
            link.paragraph,
            repair.old.get("exact"),
            repair.old.get("prefix"),
            repair.old.get("suffix"),
            -1,
            -1,
            link.extensions,
        )
        changes: dict[str, Any] = {"sources": tuple(sources)}
        if repair.field == "text":
            changes["text"] = repair.old_text or entry.text
        sections[repair.section][place] = entry._replace(**changes)
    return bundle._replace(
        events=tuple(sections["events"]),
        actors=tuple(sections["actors"]),
        quotes=tuple(sections["quotes"]),
    )
