"""Building a bundle's hundreds of thousands of objects without the garbage collector.

As `tui.model.load` does: collections while building them only walk them again and again, and
the first young collection afterwards would walk every one of them (a fifth of a second for
the 20,000-paragraph bundle) only to find that they all live on. So collection is off while
they are built, and afterwards they go straight to the oldest generation.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_collection() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:  # a caller's frozen objects stay frozen
                gc.freeze()  # every tracked object to the permanent generation ...
                gc.unfreeze()  # ... and from there to the oldest one
            gc.enable()
