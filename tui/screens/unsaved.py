"""Screens that hold typing not saved yet (a form, a note): quitting asks before losing it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HoldsTyping(Protocol):
    @property
    def changed(self) -> bool:
        """Whether what is typed here differs from what the screen opened with."""
        ...
