"""The bottom line: the keys that work here, drawn as one line of text.

Textual's Footer builds a widget per key and rebuilds them on every focus change; on
a slow link and at start-up one line of text is cheaper, and it says the same.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) for clicks
        self._shown: list[tuple[str, str, str]] | None = None  # the keys last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        # Bindings are "updated" on every focus change and at start-up, mostly to the
        # same keys: repaint only when they differ (at start-up a repaint costs a frame).
        if self._keys() != self._shown:
            self.refresh()

    def _keys(self) -> list[tuple[str, str, str]]:
        """(key as shown, description, key) for each key to show, in order."""
        keys: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((self.app.get_key_display(binding), binding.description, binding.key))
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        self._shown = self._keys()
        for display, description, key in self._shown:
            start = len(text)
            text.append(f" {display}", key_style)
            text.append(f" {description} ", description_style)
            self._spans.append((start, len(text), key))
        return text

    async def _on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
