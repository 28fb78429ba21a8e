"""The printable review sheet: one self-contained HTML page for a story's review.

No script, no font, no image, nothing fetched: a Content-Security-Policy that allows only the
inline style sheet says so to the browser too, so even a mistake in escaping could not run or
load anything. Every text from the bundle or the review is escaped; the markup is ours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from tui.export.html_style import SHEET_CSS
from tui.export.review_view import (
    STATUSES,
    EntryStatus,
    StatusFilter,
    StatusOf,
    at_text,
    every_entry,
    kept,
)
from tui.export.text import (
    Source,
    escape,
    escape_attribute,
    escape_lines,
    paragraphs_by_id,
    sources_of,
)
from tui.model.entities import Actor, Bundle, Entry, EntryType, Event, Paragraph, Quote

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_BADGES = {
    "verified": "\N{CHECK MARK} verified",
    "disputed": "\N{BALLOT X} disputed",
    "needs-fix": "! needs fix",
    "disagreed": "\N{NOT EQUAL TO} disagreed",
    "unreviewed": "\N{MIDDLE DOT} unreviewed",
}
_SECTIONS = (("Events", EntryType.EVENT), ("Actors", EntryType.ACTOR), ("Quotes", EntryType.QUOTE))


def render_html(bundle: Bundle, status_of: StatusOf, keep: StatusFilter) -> str:
    shown = kept(every_entry(bundle), status_of, keep)
    sheet = _Sheet(bundle, status_of, {entry.id for entry in shown})
    sections = [
        sheet.section(title, [e for e in shown if e.entry_type is entry_type], keep)
        for title, entry_type in _SECTIONS
    ]
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape_attribute(bundle.story.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="baghouz-tui">',
        f"<title>Review: {escape(bundle.story.headline)}</title>",
        f"<style>\n{SHEET_CSS}</style>",
        "</head>",
        "<body>",
        sheet.header(shown, keep),
        _contents(),
        "<main>",
        *sections,
        sheet.article(),
        "</main>",
        "<footer>Review sheet written by baghouz-tui. Highlighted words are the exact words "
        "each entry was drawn from.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _contents() -> str:
    links = "".join(
        f'<li><a href="#{anchor}">{anchor}</a></li>'
        for anchor in (*(title for title, _ in _SECTIONS), "Article")
    )
    return f'<nav aria-label="Contents"><ul>{links}</ul></nav>'


class _Sheet:
    def __init__(self, bundle: Bundle, status_of: StatusOf, shown_ids: set[str]) -> None:
        self.shown_ids = shown_ids  # entries on the sheet, which links may point to
        self.bundle = bundle
        self.status_of = status_of
        self.paragraphs: Mapping[str, Paragraph] = paragraphs_by_id(bundle)
        self.actors = {actor.id: actor for actor in bundle.actors}

    # -- the story ---------------------------------------------------------------------

    def header(self, shown: Sequence[Entry], keep: StatusFilter) -> str:
        story = self.bundle.story
        parts = [
            "<header>",
            '<p class="kicker">Review sheet</p>',
            f"<h1>{escape(story.headline)}</h1>",
        ]
        if story.standfirst:
            parts.append(f'<p class="standfirst">{escape_lines(story.standfirst)}</p>')
        facts = [("Story", f"<code>{escape(story.id)}</code>")]
        for label, value in (("Outlet", story.outlet), ("Byline", story.byline)):
            if value:
                facts.append((label, escape(value)))
        if story.published_date is not None:
            facts.append(("Published", escape(story.published_date.display())))
        if story.url:
            # As text, not a link: the sheet opens nothing, and a bundle's URL is data.
            facts.append(("URL", f"<code>{escape(story.url)}</code>"))
        facts.append(("Review", self._progress()))
        if not keep.keeps_all:
            count = len(shown)
            facts.append(
                ("Shown", f"the {count} {'entry' if count == 1 else 'entries'} that "
                 f"{'is' if count == 1 else 'are'} {escape(keep.describe())}")
            )
        parts.append(_definitions(facts))
        parts.append("</header>")
        return "\n".join(parts)

    def _progress(self) -> str:
        statuses = [self.status_of(entry) for entry in every_entry(self.bundle)]
        counts = Counter(status.status for status in statuses)
        parts = [f"{counts[name]} {name}" for name in STATUSES if counts[name]]
        stale = sum(status.stale for status in statuses)
        if stale:
            parts.append(f"{stale} stale")
        total = len(statuses)
        return escape(f"{total} {'entry' if total == 1 else 'entries'}: " + ", ".join(parts))

    # -- entries -----------------------------------------------------------------------

    def section(self, title: str, entries: Sequence[Entry], keep: StatusFilter) -> str:
        parts = [
            f'<section class="entries" id="{title}">',
            f"<h2>{title} ({len(entries)})</h2>",
        ]
        if not entries:
            which = "match this sheet's filter" if not keep.keeps_all else "in this story"
            parts.append(f'<p class="none">No {title.lower()} {which}.</p>')
        parts.extend(self.entry(entry) for entry in entries)
        parts.append("</section>")
        return "\n".join(parts)

    def entry(self, entry: Entry) -> str:
        status = self.status_of(entry)
        name = escape_attribute(status.status)
        shown = _BADGES.get(status.status) or escape(status.status)
        badge = f'<span class="badge {name}">{shown}</span>'
        if status.stale:
            badge += '<span class="badge stale">stale</span>'
        label = escape(entry.label)
        if isinstance(entry, Quote):
            label = f"\N{LEFT DOUBLE QUOTATION MARK}{label}\N{RIGHT DOUBLE QUOTATION MARK}"
        parts = [
            f'<article class="entry {name}" id="{escape_attribute(entry.id)}">',
            f"<h3>{badge}{label}</h3>",
            _definitions(self._fields(entry)),
        ]
        if status.stale:
            parts.append(
                '<p class="stale-note">Stale: the entry changed after it was reviewed; '
                "its verdicts and notes are about an earlier version.</p>"
            )
        parts += [_verdicts(status), _notes(status)]
        parts += [self._source(link_index, source) for link_index, source in
                  enumerate(sources_of(entry.sources, self.paragraphs), 1)]
        parts.append("</article>")
        return "\n".join(part for part in parts if part)

    def _fields(self, entry: Entry) -> list[tuple[str, str]]:
        fields = [("ID", f"<code>{escape(entry.id)}</code>")]
        if isinstance(entry, Event):
            fields.append(("When", escape(entry.when) if entry.when else "<i>not given</i>"))
            if entry.date is not None:
                edtf = f"<code>{escape(entry.date.text)}</code>"
                date = f"{escape(entry.date.display())} (EDTF {edtf})"
                fields.append(("Date", date))
            else:
                fields.append(("Date", "<i>undated</i>"))
            if entry.actors:
                fields.append(("Actors", self._names(entry.actors)))
            if entry.summary:
                fields.append(("Summary", escape_lines(entry.summary)))
        elif isinstance(entry, Actor):
            fields.append(("Kind", escape(entry.kind)))
            if entry.aliases:
                fields.append(("Also", ", ".join(escape(alias) for alias in entry.aliases)))
            if entry.description:
                fields.append(("Description", escape_lines(entry.description)))
        else:
            fields.append(("Kind", escape(entry.kind)))
            if entry.speaker:
                fields.append(("Speaker", self._names((entry.speaker,))))
            if entry.cue:
                fields.append(("Cue", escape(entry.cue)))
            if entry.about:
                fields.append(("About", self._names(entry.about)))
        return fields

    def _names(self, actor_ids: Sequence[str]) -> str:
        names = []
        for actor_id in actor_ids:
            name = escape(self.actors[actor_id].name)
            if actor_id in self.shown_ids:
                name = f'<a href="#{escape_attribute(actor_id)}">{name}</a>'
            names.append(name)
        return ", ".join(names)

    def _source(self, number: int, source: Source) -> str:
        paragraph = source.paragraph
        where = (
            f'Source {number}: paragraph {source.number} '
            f'(<a href="#{escape_attribute(paragraph.id)}">{escape(paragraph.id)}</a>)'
        )
        if not source.has_words:
            where += ", the whole paragraph"
        return (
            f'<figure class="source"><figcaption>{where}</figcaption>'
            f"<blockquote>{source.marked_html()}</blockquote></figure>"
        )

    # -- the article -------------------------------------------------------------------

    def article(self) -> str:
        parts = ['<section class="article" id="Article">', "<h2>Article</h2>"]
        for paragraph in self.bundle.paragraphs:
            parts.append(
                f'<div class="paragraph {escape_attribute(paragraph.kind)}" '
                f'id="{escape_attribute(paragraph.id)}">'
                f'<span class="number">{paragraph.position + 1} '
                f"<code>{escape(paragraph.id)}</code></span>"
                f'<p class="text">{escape_lines(paragraph.text)}</p></div>'
            )
        parts.append("</section>")
        return "\n".join(parts)


def _definitions(pairs: Sequence[tuple[str, str]]) -> str:
    """A <dl> of (label, HTML) pairs; labels are ours."""
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in pairs)
    return f"<dl>{items}</dl>"


def _verdicts(status: EntryStatus) -> str:
    if not status.verdicts:
        return '<p class="none">No verdicts yet.</p>'
    rows = "".join(
        f"<tr><td>{escape(v.reviewer)}</td><td>{escape(v.mark)}</td><td>{at_text(v.at)}</td></tr>"
        for v in status.verdicts
    )
    return (
        '<table class="verdicts"><thead><tr><th>Reviewer</th><th>Verdict</th><th>When</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _notes(status: EntryStatus) -> str:
    if not status.notes:
        return ""
    notes = "".join(
        f'<div class="note"><p class="meta">{escape(n.author)}, {at_text(n.at)}</p>'
        f"<p>{escape_lines(n.text)}</p></div>"
        for n in status.notes
    )
    return f"<h4>Notes</h4>{notes}"
