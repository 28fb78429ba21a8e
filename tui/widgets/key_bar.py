"""The bottom line: the keys that work where the focus is, drawn as one line of text.

Keys come in the order their bindings are found from the focused widget outwards (its own
keys first, then the screen's in the order it lists them: the most used first), as many as
fit; help and quit are always shown, at the right end. A key the screen says does nothing
here (`check_action`) is not shown.

Textual's Footer builds a widget per key and rebuilds them on every focus change; on
a slow link and at start-up one line of text is cheaper, and it says the same.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

PINNED_ACTIONS = ("help", "quit_app")  # always shown, at the right end


class ShownKey(NamedTuple):
    display: str  # the key as shown
    description: str
    key: str  # the key pressed when it is clicked
    action: str


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
        self._shown: tuple[list[ShownKey], list[ShownKey]] | None = None  # last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen: Screen[object]) -> None:
        # A dialog over this screen: its keys, not the ones under it, until it closes.
        if screen is not self.screen:
            screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(screen)

    def _bindings_changed(self, _screen: object) -> None:
        # Bindings are "updated" on every focus change and at start-up, mostly to the
        # same keys: repaint only when they differ (at start-up a repaint costs a frame).
        if self.keys() != self._shown:
            self.refresh()

    def keys(self) -> tuple[list[ShownKey], list[ShownKey]]:
        """(keys in order, pinned keys) that work where the focus is."""
        keys: list[ShownKey] = []
        pinned: list[ShownKey] = []
        seen: set[str] = set()
        # In a text field a letter or `?` types itself: its binding does nothing there.
        screen = self.app.screen  # the screen on top: this one, or a dialog over it
        typing = isinstance(screen.focused, (Input, TextArea))
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not enabled or binding.action in seen:
                continue
            is_pinned = binding.action in PINNED_ACTIONS
            if not binding.show and not is_pinned:
                continue
            display = self.app.get_key_display(binding)
            if typing and len(display) == 1:  # "q", "?" (question_mark), "/" (slash)
                continue
            seen.add(binding.action)
            shown = ShownKey(display, binding.description, binding.key, binding.action)
            (pinned if is_pinned else keys).append(shown)
        pinned.sort(key=lambda shown: PINNED_ACTIONS.index(shown.action))
        return keys, pinned

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        self._shown = keys, pinned = self.keys()
        width = self.size.width

        def piece(shown: ShownKey) -> Text:
            return Text.assemble(
                (f" {shown.display}", key_style), (f" {shown.description} ", description_style)
            )

        right = [piece(shown) for shown in pinned]
        room = width - sum(p.cell_len for p in right)
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for shown in keys:
            part = piece(shown)
            if text.cell_len + part.cell_len > room:
                break
            self._add(text, part, shown)
        text.pad_right(max(0, room - text.cell_len))
        for shown, part in zip(pinned, right, strict=True):
            self._add(text, part, shown)
        return text

    def _add(self, text: Text, part: Text, shown: ShownKey) -> None:
        start = len(text)
        text.append_text(part)
        self._spans.append((start, len(text), shown.key))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return

