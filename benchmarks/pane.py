"""One pane of N flows, measured black-box (keys in, frames out) in a process of its own.

``python -m benchmarks.pane flowtui URL ROWS`` drives flowtui's app; ``... bare URL ROWS`` drives
the anchor: a raw httpx paging loop over the same server, then a bare Textual app (header,
``DataTable``, footer) holding the same rows. Each prints one JSON line of figures:

- ``load_s``: first request to the last row held (flowtui: in the pane; bare: the raw loop).
- ``stall_ms``: the worst lateness of a probe task that sleeps 5 ms on the event loop, while
  loading. This is what a key pressed during the load waits, at worst.
- ``pagedown_ms``, ``filter_ms``, ``sort_ms``: CPU time (process_time) of a key and the frame
  it causes. The filter's is the worst of four keys, each handed to the app as the terminal
  driver hands it one, to the frame that shows its first matches (read when that frame is
  drawn); ``filter_whole_ms``: until the filter has looked at every row (it goes on a slice
  per frame); ``filter_stall_ms``: the probe's worst lateness meanwhile.
- ``rss_mb``: resident memory with the rows loaded; ``base_rss_mb`` (bare): the bare app, empty.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import httpx
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Header

from flowtui.api.kinds import KINDS_BY_NAME, value_at
from flowtui.tui.widgets.cells import cell_text, fit

if TYPE_CHECKING:
    from flowtui.session import Session

SIZE = (80, 24)
NEEDLE = "emea"
FLOWS = KINDS_BY_NAME["flows"]
WIDTHS = (26, 8, 9, 16, 9)


class Probe:
    """Measures how late a 5 ms sleep wakes up: the longest the loop was busy elsewhere."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.over_50ms = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.005)
            late = time.perf_counter() - asked - 0.005
            self.worst = max(self.worst, late)
            self.over_50ms += late > 0.05

    def stop(self) -> float:
        if self._task is not None:
            self._task.cancel()
        return self.worst


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 1e6


async def wait(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 600) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("benchmark: the app never reached the expected state")
        await pilot.pause(0.01)


async def cpu_of(action: Callable[[], Any]) -> float:
    """CPU milliseconds of ``action`` (an awaitable factory) in this process."""
    started = time.process_time()
    await action()
    return (time.process_time() - started) * 1000


async def pagedown_ms(pilot: Pilot[Any], presses: int = 20) -> float:
    await pilot.press("pagedown", "pagedown")  # warm: first draws, caches

    async def pages() -> None:
        for _ in range(presses):
            await pilot.press("pagedown")
            await pilot.pause()

    return await cpu_of(pages) / presses


# --- flowtui ---------------------------------------------------------------------------------


def loopback_session(url: str, rows: int) -> Session:
    """A demo session on the loopback server, its list limits above ``rows``."""
    from flowtui.api.client import FlowServiceClient
    from flowtui.demo import demo_settings
    from flowtui.session import Session

    settings = replace(
        demo_settings(),
        platform_url=url,
        ims_url=url,
        max_list_records=rows + 1_000,
        max_list_pages=rows // 100 + 50,
    )
    client = FlowServiceClient(settings)
    return Session(
        client=client, profile="bench", org_id=settings.org_id, sandbox="prod", demo=True
    )


async def flowtui_pane(url: str, rows: int) -> dict[str, float]:
    from flowtui.tui.app import FlowTUI
    from flowtui.tui.screens.main import MainScreen

    session = loopback_session(url, rows)
    client = session.client
    app = FlowTUI(session)
    probe = Probe()
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        probe.start()
        started = time.perf_counter()
        await wait(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        pane = screen.current_pane
        await wait(pilot, lambda: pane.started and not pane.is_loading)
        result["load_s"] = time.perf_counter() - started
        result["stall_ms"] = probe.stop() * 1000
        result["stalls_over_50ms"] = probe.over_50ms
        result["rows"] = pane.loaded
        await pilot.pause()
        result["rss_mb"] = rss_mb()
        result["pagedown_ms"] = await pagedown_ms(pilot)
        await pilot.press("home", "slash")
        table = pane.table
        first_frame = whole = filter_stall = 0.0
        for end in range(1, len(NEEDLE) + 1):
            typed = NEEDLE[:end]
            drawn: list[float] = []

            def after_message(_: object, typed: str = typed, drawn: list[float] = drawn) -> None:
                # Once the screen has handled the message that ran this filter, the next frame
                # shows its first matches: its CPU is read as soon as it is drawn, before
                # whatever the loop runs next (the filter's next slice, say).
                if table.needle == typed:
                    screen.message_signal.unsubscribe(screen)
                    screen.call_after_refresh(lambda: drawn.append(time.process_time()))

            screen.message_signal.subscribe(screen, after_message, immediate=True)
            probe = Probe()
            probe.start()
            started = time.process_time()
            # As the terminal driver hands the app a key (Pilot's press would wait until the
            # app is idle, which is after the last slice of the filter).
            app.post_message(events.Key(NEEDLE[end - 1], NEEDLE[end - 1]))
            while not drawn:
                await asyncio.sleep(0.005)
            first_frame = max(first_frame, (drawn[0] - started) * 1000)
            while table.filtering:  # a filter of many rows goes on a slice per frame
                await asyncio.sleep(0.001)
            await pilot.pause()
            whole = max(whole, (time.process_time() - started) * 1000)
            filter_stall = max(filter_stall, probe.stop() * 1000)
        result["filter_ms"] = first_frame
        result["filter_whole_ms"] = whole
        result["filter_stall_ms"] = filter_stall
        result["matches"] = pane.table.row_count
        await pilot.press("escape")
        await wait(pilot, lambda: not pane.table.needle)

        async def sort() -> None:
            await pilot.press("s")
            await wait(pilot, lambda: pane.table.sort_column == 0)
            await pilot.pause()

        result["sort_ms"] = await cpu_of(sort)
    await client.aclose()
    return result


# --- the anchor: raw httpx, bare DataTable --------------------------------------------------


async def raw_load(url: str) -> list[dict[str, Any]]:
    """Every flow, page by page, as a few lines of httpx would fetch them."""
    from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID

    records: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=url) as http:
        form = {
            "grant_type": "client_credentials",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
        }
        token = (await http.post("/ims/token/v3", data=form)).json()["access_token"]
        headers = {
            "Authorization": f"Bearer {token}",
            "x-api-key": DEMO_CLIENT_ID,
            "x-gw-ims-org-id": DEMO_ORG_ID,
            "x-sandbox-name": "prod",
        }
        href: str | None = "/data/foundation/flowservice/flows?limit=100"
        while href is not None:
            body = (await http.get(href, headers=headers)).json()
            records.extend(body["items"])
            href = body.get("_links", {}).get("next", {}).get("href")
    return records


def row_of(record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        fit(cell_text(column, value_at(record, column.path), shorten_ids=True), width)
        for column, width in zip(FLOWS.columns, WIDTHS, strict=True)
    )


class BareApp(App[None]):
    """The anchor: what Textual gives with no work of ours, a header, a table, a footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        for column, width in zip(FLOWS.columns, WIDTHS, strict=True):
            table.add_column(column.header, width=width, key=column.path)
        table.focus()


async def bare_pane(url: str, rows: int, *, filter_rows_max: int = 20_000) -> dict[str, float]:
    app = BareApp()
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result["base_rss_mb"] = rss_mb()
        probe = Probe()
        probe.start()
        started = time.perf_counter()
        records = await raw_load(url)
        result["load_s"] = time.perf_counter() - started
        result["stall_ms"] = probe.stop() * 1000
        result["stalls_over_50ms"] = probe.over_50ms
        result["rows"] = len(records)
        table: DataTable[str] = app.query_one(DataTable)
        cells = [row_of(record) for record in records]
        started = time.perf_counter()
        table.add_rows(cells)
        await pilot.pause()
        result["table_fill_s"] = time.perf_counter() - started
        result["rss_mb"] = rss_mb()
        result["pagedown_ms"] = await pagedown_ms(pilot)
        if rows <= filter_rows_max:
            # What a bare app does for a filter keystroke: rebuild the table with the matches.
            worst = 0.0
            for end in range(1, len(NEEDLE) + 1):
                typed = NEEDLE[:end]

                async def keystroke(typed: str = typed) -> None:
                    table.clear()
                    table.add_rows(c for c, r in zip(cells, records, strict=True) if _has(r, typed))
                    await pilot.pause()

                worst = max(worst, await cpu_of(keystroke))
            result["filter_ms"] = worst
            table.clear()
            table.add_rows(cells)
            await pilot.pause()

        async def sort() -> None:
            table.sort("name")
            await pilot.pause()

        result["sort_ms"] = await cpu_of(sort)
    return result


def _has(record: dict[str, Any], needle: str) -> bool:
    name = record.get("name")
    return needle in (name.casefold() if isinstance(name, str) else "") or needle in str(
        record.get("id", "")
    )


def main() -> None:
    mode, url, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run = flowtui_pane if mode == "flowtui" else bare_pane
    print(json.dumps(asyncio.run(run(url, rows))), flush=True)


if __name__ == "__main__":
    main()
