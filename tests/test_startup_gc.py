"""Freezing the startup objects leaves them out of collections, and nothing created later."""

from __future__ import annotations

import gc

from flowtui.startup_gc import freeze_startup_objects


def test_objects_from_before_the_freeze_are_left_out_and_later_ones_are_collected() -> None:
    before: list[object] = [[]]
    try:
        freeze_startup_objects()
        assert not any(obj is before for obj in gc.get_objects())
        assert gc.get_freeze_count() > 0
        later: list[object] = [[]]
        assert any(obj is later for obj in gc.get_objects())
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # a cycle made after the freeze is still freed
    finally:
        gc.unfreeze()
