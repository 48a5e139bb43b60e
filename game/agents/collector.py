"""The garbage collector held off while the AI works out a batch of decisions.

A diplomacy phase of a large scenario makes hundreds of thousands of short-lived tuples, lists
and dictionaries (candidates, menus, cache keys) and keeps few of them; each time their count
passes the collector's threshold it walks the young objects, and now and then every object of
the game (a full collection of a world game walks 150-200 thousand objects and frees nothing).
Nothing the AI builds there needs the collector: what it drops has no cycles and goes as its
count reaches zero. So the collector waits until the batch is done and then runs as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector for the block (as it was after: a caller that
    had it off keeps it off). What the AI decides does not depend on it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
