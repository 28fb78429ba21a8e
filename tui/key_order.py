"""Keys are handled one after another, each in the state the previous one left.

Textual hands a key to whatever has focus when the key *arrives*, and runs a widget's
key bindings only when the key has bubbled back up to the app. Keys that arrive together
(a fast typist, a paste, an SSH link that batches input) are therefore all routed before
the first of them has acted: after `/` the query still goes to the list, after enter in
the search line `n` still goes into it. Here a key is routed only once the key before it
has been dealt with: stopped by a widget, or handled by the app's bindings.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer

# A key that is neither stopped nor bubbled back (should not happen) holds the next one
# back no longer than this.
KEY_TIMEOUT_SECONDS = 0.3


class KeyOrderedApp(App[int]):
    def __init__(self) -> None:
        super().__init__()
        self._waiting_keys: deque[events.Key] = deque()
        self._key_in_flight: events.Key | None = None
        self._key_watched: list[DOMNode] = []
        self._key_timer: Timer | None = None
        self._keys_held = 0  # while above 0 (the story screen is being rebuilt) keys wait

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._waiting_keys.append(event)
            if self._key_in_flight is None and not self._keys_held:
                await self._route_keys()
            return
        await super().on_event(event)

    async def _route_keys(self) -> None:
        # One key, then the next one after the messages and callbacks it queued: a key
        # that closed a dialog (`y`) has its answer acted on before the next key is routed.
        if self._waiting_keys and self._key_in_flight is None and not self._keys_held:
            key = self._waiting_keys.popleft()
            chain = self._focus_chain()
            self._key_in_flight = key
            self._watch(key, chain)
            await super().on_event(key)
            if not key.is_forwarded:  # a priority binding took it: done already
                self._key_done(key)  # (which routes the next key, next)

    def hold_keys(self) -> None:
        """Keys that arrive from now on wait (in order) until `release_keys`: for a change
        of the widgets under them, which a key must not reach half made."""
        self._keys_held += 1

    def release_keys(self) -> None:
        self._keys_held = max(0, self._keys_held - 1)
        if not self._keys_held and self._waiting_keys and self._key_in_flight is None:
            self.call_next(self._route_keys)

    def _focus_chain(self) -> list[DOMNode]:
        node: DOMNode | None = self.focused or self.screen
        chain: list[DOMNode] = []
        while node is not None and node is not self:
            chain.append(node)
            node = node.parent
        return chain

    def _watch(self, key: events.Key, chain: list[DOMNode]) -> None:
        listener = self.screen  # signals keep only subscribers that are in the DOM

        def published(message: Message) -> None:
            if message is key and (message._stop_propagation or not message.bubble):
                self._key_done(key)

        # The screen marks a key stopped as it passes it up to the app (its sender), so
        # only the widgets under it can tell a key that went no further.
        for node in chain[:-1]:
            node.message_signal.subscribe(listener, published, immediate=True)
        self._key_watched = chain
        self._key_timer = self.set_timer(KEY_TIMEOUT_SECONDS, lambda: self._key_done(key))

    def _key_done(self, key: events.Key) -> None:
        if key is not self._key_in_flight:
            return
        listener = self.screen
        for node in self._key_watched:
            node.message_signal.unsubscribe(listener)
        self._key_watched = []
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        self._key_in_flight = None
        if self._waiting_keys:
            self.call_next(self._route_keys)

    async def _on_key(self, event: events.Key) -> None:
        # A key that bubbled back unhandled: the app's bindings act on it now. Textual
        # calls each class's handler in turn; prevent_default keeps App's from a second run.
        await super()._on_key(event)
        event.prevent_default()
        self._key_done(event)
