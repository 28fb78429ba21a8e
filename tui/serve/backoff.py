"""Slowing down an address that keeps offering keys that are not let in.

The first few refusals from an address are answered at once (a person with several keys in
their agent); after that each refusal waits twice as long as the one before, up to a cap.
An address's count is forgotten after a quiet `window`, or when a key of it is let in.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple


class BackoffPolicy(NamedTuple):
    free: int = 3  # refusals answered without delay
    first_delay: float = 0.25  # seconds, doubling from there
    max_delay: float = 8.0
    window: float = 600.0  # seconds without a refusal after which an address starts again
    max_addresses: int = 10_000  # a flood of addresses must not grow the table without end


class AuthBackoff:
    def __init__(
        self, policy: BackoffPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or BackoffPolicy()
        self._clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def failures(self, address: str) -> int:
        entry = self._failures.get(address)
        if entry is None:
            return 0
        count, last = entry
        if self._clock() - last > self.policy.window:
            del self._failures[address]
            return 0
        return count

    def refused(self, address: str) -> float:
        """Count a refusal; the seconds to wait before answering it."""
        count = self.failures(address) + 1
        self._failures[address] = (count, self._clock())
        self._failures.move_to_end(address)
        while len(self._failures) > self.policy.max_addresses:
            self._failures.popitem(last=False)
        return self.delay(count)

    def delay(self, count: int) -> float:
        policy = self.policy
        over = count - policy.free
        if over <= 0 or policy.max_delay <= 0:
            return 0.0
        return float(min(policy.max_delay, policy.first_delay * 2 ** min(over - 1, 30)))

    def let_in(self, address: str) -> None:
        self._failures.pop(address, None)
