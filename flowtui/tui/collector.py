"""The garbage collector's youngest generation, sized so that pages of records die young.

CPython looks at its youngest objects every 700 allocations. While 100,000 rows arrive, a page
of parsed records (a few thousand dicts, lists and strings) is in flight at most of those looks;
whatever is alive then is promoted, and once enough has been promoted a full collection walks
every object the process holds (~65,000, and every item of every long list): 30 to 55 ms with the
event loop stopped, seventeen times while 100,000 rows load. With a young generation of 5,000 a
page is mostly freed by reference counting before the collector looks at it: measured over a
100,000-row load (benchmarks/pane.py), no full collection at all, and the worst loop stall went
from 55-63 ms to 14-31 ms. Each young collection costs more (up to ~10 ms rather than ~1), and
bigger young generations cost more than they save (20,000: young collections of 19 ms).

It stays that size after the load: set back to 700 once the rows were in, the promotions of the
load set off a full collection within seconds (52-74 ms, on the person's first keys).

The collector is not paused, frozen or turned off: cyclic garbage is still found, a little later.
The app sets this while it runs and puts the previous thresholds back when it ends.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

YOUNG_GENERATION = 5_000
"""Allocations between looks at the youngest generation (CPython's default is 700)."""


@dataclass(frozen=True)
class CollectorThresholds:
    """The thresholds in force before the app changed them."""

    previous: tuple[int, ...]

    def restore(self) -> None:
        gc.set_threshold(*self.previous)


def size_young_generation_for_pages() -> CollectorThresholds:
    """Raise the youngest generation's threshold (never lower it, and leave 0, which turns
    automatic collection off, as it is); return what to restore."""
    previous = gc.get_threshold()
    young, *older = previous
    if young:
        gc.set_threshold(max(young, YOUNG_GENERATION), *older)
    return CollectorThresholds(previous)
