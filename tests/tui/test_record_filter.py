"""The table's text filter: incremental (narrowing filters what is shown), sliced (many rows are
looked at over several turns of the loop), and always equal to a full scan of every row."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events

import flowtui.tui.widgets.table_rows as table_rows_module
from flowtui.tui.widgets.record_table import RecordTable, search_text
from tests.pilot import wait_until
from tests.tui.conftest import SIZE
from tests.tui.test_record_table import TableHost, fake_flows


def full_scan(table: RecordTable, needle: str, order: list[str]) -> list[str]:
    """What the filter must show: every id in ``order`` whose record holds ``needle``."""
    folded = needle.casefold()
    return [i for i in order if folded in search_text(table.records[i])]


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> int:
    """Slices of 37 rows, so a few hundred rows take several turns of the loop."""
    monkeypatch.setattr(table_rows_module, "FILTER_SLICE", 37)
    return 37


async def settled(pilot: Any, table: RecordTable) -> None:
    await wait_until(pilot, lambda: not table.filtering)


async def test_narrow_widen_and_clear_match_a_full_scan(small_slices: int) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(1_000))
        order = list(table.shown_ids)
        for needle in ["flow 0", "flow 01", "FLOW 012", "flow 01", "", "0000-4000", "flow 9", ""]:
            table.set_needle(needle)
            assert table.filtering == (bool(needle) and len(order) > small_slices)
            await settled(pilot, table)
            assert table.shown_ids == full_scan(table, needle, order), needle
        assert table.row_count == 1_000


async def test_narrowing_before_the_last_filter_finished_keeps_the_rows_it_had_not_seen(
    small_slices: int,
) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(1_000))
        order = list(table.shown_ids)
        table.set_needle("flow 0")
        assert table.filtering  # only the first slice is done
        table.set_needle("flow 05")  # typed on at once: narrows a result that is not complete
        await settled(pilot, table)
        expected = full_scan(table, "flow 05", order)
        assert expected and table.shown_ids == expected


async def test_rows_arriving_while_a_filter_runs_join_after_the_rows_it_has_not_seen(
    small_slices: int,
) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(600))
        table.set_needle("flow 0")
        assert table.filtering
        for start in range(600, 1_000, 100):  # pages land between slices
            table.append(fake_flows(100, start=start))
            await pilot.pause()
        await settled(pilot, table)
        order = list(table.records)
        assert table.shown_ids == full_scan(table, "flow 0", order)
        table.set_needle("")
        assert table.shown_ids == order


async def test_rows_arriving_while_filtered_and_sorted_keep_filter_and_sort(
    small_slices: int,
) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(500))
        table.sort_by(0)
        table.set_needle("flow 02")
        for start in range(500, 900, 100):
            table.append(fake_flows(100, start=start))
        await settled(pilot, table)
        names = [table.records[i]["name"] for i in table.shown_ids]
        assert names and names == sorted(names)
        everything = sorted(table.records, key=lambda i: table.records[i]["name"])
        assert table.shown_ids == full_scan(table, "flow 02", everything)


async def test_the_cursor_returns_to_its_record_when_a_later_slice_finds_it(
    small_slices: int,
) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(1_000))
        table.move_cursor(900)  # far beyond the first slice
        chosen = table.current_id
        assert chosen is not None
        table.set_needle(table.records[chosen]["name"][:7])  # "flow 0…": keeps the record
        await settled(pilot, table)
        assert table.current_id == chosen


async def test_a_row_count_change_keeps_the_drawn_rows_within_the_rows(
    small_slices: int,
) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(1_000))
        await pilot.pause(0.2)
        table.set_needle("flow 01")
        await settled(pilot, table)
        await pilot.pause(0.2)
        rows = table.row_count
        page = table.size.height - 1
        assert 40 < rows < 1_000
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == rows - 1
        assert table.top_row == rows - page > 0  # the last row at the bottom of the screen
        table.set_needle("flow 012")  # fewer rows than the scroll position reached
        await settled(pilot, table)
        await pilot.pause(0.2)
        assert 0 <= table.top_row <= max(table.row_count - page, 0)
        assert table.cursor_row < table.row_count


async def test_the_wheel_scrolls_the_rows_and_the_scrollbar_follows(small_slices: int) -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(1_000))
        await pilot.pause(0.2)
        for _ in range(2):  # two turns of the wheel over the table
            table.post_message(events.MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.top_row == 6 and table.cursor_row == 0
        thumb = [y for y in range(1, table.size.height) if "▐" in table.render_line(y).text]
        assert thumb and thumb[0] == 0 + 1  # 6 rows of 1,000 down: the thumb is still at the top
        await pilot.press("end")
        await pilot.pause()
        thumb = [y for y in range(1, table.size.height) if "▐" in table.render_line(y).text]
        assert thumb and thumb[-1] == table.size.height - 1


async def test_a_long_filter_shows_a_screenful_before_looking_at_every_row() -> None:
    app = TableHost()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RecordTable)
        table.append(fake_flows(30_000))
        order = list(table.shown_ids)
        table.set_needle("flow")  # every row matches
        screenful = table.size.height - 1
        assert table.filtering
        assert screenful <= table.row_count < table_rows_module.FILTER_SLICE
        await settled(pilot, table)
        assert table.shown_ids == full_scan(table, "flow", order)
