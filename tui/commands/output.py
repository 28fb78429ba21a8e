"""Writing a command's lines to a stream that may not take every character, or may close."""

from __future__ import annotations

import contextlib
import os
from typing import TextIO

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class Output:
    """Lines for a stream that may not take every character, or may close early.

    A command must never end in a traceback: a character the terminal's encoding lacks (or
    a file name that is not valid UTF-8) is shown escaped, and a reader that goes away
    (`check ... | head -1`) silences the rest of the output; the work goes on, for the
    exit code.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed = False

    def encodable(self, text: str) -> bool:
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        errors = getattr(self.stream, "errors", None) or "strict"
        try:
            text.encode(encoding, errors)
        except (UnicodeError, LookupError):
            return False
        return True

    def line(self, text: str) -> None:
        if not self.encodable(text):
            text = text.encode("ascii", "backslashreplace").decode("ascii")
        self._write(text + "\n")

    def flush(self) -> None:
        self._write("")

    def _write(self, text: str) -> None:
        if self.closed:
            return
        try:
            if text:
                self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            self.closed = True
            # Point the descriptor at /dev/null, so the flush at exit cannot fail again.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
                os.close(devnull)
