"""Apply edits to a story file in memory: new bytes, new parsed tables, the inverse edits.

The fast path splices bytes: an entry's lines are found by the header scan (`spans`), checked
by parsing them alone, and replaced by the entry's new text, which is checked the same way. So
the new document parses to the old one with exactly that entry changed (the parsed tables are
updated to match, without parsing the file again), and every other byte is the same.

Files the scan cannot vouch for take the slow path, `whole_file`: tomlkit parses and rewrites
the whole document (seconds for a huge file). That is a section written as an inline array
(`events = [ {…}, … ]`), a header-like line inside a multi-line string or array (only the
entries it could be mistaken for), and an entry with a sub-table further down the file.
tomlkit keeps every other byte of nearly every file; where it cannot (that last case, or a
spaced `[[ header ]]` elsewhere), the entries are still right and the save says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import tomli

from tui.authoring import whole_file
from tui.authoring.edits import Batch, Create, Delete, Edit, Fields, Update, normalized
from tui.authoring.entry_text import EntryStyle, entry_text
from tui.authoring.entry_update import updated_text
from tui.authoring.layout import (
    after_blank_lines,
    after_own_comments,
    before_blank_lines,
    blank_lines_after,
    blank_lines_before,
    ending_at_its_last_line,
)
from tui.authoring.placing import event_position
from tui.authoring.references import describe, references_to
from tui.authoring.spans import HeaderIndex, Span, entry_spans
from tui.authoring.story_file import ENTRY_SECTIONS, where_of
from tui.authoring.values import Unwritable, same

if TYPE_CHECKING:
    from tui.authoring.story_file import StoryFile


class EditError(Exception):
    """The edit cannot be made at all (no such entry, an id taken, a value TOML cannot hold).
    `code` and `entry` are for the Problem the writer reports."""

    def __init__(self, code: str, entry: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.entry = entry


class Draft:
    """A story file's bytes and parsed tables, being edited."""

    def __init__(self, story: StoryFile) -> None:
        self._raw = story.raw
        self._index: HeaderIndex | None = story.index
        # Entries' new texts not yet spliced into _raw: (start, end, bytes) in _raw's terms,
        # and the (section, position) of each. A run of updates (a `check --fix` of many
        # links) is spliced in one pass, not one copy of the file per entry.
        self._pending: list[tuple[int, int, bytes]] = []
        self._pending_entries: set[tuple[str, int]] = set()
        self.data: dict[str, Any] = dict(story.data)  # sections are copied when changed
        self._copied: set[str] = set()
        self.where = dict(story.where)  # id -> (section, position), kept up to date
        self.document: Any = None  # the tomlkit document, once on the slow path
        self.touched: list[str] = []  # ids of the entries the edits wrote
        self._read: Fields | None = None  # the table the last entry text written reads as
        self.layout_changed = False  # the slow path could not keep every other byte
        self.newline = "\r\n" if b"\r\n" in story.raw[:65536] else "\n"

    @property
    def raw(self) -> bytes:
        """The edited file's bytes."""
        self._settle()
        return self._raw

    @property
    def index(self) -> HeaderIndex | None:
        """The edited file's header lines (None on the slow path)."""
        self._settle()
        return self._index

    def _settle(self) -> None:
        if self._pending:
            pending = sorted(self._pending)
            self._pending, self._pending_entries = [], set()
            pieces, at = [], 0
            for start, end, new in pending:
                pieces += [self._raw[at:start], new]
                at = end
            raw = b"".join([*pieces, self._raw[at:]])
            if self._index is not None:
                self._index = self._index.spliced_many(pending, raw)
            self._raw = raw

    # -- the edits ---------------------------------------------------------------------

    def apply(self, edit: Edit) -> Edit:
        """Make `edit`; return its inverse. Raises EditError or Unwritable."""
        if isinstance(edit, Batch):
            return Batch(tuple(self.apply(each) for each in edit.edits)[::-1])
        if isinstance(edit, Create):
            fields = normalized(edit.fields)
            return self.create(edit.section, fields, edit.position, edit.text, edit.restore)
        if isinstance(edit, Update):
            return self.update(edit.entry_id, normalized(edit.fields), edit.text)
        return self.delete(edit.entry_id)

    def create(
        self,
        section: str,
        fields: Fields,
        index: int | None,
        text: str | None,
        restore: tuple[int, str, str] | None = None,
    ) -> Edit:
        if section not in ENTRY_SECTIONS:
            raise EditError("bad-section", "", f"{section!r} is not a section entries are in")
        entry_id = _id_of(fields)
        if self.locate(entry_id) is not None:
            raise EditError("duplicate-id", entry_id, f"id {entry_id!r} is already used")
        tables = self._section(section)
        position = len(tables) if index is None else max(0, min(index, len(tables)))
        if index is None and section == "events":
            position = event_position(tables, fields.get("date"))
        if not self._restore(section, fields, restore) and not self._create_fast(
            section, fields, position, text
        ):
            whole_file.create(self._document(), section, position, fields, self._style(section))
        tables.insert(position, self._read_back(fields))
        self._renumber(section, position)
        self.touched.append(entry_id)
        return Delete(entry_id)

    def update(self, entry_id: str, fields: Fields, text: str | None) -> Edit:
        section, position = self._find(entry_id)
        new_id = _id_of(fields)
        if new_id != entry_id and self.locate(new_id) is not None:
            raise EditError("duplicate-id", entry_id, f"id {new_id!r} is already used")
        tables = self._section(section)
        old = tables[position]
        old_text = self._update_fast(section, position, old, fields, text)
        if old_text is None:
            style = self._style(section)
            whole_file.update(self._document(), section, position, old, fields, style)
        tables[position] = self._read_back(fields)
        del self.where[entry_id]
        self.where[new_id] = (section, position)
        self.touched.append(new_id)
        return Update(new_id, old, old_text)

    def delete(self, entry_id: str) -> Edit:
        section, position = self._find(entry_id)
        if section == "actors" and (found := references_to(self.data, entry_id)):
            entries = "entry refers" if len(found) == 1 else f"{len(found)} entries refer"
            raise EditError(
                "actor-referenced",
                entry_id,
                f"actor {entry_id!r} is not deleted: {entries} to it: {describe(found)}; "
                "remove it from them first",
            )
        tables = self._section(section)
        old = tables[position]
        removed = self._delete_fast(section, position, old)
        if removed is None:
            whole_file.delete(self._document(), section, position)
        del tables[position]
        del self.where[entry_id]
        self._renumber(section, position)
        if not tables:
            del self.data[section]
        self.touched.append(entry_id)
        if removed is None:
            return Create(section, old, position)
        old_text, start, taken = removed
        return Create(section, old, position, old_text, (start, taken, _digest(self.raw)))

    # -- the fast path -----------------------------------------------------------------

    def _span(self, section: str, position: int, *, settle: bool = True) -> Span | None:
        """The verified span of an entry in `_raw`, None when the slow path must do it.
        `settle` False: leave pending updates of other entries pending."""
        if settle or (section, position) in self._pending_entries:
            self._settle()
        index, raw = self._index, self._raw
        if self.document is not None or index is None:
            return None
        tables = self.data.get(section, [])
        headers = entry_spans(index, raw, section, tables)
        if headers is None:
            return None
        span = index.span(headers[position], raw)
        return span if span.verify(raw, section, tables[position]) else None

    def _update_fast(
        self, section: str, position: int, old: Fields, new: Fields, text: str | None
    ) -> str | None:
        span = self._span(section, position, settle=False)
        if span is None:
            return None
        old_text = span.text(self._raw)
        if text is None or not _parses_to(text, section, new):
            style = EntryStyle.of(old_text, order=list(old))._replace(newline=self.newline)
            text = _first_that_parses(
                section,
                new,
                lambda: updated_text(old_text, section, old, new, style),
                lambda: entry_text(section, new, style),
            )
        self._read = tomli.loads(text)[section][0]
        self._pending.append((span.start, span.end, text.encode("utf-8")))
        self._pending_entries.add((section, position))
        return old_text

    def _create_fast(self, section: str, fields: Fields, position: int, text: str | None) -> bool:
        tables = self.data.get(section, [])
        if tables:
            neighbour = position - 1 if position > 0 else 0
            span = self._span(section, neighbour)
            if span is None:
                return False
            style = EntryStyle.of(span.text(self.raw), order=list(tables[neighbour]))
        else:
            found = self._anchor_before(section)
            if found is None:
                return False
            span, style = found
            style = style.for_section(section, same_section=False)
        style = style._replace(newline=self.newline)
        if text is None or not _parses_to(text, section, fields):
            text = _first_that_parses(section, fields, lambda: entry_text(section, fields, style))
        if tables and position == 0:
            gap = self.newline * blank_lines_before(self.raw, span.start)
            self._splice(span.start, span.start, text + gap, section)
        else:
            at = after_own_comments(self.raw, span.end)
            gap = self.newline * blank_lines_after(self.raw, at)
            lead = "" if self.raw.endswith(b"\n") or at < len(self.raw) else self.newline
            self._splice(at, at, lead + gap + text, section)
        return True

    def _anchor_before(self, section: str) -> tuple[Span, EntryStyle] | None:
        """The last entry of the nearest section before `section` (in the format's order),
        after which a section's first entry goes."""
        order = ENTRY_SECTIONS.index(section)
        for before in reversed(ENTRY_SECTIONS[:order]):
            tables = self.data.get(before, [])
            if tables:
                span = self._span(before, len(tables) - 1)
                if span is None:
                    return None
                return span, EntryStyle.of(span.text(self.raw))
        return None

    def _delete_fast(
        self, section: str, position: int, old: Fields
    ) -> tuple[str, int, str] | None:
        """(the entry's text, where the bytes taken out were, those bytes) or None."""
        span = self._span(section, position)
        if span is None:
            return None
        old_text = span.text(self.raw)
        start, end = span.start, after_blank_lines(self.raw, span.end)
        if end >= len(self.raw):  # the last entry of the file: the blank lines before it go
            start = before_blank_lines(self.raw, start)
        taken = self.raw[start:end].decode("utf-8")
        self._splice(start, end, "")
        return old_text, start, taken

    def _restore(
        self, section: str, fields: Fields, restore: tuple[int, str, str] | None
    ) -> bool:
        """Put back the bytes a deletion took out, where they were, if the file is exactly
        as that deletion left it."""
        if restore is None or self.document is not None or self.index is None:
            return False
        start, taken, digest = restore
        if digest != _digest(self.raw) or not _parses_to(taken, section, fields):
            return False
        self._splice(start, start, taken, section)
        return True

    def _splice(self, start: int, end: int, text: str, section: str | None = None) -> None:
        """Replace bytes [start, end) of the settled file with `text`: an entry of `section`
        (kept as it reads, for the tables), or nothing."""
        if section is not None:
            self._read = tomli.loads(text)[section][0]
        self._settle()
        new = text.encode("utf-8")
        self._raw = self._raw[:start] + new + self._raw[end:]
        if self._index is not None:
            self._index = self._index.spliced_many([(start, end, new)], self._raw)

    def _read_back(self, fields: Fields) -> Fields:
        """The table just written as tomli reads it (keys in the file's order), else `fields`
        (the slow path re-reads the whole document when it finishes)."""
        read, self._read = self._read, None
        return read if read is not None else fields

    # -- the slow path -----------------------------------------------------------------

    def _document(self) -> Any:
        if self.document is None:
            self.document = whole_file.parse(self.raw)
            self._index = None
            # tomlkit gives back the very text it parsed for nearly every file; where it does
            # not (a sub-table written after other tables, a spaced `[[ header ]]`), the
            # writer still writes the right entries, and says that more than they changed.
            self.layout_changed = whole_file.text(self.document).encode("utf-8") != self.raw
        return self.document

    def finish(self) -> None:
        """Write the slow path's document back to bytes, checked against the tables."""
        if self.document is None:
            return
        text = whole_file.text(self.document)
        if self.newline == "\r\n":  # tomlkit ends the lines it adds with "\n" alone
            text = re.sub("(?<!\r)\n", "\r\n", text)
        try:
            parsed = tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            raise EditError("internal", "", f"the rewritten file does not parse: {error}") from None
        if not same(parsed, self.data):
            raise EditError("internal", "", "the rewritten file does not read back as edited")
        self._raw = text.encode("utf-8")
        self.data = parsed
        self._index = HeaderIndex.scan(self._raw)
        self.where = where_of(parsed)

    def _style(self, section: str) -> EntryStyle:
        return EntryStyle(newline=self.newline)

    # -- finding entries ---------------------------------------------------------------

    def locate(self, entry_id: str) -> tuple[str, int] | None:
        return self.where.get(entry_id)

    def _renumber(self, section: str, start: int) -> None:
        """The positions of a section's entries from `start` on, after one came or went."""
        tables = self.data.get(section, [])
        for position in range(start, len(tables)):
            self.where[tables[position]["id"]] = (section, position)

    def _find(self, entry_id: str) -> tuple[str, int]:
        found = self.locate(entry_id)
        if found is None:
            raise EditError("no-such-entry", entry_id, f"there is no entry {entry_id!r}")
        return found

    def _section(self, section: str) -> list[Fields]:
        """The section's tables, to change: a copy, the first time (the story's are shared)."""
        if section not in self._copied or section not in self.data:
            self._copied.add(section)
            self.data[section] = list(self.data.get(section, []))
        tables: list[Fields] = self.data[section]
        return tables


def _digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def _id_of(fields: Fields) -> str:
    entry_id = fields.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        raise EditError("missing-key", "", "an entry needs an `id`")
    return entry_id


def _parses_to(text: str, section: str, fields: Fields) -> bool:
    try:
        return same(tomli.loads(text), {section: [fields]})
    except (tomli.TOMLDecodeError, ValueError, RecursionError):
        return False


def _first_that_parses(section: str, fields: Fields, *makers: Any) -> str:
    """The first text the makers make that reads back as `fields` (tomlkit's update keeps
    comments and layout; a fresh one is the fallback should it get something wrong), without
    blank lines at its end: those belong between entries, not to one."""
    for make in makers:
        try:
            text: str = ending_at_its_last_line(make())
        except Unwritable:
            raise
        except Exception:  # tomlkit refusing a document it cannot change: try the next
            continue
        if _parses_to(text, section, fields):
            return text
    raise Unwritable("the entry cannot be written so that it reads back the same")
