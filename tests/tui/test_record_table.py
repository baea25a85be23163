"""The record table: its cost follows the screen, sorts hold while rows stream, limits are said."""

from __future__ import annotations

import ast
import inspect
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.app import App, ComposeResult
from textual.scroll_view import ScrollView

import flowtui.tui.widgets.record_table as record_table_module
import flowtui.tui.widgets.table_columns as table_columns_module
from flowtui.api.client import FlowServiceClient
from flowtui.api.kinds import KINDS_BY_NAME, Column
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.kind_pane import KindPane
from flowtui.tui.widgets.record_table import RecordTable
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, make_session

FLOWS = KINDS_BY_NAME["flows"]
TUI_ROOT = Path(__file__).resolve().parents[2] / "flowtui" / "tui"


def fake_flows(count: int, *, start: int = 0) -> list[dict[str, Any]]:
    """Flows with names that sort differently from their arrival order."""
    return [
        {
            "id": f"{n:08d}-0000-4000-8000-000000000000",
            "name": f"flow {(n * 7919) % 100_003:06d}",
            "state": "enabled" if n % 3 else "disabled",
            "flowSpec": {"id": "71471eba-0000-4000-8000-000000000000"},
            "updatedAt": 1_700_000_000_000 + n,
        }
        for n in range(start, start + count)
    ]


class TableHost(App[None]):
    """A RecordTable alone at 80x24, as the pane holds it."""

    def compose(self) -> ComposeResult:
        yield RecordTable(FLOWS, id="table")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.build_columns(self.size.width)
        table.focus()


def count_formatting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = table_columns_module.cell_text

    def counting(column: Column, value: Any, *, shorten_ids: bool) -> str:
        calls.append(1)
        return original(column, value, shorten_ids=shorten_ids)

    monkeypatch.setattr(table_columns_module, "cell_text", counting)
    return calls


async def test_only_the_rows_on_screen_are_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_formatting(monkeypatch)
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        for start in range(0, 10_000, 100):
            table.append(fake_flows(100, start=start))
        await pilot.pause()
        columns = len(FLOWS.columns)
        on_screen = SIZE[1]
        assert table.row_count == 10_000
        assert 0 < len(calls) <= on_screen * columns
        calls.clear()
        await pilot.press("pagedown", "pagedown", "down")
        await pilot.pause()
        assert table.cursor_row == 2 * (on_screen - 1) + 1  # a page is the rows under the header
        assert len(calls) <= 3 * on_screen * columns


async def test_rows_that_arrive_after_a_sort_join_in_order() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(300))
        table.sort_by(0)
        for start in range(300, 2_000, 100):
            table.append(fake_flows(100, start=start))
        names = [table.records[i]["name"] for i in table.shown_ids]
        assert names == sorted(names)
        table.sort_by(0, reverse=True)
        table.append(fake_flows(50, start=2_000))
        names = [table.records[i]["name"] for i in table.shown_ids]
        assert names == sorted(names, reverse=True)
        assert table.row_count == 2_050
        await pilot.pause()


async def test_filter_narrows_keeps_the_sort_and_clears_back() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE):
        table = app.query_one(RecordTable)
        table.append(fake_flows(3_000))
        table.sort_by(0)
        table.set_needle("flow 01")
        wider = list(table.shown_ids)
        table.set_needle("flow 012")
        narrower = list(table.shown_ids)
        assert narrower and set(narrower) < set(wider)
        names = [table.records[i]["name"] for i in narrower]
        assert names == sorted(names) and all("flow 012" in name for name in names)
        table.set_needle("")
        assert table.row_count == 3_000


async def test_the_cursor_stays_on_its_record_through_sort_and_filter() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(500))
        await pilot.press(*["down"] * 40)
        chosen = table.current_id
        assert chosen is not None and table.cursor_row == 40
        table.sort_by(0, reverse=True)
        assert table.current_id == chosen
        table.set_needle(table.records[chosen]["name"][-4:])
        assert table.current_id == chosen


async def test_sorting_while_pages_stream_keeps_the_order() -> None:
    """Black-box: `s` pressed after the first page; the finished pane is in name order."""
    from flowtui.emulator import EmulatorConfig, create_app

    # Pages slow enough that the load is still streaming after `s` on a busy machine.
    emulator = create_app(EmulatorConfig(records=3000, seed=7, latency_ms=60))
    session = make_session(emulator)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: first_rows(app), tries=2000)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        pane = screen.current_pane
        assert pane.is_loading
        await pilot.press("s")
        before = pane.loaded
        await wait_until(pilot, lambda: pane.loaded >= before + 200, tries=2000)
        assert pane.is_loading, "still streaming: the order is checked between pages"
        names = [str(pane.table.records[i].get("name", "")).casefold() for i in shown(pane)]
        assert names == sorted(names)
        await wait_until(pilot, lambda: not pane.is_loading, tries=4000)
        names = [str(pane.table.records[i].get("name", "")).casefold() for i in shown(pane)]
        assert len(names) >= 3000
        assert names == sorted(names)
    await session.client.aclose()


def shown(pane: KindPane) -> list[str]:
    return list(pane.table.shown_ids)


def first_rows(app: FlowTUI) -> bool:
    screen = app.screen
    return (
        isinstance(screen, MainScreen)
        and bool(screen.query(KindPane))
        and screen.current_pane.table.row_count > 0
    )


async def test_a_list_stopped_at_its_limit_says_so_and_how_to_narrow_it(
    many_records: Any,
) -> None:
    from flowtui.demo import demo_settings

    settings = replace(demo_settings(), max_list_records=250)
    client = FlowServiceClient(settings, transport=httpx.ASGITransport(app=many_records))
    session = Session(
        client=client, profile="demo", org_id=settings.org_id, sandbox="prod", demo=True
    )
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        pane = screen.current_pane
        await wait_until(pilot, lambda: pane.started and not pane.is_loading, tries=2000)
        assert pane.truncated is not None
        assert pane.has_class("-truncated")
        assert 250 <= pane.loaded < 1200
        assert "Narrow it with a filter" in pane.truncated
        assert "stopped at the list limit" in pane.status_text().plain
    await client.aclose()


def test_the_table_writes_no_private_attribute_of_textual() -> None:
    """Every ``self._name`` the table assigns is its own, none of ScrollView's or Widget's."""
    tree = ast.parse(inspect.getsource(record_table_module))
    assigned = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and node.attr.startswith("_")
    }
    assert assigned, "the walk found the table's own fields"
    bare = ScrollView()
    borrowed = {name for name in assigned if hasattr(bare, name) or hasattr(ScrollView, name)}
    assert borrowed == set()


def test_no_tui_module_writes_another_objects_private_attribute() -> None:
    """``x._name = ...`` only on ``self`` (or ``cls``) in the TUI, where Textual's objects are."""
    offenders = []
    for path in TUI_ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Store):
                continue
            owner = node.value
            if (
                node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(owner, ast.Name) and owner.id in ("self", "cls"))
            ):
                offenders.append(f"{path.relative_to(TUI_ROOT)}:{node.lineno} .{node.attr}")
    assert offenders == []


async def test_a_renamed_record_is_found_by_its_new_name_in_any_order() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE):
        table = app.query_one(RecordTable)
        flows = fake_flows(500)
        table.append(flows)
        for column in (None, 0):
            table.sort_by(column)
            renamed = {**flows[123], "name": f"quarterly export {column}"}
            table.replace(renamed)
            table.set_needle("quarterly")
            assert table.shown_ids == [renamed["id"]]
            table.set_needle("")
            table.set_needle("quarterly export")
            assert table.shown_ids == [renamed["id"]]
            table.set_needle("")
            assert table.row_count == 500


async def test_a_rename_in_a_table_sorted_by_name_moves_the_row_and_the_cursor_follows() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE):
        table = app.query_one(RecordTable)
        flows = fake_flows(300)
        table.append(flows)
        table.sort_by(0)
        assert table.select_id(flows[10]["id"])
        table.replace({**flows[10], "name": "aaa first now"})
        assert table.shown_ids[0] == flows[10]["id"]
        assert table.current_id == flows[10]["id"]
        table.append(fake_flows(50, start=300))  # later pages still join at their sorted place
        names = [table.rows.values_of(i)[0] for i in table.shown_ids]
        assert names == sorted(names) and len(names) == 350
