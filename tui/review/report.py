"""Review reports (Markdown or JSON) an editor can hand on.

Bundle text, notes and reviewer names are data: the Markdown escapes them so they
cannot make headings, links, emphasis or HTML, and neither format ever contains
terminal control characters or bidi overrides.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Literal

from tui.model.entities import Bundle, Entry, EntryType, SourceLink
from tui.model.load import load_bundle
from tui.review.session import ReviewSession, bundle_entries

ReportFormat = Literal["markdown", "json"]

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (which cannot be encoded).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")

_SECTIONS = ((EntryType.EVENT, "Events"), (EntryType.ACTOR, "Actors"), (EntryType.QUOTE, "Quotes"))


def render_report(bundle: Bundle, review: ReviewSession, fmt: ReportFormat | str) -> str:
    """The review of `bundle` as "markdown" or "json" text."""
    if fmt in ("markdown", "md"):
        return _markdown(bundle, review)
    if fmt == "json":
        return _json(bundle, review)
    raise ValueError(f'unknown report format {fmt!r}: use "markdown" or "json"')


def report_for_path(bundle_path: Path, fmt: ReportFormat | str, *, shipped: bool = False) -> str:
    """Load the bundle at `bundle_path` (raising BundleError) and render its review.

    `shipped` bundles keep their review under the XDG data directory, as the app does.
    Warnings about the review file (e.g. a corrupt one set aside) go to stderr.
    """
    if fmt not in ("markdown", "md", "json"):
        raise ValueError(f'unknown report format {fmt!r}: use "markdown" or "json"')
    bundle, _problems = load_bundle(bundle_path)
    review = ReviewSession.for_bundle(bundle, prefer_beside=not shipped)
    for warning in review.warnings:
        print(f"warning: {safe_text(warning)}", file=sys.stderr)
    return render_report(bundle, review, fmt)


def safe_text(text: str) -> str:
    """`text` with control, bidi-override and surrogate characters replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def markdown_inline(text: str) -> str:
    """`text` as literal Markdown on one line: controls replaced, whitespace collapsed,
    and every character that could start markup backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(safe_text(text).split()))


# What would make markup at the start of a line that continues a list item: a list marker
# (`-`, `+`, `1.`, `1)`) or a setext heading underline (`===`, `---`).
_LINE_START_MARKUP = re.compile(r"^(?:[-+=]|[0-9]+[.)])")


def markdown_lines(text: str, indent: str = "  ") -> str:
    """`text` as literal Markdown that keeps its line breaks (as hard breaks), each line
    after the first indented by `indent` so that it stays inside a list item."""
    # Split first: safe_text would make the CR of a CRLF line end a visible stand-in.
    lines = [markdown_inline(line) for line in text.splitlines()]
    shown = [lines[0]] if lines else []
    for line in lines[1:]:
        if line:  # a blank line would end the list item
            shown.append(
                _LINE_START_MARKUP.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], line)
            )
    return ("\\\n" + indent).join(shown)


def entry_report(bundle: Bundle, review: ReviewSession, entry: Entry) -> dict[str, Any]:
    """One entry's row of the JSON report."""
    record = review.get(entry.id)
    return {
        "id": entry.id,
        "type": entry.entry_type.value,
        "label": entry.label,
        "mark": record.mark.value if record and record.mark else None,
        "note": record.note if record else None,
        "reviewer": record.reviewer if record else None,
        "at": record.at_text if record else None,
        "stale": review.is_stale(entry),
        "sources": [
            {"paragraph": link.paragraph, "exact": link.exact, "text": source_text(bundle, link)}
            for link in entry.sources
        ],
    }


def source_text(bundle: Bundle, link: SourceLink) -> str | None:
    """The linked words: `exact`, or the whole paragraph when there is no `exact`."""
    if link.exact is not None:
        return link.exact
    for paragraph in bundle.paragraphs:
        if paragraph.id == link.paragraph:
            return paragraph.text
    return None


def _json(bundle: Bundle, review: ReviewSession) -> str:
    rows = [entry_report(bundle, review, entry) for entry in bundle_entries(bundle)]
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    # These characters can only occur inside JSON strings, where \uXXXX means the same.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _markdown(bundle: Bundle, review: ReviewSession) -> str:
    md = markdown_inline
    lines = [
        f"# Review: {md(bundle.story.headline)}",
        "",
        f"Story: {md(bundle.story.id)}",
        "",
        f"Progress: {md(review.progress(bundle).summary())}",
    ]
    entries = list(bundle_entries(bundle))
    for entry_type, title in _SECTIONS:
        of_type = [entry for entry in entries if entry.entry_type is entry_type]
        lines += ["", f"## {title} ({len(of_type)})"]
        if not of_type:
            lines += ["", f"No {title.lower()}."]
        for entry in of_type:
            lines += ["", *_markdown_entry(bundle, review, entry)]
    orphaned = review.orphaned_ids(bundle)
    if orphaned:
        lines += ["", f"## Marks for entries no longer in the bundle ({len(orphaned)})", ""]
        for entry_id in orphaned:
            record = review.records[entry_id]
            mark = record.mark.value if record.mark else "no mark"
            note = f"; note: {md(record.note)}" if record.note else ""
            lines.append(
                f"- {md(entry_id)} ({record.entry_type.value}): {mark}{note}"
                f" (by {md(record.reviewer)} at {record.at_text})"
            )
    return "\n".join(lines) + "\n"


def _markdown_entry(bundle: Bundle, review: ReviewSession, entry: Entry) -> list[str]:
    md = markdown_inline
    record = review.get(entry.id)
    mark = f"**{record.mark.value}**" if record and record.mark else "not reviewed"
    if review.is_stale(entry):
        mark += " (stale: the entry changed after it was marked)"
    lines = [f"### {md(entry.label)}", "", f"- ID: {md(entry.id)}", f"- Mark: {mark}"]
    if record and record.note:
        lines.append(f"- Note: {markdown_lines(record.note)}")
    if record:
        lines.append(f"- By: {md(record.reviewer)} at {record.at_text}")
    for link in entry.sources:
        words = source_text(bundle, link)
        quoted = f"“{md(words)}”" if words is not None else "(paragraph not found)"
        lines.append(f"- Source {md(link.paragraph)}: {quoted}")
    return lines
