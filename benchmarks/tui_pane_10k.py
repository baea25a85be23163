"""How the flows pane copes with 10,000 records: first rows, full load, filter keystrokes, sort.

Run: .venv/bin/python benchmarks/tui_pane_10k.py [records]
The emulator runs in-process, so load times are flowtui's own work plus the emulator's.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from typing import Any

from flowtui.demo import emulator_session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.record_table import RecordTable


async def measure(records: int) -> None:
    session = emulator_session(records=records)
    pages: list[float] = []
    original = RecordTable.append

    def timed_append(table: RecordTable, page: list[dict[str, Any]]) -> None:
        original(table, page)
        if table.kind.name == "flows":
            pages.append(time.perf_counter())

    RecordTable.append = timed_append  # type: ignore[method-assign,assignment]
    app = FlowTUI(session)
    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, MainScreen) and screen.query("KindPane"):
                pane = screen.current_pane
                if pane.started and not pane.is_loading and pane.table.row_count:
                    break
            await pilot.pause(0.005)
        RecordTable.append = original  # type: ignore[method-assign]
        print(f"records in pane        {pane.loaded:>8,} in {len(pages)} pages")
        print(f"first rows shown       {(pages[0] - started) * 1000:>8.0f} ms after start")
        print(f"all rows loaded        {(pages[-1] - started) * 1000:>8.0f} ms after start")
        gaps = [b - a for a, b in itertools.pairwise(pages)]
        if gaps:
            print(f"longest gap in stream  {max(gaps) * 1000:>8.0f} ms (keys are served in gaps)")

        timings = []
        for needle in ("w", "wi", "win", "wint", "winte", "winter"):
            t0 = time.perf_counter()
            pane.table.set_needle(needle)
            timings.append(time.perf_counter() - t0)
        print(
            f"filter keystroke       {max(timings) * 1000:>8.1f} ms worst, "
            f"{sum(timings) / len(timings) * 1000:.1f} ms mean ({pane.table.row_count} match)"
        )
        t0 = time.perf_counter()
        pane.table.set_needle("")
        print(f"clear filter           {(time.perf_counter() - t0) * 1000:>8.1f} ms")
        t0 = time.perf_counter()
        pane.sort_next()
        print(f"sort by name           {(time.perf_counter() - t0) * 1000:>8.1f} ms")
        cpu = time.process_time()
        await pilot.press(*["pagedown"] * 20)
        per_key = (time.process_time() - cpu) / 20 * 1000
        print(f"page-down, CPU per key {per_key:>8.1f} ms (render included)")
    await session.client.aclose()


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
