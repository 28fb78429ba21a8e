"""Read a story bundle from disk: bytes -> text -> TOML -> validated, linked Bundle.

Whatever the input, the only exception that leaves this module is BundleError.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

import tomli

from tui.model.entities import Bundle
from tui.model.fast_check import check_with_texts
from tui.model.fast_path import build_with_texts
from tui.model.folding import FoldedParagraphs
from tui.model.problems import BundleError, Problem, Severity
from tui.model.repair import (
    LinkRepair,
    explained,
    find_repairs,
    is_link_problem,
    repairs_for,
    restore_orphans,
)
from tui.model.validate import PathProblem, validate

_UTF8_BOM = b"\xef\xbb\xbf"


def _fail(file: str, code: str, message: str, line: int = 0, column: int = 0) -> BundleError:
    return BundleError([Problem(file, line, column, "", code, message)])


def read_text(path: Path) -> str:
    """The file's text, or a BundleError that says in one line why it can't be read."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a BundleError that says in one line why it can't be read."""
    name = str(path)
    try:
        if path.is_dir():
            raise _fail(name, "is-directory", "is a directory, not a story bundle (.toml file)")
        # A FIFO or a device would block or never end: read regular files only.
        if not stat.S_ISREG(path.stat().st_mode):
            raise _fail(name, "not-a-file", "is not a regular file, so not a story bundle")
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "not-found", "no such file") from None
    except PermissionError:
        raise _fail(name, "unreadable", "permission denied: cannot read this file") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(name, "unreadable", f"cannot read this file: {reason}") from None


def decode(data: bytes, name: str) -> str:
    """The bundle's text, or a BundleError if the bytes are not a UTF-8 text file."""
    body = data.removeprefix(_UTF8_BOM)
    if not body or body.isspace():  # isspace() stops at the first other byte; strip() copies
        raise _fail(
            name,
            "empty",
            'the file is empty; a story bundle starts with format = "story-bundle/1"',
            line=1,
        )
    utf16 = _utf16(data)
    if utf16:
        raise _fail(name, "not-utf8", f"is {utf16} text; story bundles are UTF-8: convert it")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _where(data, nul)
        raise _fail(
            name,
            "binary",
            "this is a binary file, not a TOML story bundle: it holds a NUL byte (0x00), "
            "which TOML text cannot",
            line,
            column,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _where(data, error.start)
        raise _fail(
            name,
            "not-utf8",
            f"is not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "story bundles are UTF-8 text",
            line,
            column,
        ) from None
    return text.removeprefix("\ufeff")


def _utf16(data: bytes) -> str | None:
    """"UTF-16" (or "UTF-32") when `data` looks like text in that encoding, else None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    # Without a byte order mark: ASCII characters, each with a NUL byte before or after it.
    head = data[:64]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        for zeros, letters in ((odd, even), (even, odd)):
            if not zeros.strip(b"\x00") and letters.isascii() and b"\x00" not in letters:
                return "UTF-16"
    return None


def _where(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (1-based, in characters) of the byte at `offset`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    if line_start == 0 and data.startswith(_UTF8_BOM):
        line_start = len(_UTF8_BOM)
    before = data[line_start:offset].decode("utf-8", "replace")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def parse(
    text: str, file: str, *, raw: bytes | None = None, make: bool = True
) -> tuple[Bundle | None, list[Problem]]:
    """Parse and validate bundle text; problems are sorted by line, errors and warnings mixed.

    `raw`, the UTF-8 bytes `text` was decoded from, saves encoding it again. `make=False`
    finds the same problems without building the bundle (then always None).
    """
    text = text.removeprefix("\ufeff")
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    # A bundle is hundreds of thousands of small objects that all live on: collections
    # while building them only walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, file, raw, make=make)
    finally:
        if collecting:
            _promote_to_oldest_generation()
            gc.enable()


def _promote_to_oldest_generation() -> None:
    """Put every object the collector tracks in its oldest generation, as surviving two
    collections would, but without them: the first young collection after building would
    walk all of the new bundle's objects (some 25 ms for 20,000 paragraphs), and later the
    middle one again, only to find that they all live on.
    """
    if gc.get_freeze_count() == 0:  # a caller's frozen objects stay frozen
        gc.freeze()  # every tracked object to the permanent generation ...
        gc.unfreeze()  # ... and from there to the oldest one (documented behaviour of both)


class _Analysed(NamedTuple):
    """A document parsed and judged, before its problems are placed on lines."""

    data: dict[str, Any]
    bundle: Bundle | None  # None when it has errors, or was only checked
    valid: bool  # no errors
    found: list[PathProblem]
    may_hold_controls: bool
    folded: FoldedParagraphs | None  # the paragraphs validation folded


def _analyse(
    text: str, file: str, raw: bytes, *, make: bool = True
) -> _Analysed | list[Problem]:
    """The parsed document and the validator's verdict, or the TOML error. `make=False`:
    only the verdict, without building the bundle (`check_file`)."""
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", 0) or 0
        column = getattr(error, "colno", 0) or 0
        message = getattr(error, "msg", None) or str(error)
        return [Problem(file, line, column, "", "toml-syntax", f"TOML syntax error: {message}")]
    except RecursionError:
        return [Problem(file, 0, 0, "", "toml-syntax", "TOML nested too deeply")]
    except ValueError as error:
        # e.g. an integer with more digits than Python converts
        return [Problem(file, 0, 0, "", "toml-value", f"TOML value not readable: {error}")]
    # Control characters are warned about in every string they are in: only the reporting
    # validator looks for them (a file that may hold one is rare). Every other bundle is
    # built by the fast path, which leaves each entry it finds a problem in to the validator.
    # (Raw C0 controls and DEL need no look: tomli refused the document if it held one.)
    may_hold_controls = _may_make_controls(raw)
    folded: FoldedParagraphs | None = None
    if may_hold_controls:
        bundle, found = validate(data, file, scan_text=True)
        valid = bundle is not None
    elif make:
        bundle, found, folded = build_with_texts(data, file)
        valid = bundle is not None
    else:
        bundle = None
        valid, found, folded = check_with_texts(data, file)
    return _Analysed(data, bundle, valid, found, may_hold_controls, folded)


def _parse(
    text: str, file: str, raw: bytes, *, make: bool = True
) -> tuple[Bundle | None, list[Problem]]:
    analysed = _analyse(text, file, raw, make=make)
    if isinstance(analysed, list):
        return None, analysed
    found = analysed.found
    if not analysed.valid and any(is_link_problem(p) for p in found):
        # Say, for each link whose words are not where it says, where they are now.
        found = explained(found, find_repairs(analysed.data, found, analysed.folded))
    return analysed.bundle, _placed(found, text, raw, analysed, file)


def _placed(
    found: list[PathProblem], text: str, raw: bytes, analysed: _Analysed, file: str
) -> list[Problem]:
    return _place(found, text, raw, analysed.data, file)


# What in a bundle's UTF-8 bytes could put a character that `safe_text` replaces into a string:
# raw C1 controls and bidi controls, and the escapes of basic strings that can make a control
# (\n and \t are fine). Raw C0 controls and DEL need no pattern: TOML refuses them outside
# escapes (tomli does: tests/test_hostile_inputs.py), and the translate() in
# may_hold_control_characters catches them in a document not parsed yet.
# Each pattern starts with one byte, and most files lack most of those: `in` looks for the
# byte alone (memchr), many times quicker than re, which then runs only where it may match.
# (Two-byte starts, say \xe2\x81, are slow to look for with `in` where \xe2 is common: curly
# quotes.) One pattern of alternatives for all would be several times slower.
_MAY_MAKE_CONTROLS = tuple(
    (start, re.compile(re.escape(start) + rest))
    for start, rest in (
        (b"\xc2", rb"[\x80-\x9f]"),  # U+0080..U+009F
        (b"\xe2", rb"(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"),  # U+202A..U+202E, U+2066..U+2069
        (b"\\", rb"[bfreuUx]"),
    )
)
# Every byte but the C0 controls, DEL and the line feed.
_NOT_C0_NOR_LF = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in b"\t\r")


def may_hold_control_characters(data: bytes) -> bool:
    """Whether any string in the UTF-8 document could hold a character `safe_text` replaces.

    One scan of the whole file lets validation skip scanning each of its strings.
    """
    if data.translate(None, _NOT_C0_NOR_LF).strip(b"\n"):  # a raw C0 control or DEL
        return True
    return _may_make_controls(data)


def _may_make_controls(data: bytes) -> bool:
    """may_hold_control_characters of a document TOML accepted (so without raw C0 controls
    but tab, line feed and carriage return, nor DEL)."""
    return any(start in data and pattern.search(data) for start, pattern in _MAY_MAKE_CONTROLS)


def _place(
    found: list[PathProblem],
    text: str,
    raw: bytes,
    data: dict[str, Any],
    file: str,
) -> list[Problem]:
    if not found:
        return []
    # Only problems need line numbers: a clean load never imports the line finder.
    from tui.model.locate import problem_lines

    lines = problem_lines({p.path for p in found}, text, raw, data)
    problems = [
        Problem(file, lines[p.path], 0, p.entry, p.code, p.message, p.severity) for p in found
    ]
    problems.sort(key=lambda p: p.line)
    return problems


def load_bundle(path: str | os.PathLike[str]) -> tuple[Bundle, list[Problem]]:
    """Load a bundle; return it with its warnings, or raise BundleError with every problem."""
    file_path = Path(path)
    data = read_bytes(file_path)
    bundle, problems = parse(decode(data, str(path)), str(path), raw=data)
    if bundle is None or any(p.severity is Severity.ERROR for p in problems):
        raise BundleError(problems)
    return bundle, problems


def check_file(path: str | os.PathLike[str]) -> tuple[bool, list[Problem]]:
    """What `check` says of a file: whether it would load, and every problem `load_bundle`
    finds, in the same order; or raise BundleError when it cannot be read or decoded."""
    data = read_bytes(Path(path))
    _, problems = parse(decode(data, str(path)), str(path), raw=data, make=False)
    return not any(p.severity is Severity.ERROR for p in problems), problems


class Repairable(NamedTuple):
    """A bundle opened in repair mode: its only errors were links whose words moved."""

    bundle: Bundle  # with each repairable link where its words are now, orphans spanless
    warnings: list[Problem]
    repairs: list[LinkRepair]  # empty when nothing needed repair
    problems: list[Problem]  # the link problems as `check` words them, with lines


def load_repairable(path: str | os.PathLike[str]) -> Repairable:
    """Load a bundle whose only errors are unmatched links, re-anchoring them; raise
    BundleError (every problem, as `check` words them) for any other error."""
    file = str(path)
    raw = read_bytes(Path(path))
    text = decode(raw, file).removeprefix("\ufeff")
    collecting = gc.isenabled()
    gc.disable()
    try:
        analysed = _analyse(text, file, raw)
        if isinstance(analysed, list):
            raise BundleError(analysed)
        found = analysed.found
        if analysed.bundle is not None:
            return Repairable(analysed.bundle, _placed(found, text, raw, analysed, file), [], [])
        result = repairs_for(
            analysed.data, file, found, scan_text=analysed.may_hold_controls,
            folded=analysed.folded,
        )
        repairs = (
            result.repairs
            if result is not None
            else find_repairs(analysed.data, found, analysed.folded)
        )
        problems = _placed(explained(found, repairs), text, raw, analysed, file)
        if result is None or result.bundle is None:
            raise BundleError(problems)
        warnings = [
            p
            for p in _placed(result.problems, text, raw, analysed, file)
            if p.severity is Severity.WARNING
        ]
        errors = [p for p in problems if p.severity is Severity.ERROR]
        return Repairable(restore_orphans(result.bundle, repairs), warnings, repairs, errors)
    finally:
        if collecting:
            _promote_to_oldest_generation()
            gc.enable()
