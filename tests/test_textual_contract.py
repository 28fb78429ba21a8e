"""Every private (or undocumented) piece of Textual the app and its tests rely on, named
here and checked to exist and behave as assumed, so that a Textual upgrade that changes
one fails in this module with a clear message, not in dozens of pilot tests.

Where the app uses it:
- tui/key_order.py: `Message.is_forwarded`, `Message._stop_propagation`, a node's
  `message_signal` (with `immediate=True`), `App._on_key` for keys no binding took, and
  `App.on_event` seeing every key first.
- tui/widgets/entry_list.py: `ScrollView._scroll_update(virtual_size)` on each layout;
  `show_vertical_scrollbar` / `vertical_scrollbar` before the first layout.
- tui/screens/main_screen.py: `ScreenResume.refresh_styles`, honoured by the screen's own
  resume handler, which runs after the subclass's public `on_screen_resume`.
- tui/widgets/* (line-drawn widgets): `Widget.notify_style_update()` on a theme change
  (their caches of rendered lines are dropped there); public `on_*` handlers run before a
  base class's `_on_*`, and `prevent_default()` skips the base class's.
- tui/app.py: `App.get_line_filters()` holds a `Monochrome` filter under NO_COLOR (the app
  swaps it for `NoColor`); `Notification.has_expired`, `Notify`.
- tui/widgets/key_bar.py: `Screen.bindings_updated_signal`, published on focus changes.
- tui/screens/story_widgets.py: `Screen.focused` is a Reactive that a subclass may declare
  again without its repaint (the widgets gaining and losing focus repaint themselves).
- tui/screens/axis_actions.py: only visible widgets are laid out; one laid out, then
  hidden, keeps its size (`outer_size`) for when it is shown again.
- tests/app_helpers.py and others: `app._driver.send_message`, `screen._compositor`
  (`render_strips`, `render_full_update`), `app._notifications`; tests/test_app_startup.py
  wraps `App._display(screen, renderable)`, through which every frame goes to the driver.
"""

from __future__ import annotations

import inspect

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.filter import Monochrome
from textual.geometry import Size
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static


def _contract(condition: object, piece: str, where: str) -> None:
    assert condition, f"Textual changed {piece}, which {where} relies on: see this test"


class _Probe(Widget, can_focus=True):
    """A widget that records what Textual does to it."""

    def __init__(self) -> None:
        super().__init__()
        self.style_updates = 0
        self.order: list[str] = []

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.style_updates += 1

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.order.append("public")
        event.prevent_default()

    def render(self) -> str:
        return "probe"


class _ProbeApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.unbound_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield _Probe()
        yield Static("other", id="other")

    async def _on_key(self, event: events.Key) -> None:
        self.unbound_keys.append(event.key)
        await super()._on_key(event)


# --- key ordering (tui/key_order.py) ----------------------------------------------------


def test_messages_say_whether_they_were_forwarded_and_stopped() -> None:
    key = events.Key("a", "a")
    _contract(hasattr(key, "is_forwarded") and key.is_forwarded is False,
              "Message.is_forwarded", "tui/key_order.py")
    _contract(getattr(key, "_stop_propagation", None) is False,
              "Message._stop_propagation", "tui/key_order.py")
    key.stop()
    _contract(key._stop_propagation is True, "Message.stop() / _stop_propagation",
              "tui/key_order.py")


async def test_a_node_publishes_each_message_it_handles_on_its_message_signal() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(_Probe)
        signal = getattr(probe, "message_signal", None)
        _contract(isinstance(signal, Signal), "DOMNode.message_signal", "tui/key_order.py")
        seen: list[Message] = []
        signal.subscribe(app.screen, seen.append, immediate=True)
        message = events.Key("x", "x")
        probe.post_message(message)
        await pilot.pause()
        signal.unsubscribe(app.screen)
        _contract(message in seen, "message_signal publishing handled messages",
                  "tui/key_order.py")


async def test_a_key_no_binding_takes_reaches_the_apps_on_key() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        await pilot.press("z")
        _contract(app.unbound_keys == ["z"], "App._on_key for unbound keys", "tui/key_order.py")
    _contract("on_event" in vars(App), "App.on_event", "tui/key_order.py")


# --- scroll views (tui/widgets/entry_list.py) -------------------------------------------


class _Scroller(ScrollView):
    def __init__(self) -> None:
        super().__init__()
        self.updates: list[Size] = []

    def _scroll_update(self, virtual_size: Size) -> None:
        self.updates.append(virtual_size)
        super()._scroll_update(virtual_size)

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


async def test_a_scroll_view_is_told_its_virtual_size_on_each_layout() -> None:
    class Scrolling(App[None]):
        def compose(self) -> ComposeResult:
            yield _Scroller()

    app = Scrolling()
    async with app.run_test() as pilot:
        scroller = app.query_one(_Scroller)
        scroller.virtual_size = Size(0, 500)
        await pilot.pause()
        _contract(scroller.updates and scroller.updates[-1] == Size(0, 500),
                  "ScrollView._scroll_update(virtual_size)", "EntryList._scroll_update")
        scroller.show_vertical_scrollbar = True
        _contract(hasattr(scroller, "vertical_scrollbar"), "ScrollView.vertical_scrollbar",
                  "EntryList.on_mount")


# --- screens and widgets ------------------------------------------------------------------


def test_screen_resume_can_skip_the_restyle() -> None:
    _contract(events.ScreenResume().refresh_styles is True, "ScreenResume.refresh_styles",
              "MainScreen.on_screen_resume")
    handler = inspect.getsource(Screen._on_screen_resume)
    _contract("refresh_styles" in handler, "Screen._on_screen_resume honouring refresh_styles",
              "MainScreen.on_screen_resume")


async def test_public_handlers_run_first_and_prevent_default_skips_the_base_class() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(_Probe)
        calls: list[Widget] = []
        original = Widget._on_mouse_scroll_down

        def base(self: Widget, event: events.MouseScrollDown) -> None:
            calls.append(self)  # the event bubbles on: the screen's own handler is not ours
            original(self, event)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Widget, "_on_mouse_scroll_down", base)
            probe.post_message(events.MouseScrollDown(probe, 0, 0, 0, 0, 0, False, False, False))
            await pilot.pause()
        _contract(probe.order == ["public"] and probe not in calls,
                  "handler dispatch (public on_*, prevent_default)",
                  "the line-drawn widgets' mouse handlers")


async def test_a_new_theme_restyles_every_widget() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(_Probe)
        published: list[object] = []
        app.theme_changed_signal.subscribe(probe, published.append)
        before = probe.style_updates
        app.theme = "textual-light"
        await pilot.pause()
        _contract(probe.style_updates > before, "Widget.notify_style_update on a theme change",
                  "the caches of the entry lists, the detail pane and the article")
        _contract(published, "App.theme_changed_signal", "BaghouzApp (saving the theme)")


async def test_focus_changes_publish_updated_bindings() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        published: list[object] = []
        signal = getattr(app.screen, "bindings_updated_signal", None)
        _contract(isinstance(signal, Signal), "Screen.bindings_updated_signal", "KeyBar")
        signal.subscribe(app.query_one(_Probe), published.append)
        app.query_one(_Probe).focus()
        await pilot.pause()
        _contract(published, "bindings_updated_signal on focus", "KeyBar")


class _QuietFocusScreen(Screen[None]):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def compose(self) -> ComposeResult:
        yield _Probe()
        yield _Probe()


async def test_a_screen_may_declare_focused_without_its_repaint() -> None:
    _contract(isinstance(Screen.__dict__.get("focused"), Reactive), "Screen.focused (a Reactive)",
              "StoryWidgets.focused")
    app = _ProbeApp()
    async with app.run_test() as pilot:
        screen = _QuietFocusScreen()
        await app.push_screen(screen)
        first, second = screen.query(_Probe).results()
        published: list[object] = []
        screen.bindings_updated_signal.subscribe(first, published.append)
        second.focus()
        await pilot.pause()
        _contract(screen.focused is second and second.has_focus and published,
                  "focus through a redeclared Screen.focused (its watcher publishing bindings)",
                  "StoryWidgets.focused")
        repainted: list[Widget] = []
        with pytest.MonkeyPatch.context() as patch:
            original = Widget.refresh

            def refresh(self: Widget, *args: object, **kwargs: object) -> Widget:
                repainted.append(self)
                return original(self, *args, **kwargs)  # type: ignore[arg-type]

            patch.setattr(Widget, "refresh", refresh)
            first.focus()
            await pilot.pause()
        _contract(first in repainted and second in repainted,
                  "widgets repainting themselves on Focus and Blur", "StoryWidgets.focused")


async def test_only_visible_widgets_are_sized_and_a_hidden_one_keeps_its_size() -> None:
    app = _ProbeApp()
    async with app.run_test() as pilot:
        hidden = Static("hidden")
        hidden.visible = False
        await app.screen.mount(hidden)
        await pilot.pause()
        _contract(hidden.outer_size == Size(0, 0), "layout of hidden widgets (none)",
                  "axis_actions._mount_axis_if_shown")
        hidden.visible = True
        await pilot.pause()
        size = hidden.outer_size
        hidden.visible = False
        await pilot.pause()
        _contract(size != Size(0, 0) and hidden.outer_size == size,
                  "the size a hidden widget keeps", "axis_actions._mount_axis_if_shown")


def test_no_color_gives_a_monochrome_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = App[None]()
    _contract(any(isinstance(f, Monochrome) for f in app.get_line_filters()),
              "App.get_line_filters() under NO_COLOR", "BaghouzApp.get_line_filters")


def test_notifications_know_when_they_expire() -> None:
    notification = Notification("x", "", "information", 0.0)
    _contract(notification.has_expired, "Notification.has_expired", "BaghouzApp.notify")
    _contract(Notify(notification).notification is notification, "Notify", "BaghouzApp.notify")


# --- what the tests read ------------------------------------------------------------------


async def test_test_helpers_reach_the_driver_the_compositor_and_the_notifications() -> None:
    app = _ProbeApp()
    async with app.run_test(size=(40, 5)) as pilot:
        driver = getattr(app, "_driver", None)
        _contract(callable(getattr(driver, "send_message", None)), "App._driver.send_message",
                  "tests/app_helpers.py type_ahead")
        key = events.Key("q", "q")
        key.set_sender(app)
        driver.send_message(key)
        await pilot.pause()
        _contract("q" in app.unbound_keys, "keys sent through the driver", "type_ahead")
        compositor = getattr(app.screen, "_compositor", None)
        strips = compositor.render_strips() if compositor else []
        _contract(len(strips) == 5 and "probe" in strips[0].text,
                  "Screen._compositor.render_strips()", "tests/app_helpers.py screen_lines")
        update = compositor.render_full_update()
        _contract(list(update.render_segments(app.console)),
                  "Compositor.render_full_update()", "tests/test_app_startup.py")
        app.notify("hello")
        await pilot.pause()
        messages = [str(n.message) for n in getattr(app, "_notifications", [])]
        _contract(messages == ["hello"], "App._notifications", "the tests that read toasts")


async def test_every_frame_goes_through_app_display() -> None:
    """tests/test_app_startup.py catches the first frame drawn by wrapping App._display."""
    seen: list[object] = []

    class Spy(_ProbeApp):
        def _display(self, screen: Screen[object], update: object) -> None:  # type: ignore[override]
            if update is not None:
                seen.append(update)
            super()._display(screen, update)  # type: ignore[arg-type]

    _contract(
        list(inspect.signature(App._display).parameters) == ["self", "screen", "renderable"],
        "App._display(screen, renderable)", "tests/test_app_startup.py",
    )
    app = Spy()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
    _contract(bool(seen), "frames drawn through App._display", "tests/test_app_startup.py")
