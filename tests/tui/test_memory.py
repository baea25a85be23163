"""Memory: closed screens and their records are freed; a pane costs less than 3x its JSON."""

from __future__ import annotations

import gc
import json
import tracemalloc
import weakref
from typing import Any

import pytest
from textual.app import App, ComposeResult

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.packed_records import PackedRecords
from flowtui.tui.widgets.record_table import RecordTable
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded

FLOWS = KINDS_BY_NAME["flows"]


class TracedRecord(dict[str, Any]):
    """A record that a weak reference can follow (a plain dict cannot be weakly referenced)."""


async def test_closed_record_screens_and_their_records_are_freed(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpack = PackedRecords.__getitem__
    monkeypatch.setattr(PackedRecords, "__getitem__", lambda s, i: TracedRecord(unpack(s, i)))
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        closed: list[weakref.ref[Any]] = []
        for _ in range(3):
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
            screen = app.screen
            assert isinstance(screen, RecordScreen)
            assert isinstance(screen.record, TracedRecord)
            closed += [weakref.ref(screen), weakref.ref(screen.record)]
            del screen
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            await pilot.press("down")
        await pilot.pause()
        gc.collect()
        assert gc.get_freeze_count() == 0, "nothing is parked out of the collector's reach"
        assert [ref() for ref in closed] == [None] * len(closed)


class TableHost(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(FLOWS)

    def on_mount(self) -> None:
        self.query_one(RecordTable).build_columns(self.size.width)


async def test_a_pane_costs_less_than_three_times_its_records_json() -> None:
    from flowtui.emulator import EmulatorConfig, create_app

    emulator = create_app(EmulatorConfig(records=3000, seed=3))
    bodies = [
        json.dumps({"items": page})
        for page in _pages(list(emulator.store.records("prod", "flows")), 100)
    ]
    json_bytes = sum(len(body.encode()) for body in bodies)
    del emulator
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for body in bodies:
                table.append(json.loads(body)["items"])
            await pilot.pause()
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert table.row_count > 3000
        assert kept <= 3 * json_bytes, f"{kept:,} bytes kept for {json_bytes:,} bytes of JSON"


def _pages(records: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [records[start : start + size] for start in range(0, len(records), size)]
