"""One log line per SSH connection: who, from where, what happened, how big, how long.

    connection addr=192.0.2.7:50312 key="Maria Lopez" fingerprint=SHA256:... user="maria"
        outcome=quit exit=0 size=80x24 duration=1834.2s

Fields are `name=value`, values with spaces or quotes in double quotes (JSON escaping), so a
line can be read back by a program; a name from a key is data and cannot break the line.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from tui.model.safe_text import one_line


def quoted(text: str) -> str:
    return json.dumps(one_line(text), ensure_ascii=False)


@dataclass
class ConnectionRecord:
    address: str
    started: float = field(default_factory=time.monotonic)
    user: str | None = None  # what the client sent: logged, never used as the identity
    key: str | None = None  # the reviewer name
    fingerprint: str | None = None
    outcome: str | None = None  # the first reason the connection ended wins
    detail: str | None = None
    exit_code: int | None = None
    refused_keys: int = 0
    delayed: float = 0.0  # seconds its refusals were held back (the back-off)
    size: tuple[int, int] | None = None
    final_size: tuple[int, int] | None = None

    def end(self, outcome: str, detail: str | None = None) -> None:
        if self.outcome is None:
            self.outcome = outcome
            self.detail = detail if detail is not None else self.detail

    def line(self) -> str:
        parts = [f"connection addr={self.address}"]
        if self.key is not None:
            parts.append(f"key={quoted(self.key)}")
        if self.fingerprint is not None:
            parts.append(f"fingerprint={self.fingerprint}")
        if self.user is not None:
            parts.append(f"user={quoted(self.user)}")
        parts.append(f"outcome={self.outcome or 'closed'}")
        if self.detail:
            parts.append(f"detail={quoted(self.detail)}")
        if self.exit_code is not None:
            parts.append(f"exit={self.exit_code}")
        if self.refused_keys:
            parts.append(f"refused-keys={self.refused_keys}")
        if self.delayed:
            parts.append(f"delayed={self.delayed:.2f}s")
        if self.size is not None:
            parts.append(f"size={self.size[0]}x{self.size[1]}")
            if self.final_size is not None and self.final_size != self.size:
                parts.append(f"final-size={self.final_size[0]}x{self.final_size[1]}")
        parts.append(f"duration={time.monotonic() - self.started:.1f}s")
        return " ".join(parts)
