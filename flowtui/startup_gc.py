"""Keep the garbage collector's full passes short while a large list loads.

A full (generation 2) collection visits every container object the process holds. After the
imports, about 50,000 of them are modules, classes and functions that live as long as the
process; each full pass over them took 25 ms or more on the development machine, and a pane of
100,000 records triggers twenty such passes while it loads, each one a stall of the event loop.
``gc.freeze()`` (the standard library's answer for exactly this) moves what exists now out of
the collector's way; everything created later, records and screens included, is collected as
before.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Exempt every object that exists now (imports, the session) from later collections.

    Call once, after the imports and before the app runs: a cycle that exists now and becomes
    garbage later would never be freed, which is why nothing per-screen should exist yet. No
    collection first: it would cost the cold start a full pass (25 ms) to free the little the
    imports left behind.
    """
    gc.freeze()
