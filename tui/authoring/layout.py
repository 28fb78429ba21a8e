"""Where blank lines and comments go when an entry's lines are added or taken out.

Blank lines belong between entries, not to either: an entry's text ends at its last line, a
new entry is separated from its neighbour as the file separates entries, and a deleted one
takes the blank line after it along (or, at the end of the file, the one before).
"""

from __future__ import annotations


def ending_at_its_last_line(text: str) -> str:
    lines = text.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    newline = "\r\n" if lines[-1].endswith("\r") else "\n"
    return "\n".join(lines).removesuffix("\r") + newline


def blank_lines_after(raw: bytes, offset: int) -> int:
    """The blank lines to put between an entry ending at `offset` and a new one after it:
    as many as follow it now; one where a comment follows right away, or nothing."""
    count, position = 0, offset
    while count < 3:
        end = raw.find(b"\n", position)
        if end < 0 or raw[position:end].strip():
            break
        count, position = count + 1, end + 1
    if count == 0 and not raw[position:].lstrip(b" \t").startswith(b"["):
        return 1
    return count


def blank_lines_before(raw: bytes, offset: int) -> int:
    """The blank lines right before the line at `offset` (at most 3), 1 at the file's start."""
    count, position = 0, offset
    while count < 3 and position > 0:
        start = raw.rfind(b"\n", 0, position - 1) + 1
        if raw[start:position].strip():
            break
        count, position = count + 1, start
    return count if position > 0 else max(count, 1)


def after_own_comments(raw: bytes, offset: int) -> int:
    """`offset` moved past the comment lines right after an entry when a blank line follows
    them (comments about that entry: a new entry goes after them); comments that run into
    the next header are about that one, and stay below a new entry."""
    position = offset
    while position < len(raw):
        end = raw.find(b"\n", position)
        end = len(raw) if end < 0 else end + 1
        if not raw[position:end].lstrip().startswith(b"#"):
            break
        position = end
    if position == offset or position >= len(raw):
        return position
    line_end = raw.find(b"\n", position)
    following = raw[position : len(raw) if line_end < 0 else line_end]
    return position if not following.strip() else offset


def after_blank_lines(raw: bytes, offset: int) -> int:
    position = offset
    while position < len(raw):
        end = raw.find(b"\n", position)
        end = len(raw) if end < 0 else end + 1
        if raw[position:end].strip():
            break
        position = end
    return position


def before_blank_lines(raw: bytes, offset: int) -> int:
    position = offset
    while position > 0:
        start = raw.rfind(b"\n", 0, position - 1) + 1
        if raw[start:position].strip():
            break
        position = start
    return position
