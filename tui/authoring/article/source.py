"""Reading an article file's bytes into text: size, binary and encoding checks.

Every refusal is an ArticleError with a one-line message; a guessed encoding is said in a
note, never applied silently.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from tui.authoring.article.model import ArticleError

# A long feature is ~100 kB of text and a saved page with its scripts a few MB; a file
# over this is not one article (and reading it whole would cost the memory it needs).
MAX_BYTES = 8 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Control characters no text article holds (tab, newline, form feed, carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# A terminal escape sequence, whole: a control string (OSC, DCS, ...: up to its BEL or
# string terminator, on one line), a CSI (`ESC [ 31 m`), or an ESC and the one character
# after it. Removing only the ESC would leave "[31m" in the text.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)

# Bidi embeddings, overrides and isolates: they reorder how the text around them shows, so
# that a line can read otherwise than it is (check warns of each in a bundle).
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


class SourceText(NamedTuple):
    text: str
    encoding: str
    note: str | None  # said to the user when the encoding was guessed


def read_source(path: Path) -> SourceText:
    from tui.fileio import FileTooLarge, NotRegularFile, read_regular, shown_path

    shown = shown_path(path)
    try:
        # the user named this file: a link to it is theirs to follow
        data = read_regular(path, limit=MAX_BYTES, follow_symlinks=True)
    except FileTooLarge as error:
        raise ArticleError(
            f"{shown}: {error.size / 1_048_576:.0f} MB is too large for one article "
            f"(at most {MAX_BYTES // 1_048_576} MB)"
        ) from None
    except NotRegularFile as error:
        raise ArticleError(f"{shown}: {error.strerror}") from None
    except FileNotFoundError:
        raise ArticleError(f"{shown}: no such file") from None
    except OSError as error:
        raise ArticleError(f"{shown}: cannot read it ({error.strerror or error})") from None
    return decode_source(data, shown)


def decode_source(data: bytes, name: str) -> SourceText:
    if not data.strip():
        raise ArticleError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding, name), encoding, None, name)
    if b"\x00" in data:
        raise ArticleError(f"{name}: a binary file, not text (it holds NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", None, name)
    except UnicodeDecodeError as error:
        utf8_error = error
    declared = _declared_charset(data)
    if declared is not None:
        text = _decode(data, declared, name)
        note = f"{name}: not UTF-8; read as {declared}, the charset the page declares"
        return _checked(text, declared, note, name)
    return _guessed(data, name, utf8_error)


def _guessed(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> SourceText:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = min(matches, key=lambda m: m.chaos) if matches else None
    if best is not None:
        # Equally clean readings (cp1250, cp1252, cp775 agree on most Western letters):
        # the one most Western text was written in, where it is among them.
        tied = [m.encoding for m in matches if m.chaos <= best.chaos + 0.01]
        preferred = next((e for e in _PREFERRED if e in tied), None)
        best = next(m for m in matches if m.encoding == preferred) if preferred else best
    where = f"byte {utf8_error.start}"
    if best is None or best.encoding in ("utf_8", "ascii") or best.chaos > 0.2:
        raise ArticleError(
            f"{name}: not UTF-8 (invalid at {where}) and no other encoding fits; "
            "convert it to UTF-8 first (e.g. iconv -f ENCODING -t UTF-8)"
        )
    encoding = codecs.lookup(best.encoding).name
    text = str(best)
    note = (
        f"{name}: not UTF-8 (invalid at {where}); read as {encoding}, a guess: "
        "check the accented letters and quotation marks"
    )
    return _checked(text, encoding, note, name)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ArticleError(
            f"{name}: cannot be read as {encoding}, the encoding it declares"
        ) from None


def _checked(text: str, encoding: str, note: str | None, name: str) -> SourceText:
    text = text.removeprefix("\ufeff")
    text, sequences = _ESCAPE_SEQUENCE.subn("", text)
    # Whole escape sequences are coloured text (a copy from a terminal), however many; stray
    # control characters beyond a few are a binary file.
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 1000):
        raise ArticleError(f"{name}: a binary file, not text ({controls} control characters)")
    text, bidi = _BIDI_CONTROL.subn("", text)
    if sequences or controls or bidi:
        # A stray escape sequence or control character (a form's or a terminal's
        # leftovers) is not the story's text, and a terminal would obey it; a bidi control
        # would make a quote read otherwise than it is: take them out, and say so.
        text = _CONTROL.sub("", text)
        said = [
            f"{count} {what}{'s' if count > 1 else ''}"
            for count, what in (
                (sequences, "escape sequence"),
                (controls, "control character"),
                (bidi, "bidi control"),
            )
            if count
        ]
        listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
        removed = f"{name}: removed {listed}"
        note = f"{note}; {removed}" if note else removed
    if not text.strip():
        raise ArticleError(f"{name}: the file holds no text")
    return SourceText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, note)
