"""Resolve what entries point at: ids of other entries, and source links into paragraphs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.model.entities import SourceLink
from tui.model.folding import FoldedText, fold
from tui.model.rules import SOURCE
from tui.model.schema import Checker, quoted, with_article
from tui.model.selectors import SelectorMatch, Selectors
from tui.model.suggest import close_match

if TYPE_CHECKING:
    from tui.model.toml_lines import Path


# Unknown references that get a "did you mean": each costs a look at every id of its kind,
# so a bundle with thousands of them (a renamed actor) costs no more than this many looks.
MAX_SUGGESTIONS = 50


class Linker:
    """Resolves ids and source links once every paragraph and id is known."""

    __slots__ = ("_known", "_suggestions", "checker", "kinds", "paragraphs", "selectors")

    def __init__(
        self, checker: Checker, paragraphs: dict[str, FoldedText], kinds: Mapping[str, str]
    ) -> None:
        self.checker = checker
        self.paragraphs = paragraphs
        self.kinds = kinds  # id -> section singular ("paragraph", "actor", ...)
        self.selectors = Selectors()
        self._known: dict[str, list[str]] = {}  # kind -> its ids, made at the first look
        self._suggestions = 0

    def know(self, kind: str, ids: list[str]) -> None:
        """Take `ids` as every id of `kind`, in order, as `kinds` holds them (a caller that
        has that list saves a look through all the ids at the first suggestion)."""
        self._known[kind] = ids

    def reference(self, target: str, wanted: str, key: str, path: Path, entry: str) -> bool:
        found = self.kinds.get(target)
        if found == wanted:
            return True
        if found is None:
            hint = self._suggestion(target, wanted)
            better = f"; did you mean {hint!r}?" if hint else ""
            self.checker.error(
                path,
                entry,
                "unknown-reference",
                f"`{key}` names {target!r}, but no {wanted} has that id{better}",
            )
        else:
            self.checker.error(
                path,
                entry,
                "wrong-reference",
                f"`{key}` names {target!r}, which is {with_article(found)}, "
                f"not {with_article(wanted)}",
            )
        return False

    def _suggestion(self, target: str, wanted: str) -> str | None:
        """The id of kind `wanted` closest to `target`, for the first MAX_SUGGESTIONS."""
        if self._suggestions >= MAX_SUGGESTIONS:
            return None
        self._suggestions += 1
        known = self._known.get(wanted)
        if known is None:
            known = self._known[wanted] = [k for k, v in self.kinds.items() if v == wanted]
        return close_match(target, known)

    def sources(
        self, value: list[dict[str, Any] | None] | None, path: Path, entry: str
    ) -> list[SourceLink]:
        """Resolve the `sources` of the entry at `path`; `value` None means `sources` is
        missing or not an array, which was reported already."""
        if value is None:
            return []
        if not value:
            self.checker.error(
                (*path, "sources"),
                entry,
                "no-sources",
                '`sources` must hold at least one link: [{ paragraph = "p1", exact = "…" }]',
            )
        links: list[SourceLink] = []
        checker = self.checker
        for index, table in enumerate(value):
            if table is None:  # not a table: reported already
                continue
            fields, extensions = checker.table(table, SOURCE, (*path, "sources", index), entry)
            link = self._link(fields, extensions, path, index, entry)
            if link is not None:
                links.append(link)
        return links

    def _link(
        self,
        fields: dict[str, Any],
        extensions: Mapping[str, Any],
        entry_path: Path,
        index: int,
        entry: str,
    ) -> SourceLink | None:
        paragraph = fields.get("paragraph")
        if paragraph is None:
            return None
        if self.kinds.get(paragraph) != "paragraph":
            path, name = _where(entry_path, index)
            self.reference(paragraph, "paragraph", f"{name}.paragraph", (*path, "paragraph"), entry)
            return None
        target = self.paragraphs.get(paragraph)
        if target is None:
            # The paragraph's id is fine but its text is missing or wrong, which was
            # reported on the paragraph: nothing to match the link against.
            return None
        exact = fields.get("exact")
        prefix = fields.get("prefix")
        suffix = fields.get("suffix")
        if exact is None:
            for key, given in (("prefix", prefix), ("suffix", suffix)):
                if given is not None:
                    path, name = _where(entry_path, index)
                    self.checker.error(
                        (*path, key),
                        entry,
                        "selector-without-exact",
                        f"{name}.{key} only tells apart places where `exact` occurs; "
                        "add `exact`, or remove it",
                    )
            return SourceLink(paragraph, extensions=extensions)
        found = self.selectors.match(target, exact, prefix, suffix)
        if found.ok:
            return SourceLink(paragraph, exact, prefix, suffix, found.start, found.end, extensions)
        path, name = _where(entry_path, index)
        self.unmatched(found, paragraph, exact, prefix, suffix, path, entry, name)
        return None

    def unmatched(
        self,
        found: SelectorMatch,
        paragraph: str,
        exact: str,
        prefix: str | None,
        suffix: str | None,
        path: Path,
        entry: str,
        name: str,
    ) -> None:
        """Report a source link that picks out no one place in its paragraph.

        Every such link comes here (the fast path leaves entries with one to this validator),
        so this is where a suggestion of the words meant (re-anchoring) belongs.
        """
        candidates, matches = found.candidates, found.matches
        if candidates == 0:
            folded = self.paragraphs[paragraph].folded
            hint = ""
            if fold(exact).casefold() in folded.casefold():
                hint = " (it does in other letter case: matching is to the character)"
            self.checker.error(
                (*path, "exact"),
                entry,
                "exact-not-found",
                f"{name}.exact {quoted(exact)} does not occur in paragraph {paragraph}{hint}",
            )
        elif matches == 0:
            given = [k for k, v in (("prefix", prefix), ("suffix", suffix)) if v is not None]
            self.checker.error(
                (*path, given[0]),
                entry,
                "selector-mismatch",
                f"{name}: the {' and '.join(given)} given match"
                f"{'es' if len(given) == 1 else ''} none of the {candidates} place(s) "
                f"{quoted(exact)} occurs in paragraph {paragraph}; prefix must be the text "
                "right before `exact` and suffix the text right after (spaces included)",
            )
        else:
            self.checker.error(
                (*path, "exact"),
                entry,
                "ambiguous-exact",
                f"{name}.exact {quoted(exact)} occurs {matches} times in paragraph "
                f"{paragraph}; add `prefix` or `suffix` to pick one",
            )


def _where(entry_path: Path, index: int) -> tuple[Path, str]:
    """The path and the name, for messages, of an entry's link number `index`."""
    return (*entry_path, "sources", index), f"sources[{index}]"


def quote_spans(
    linker: Linker, text: str, sources: list[SourceLink], path: Path, entry: str
) -> list[SourceLink]:
    """Direct and scare quotes: `text` must occur in each linked paragraph.

    A link without `exact` then highlights the quoted words themselves.
    """
    linked: list[SourceLink] = []
    folded_text = fold(text)
    for index, link in enumerate(sources):
        spanned = quote_span(linker.paragraphs[link.paragraph], folded_text, link)
        if spanned is None:
            linker.checker.error(
                (*path, "text"),
                entry,
                "quote-not-in-paragraph",
                f"quote text {quoted(text)} does not occur in paragraph {link.paragraph} "
                f"(sources[{index}]); direct and scare quotes are the words to the character",
            )
            continue
        linked.append(spanned)
    return linked


def quote_span(paragraph: FoldedText, folded_text: str, link: SourceLink) -> SourceLink | None:
    """`link` of a direct or scare quote whose folded text is `folded_text`; given a span
    if it has none; None when the text is not in the paragraph."""
    position = paragraph.folded.find(folded_text)
    if position < 0:
        return None
    if link.has_span:
        return link
    start, end = paragraph.original_span(position, position + len(folded_text))
    return SourceLink(link.paragraph, None, None, None, start, end, link.extensions)
