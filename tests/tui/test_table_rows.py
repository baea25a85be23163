"""The table's data without a screen: what is shown, in which order, under a filter and a sort,
and how few long lists it keeps for the garbage collector to walk."""

from __future__ import annotations

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.tui.widgets.table_rows import TableRows, search_text
from tests.tui.test_record_table import fake_flows

FLOWS = KINDS_BY_NAME["flows"]


def full_scan(rows: TableRows, needle: str) -> list[str]:
    return [i for i in rows.order if needle.casefold() in search_text(rows.records[i])]


def test_while_nothing_is_filtered_the_ids_are_listed_once() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(2_000))
    assert rows.shown_ids is rows.order
    rows.set_needle("flow 01", screenful=20)
    rows.finish_scan()
    assert rows.shown_ids is not rows.order
    rows.set_needle("", screenful=20)
    assert rows.shown_ids is rows.order
    rows.append(fake_flows(10, start=2_000))  # a page after the filter is cleared shows once
    assert rows.shown_ids is rows.order and len(rows.order) == 2_010


def test_a_page_arriving_under_a_filter_joins_only_if_it_matches() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(500))
    rows.set_needle("flow 00", screenful=20)
    rows.finish_scan()
    rows.append(fake_flows(500, start=500))
    rows.finish_scan()
    assert rows.shown_ids == full_scan(rows, "flow 00")
    assert rows.order == [f["id"] for f in fake_flows(1_000)]


def test_a_sort_holds_while_pages_stream_in_and_survives_a_filter() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(300))
    rows.sort_by(0, reverse=True, screenful=20)
    for start in range(300, 1_500, 100):
        rows.append(fake_flows(100, start=start))
    names = [rows.values[i][0] for i in rows.shown_ids]
    assert names == sorted(names, reverse=True) and len(names) == 1_500
    rows.set_needle("flow 01", screenful=20)
    rows.finish_scan()
    assert rows.shown_ids == full_scan(rows, "flow 01")


def test_the_first_slice_stops_at_a_screenful() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(50_000))
    rows.set_needle("flow", screenful=30)
    assert rows.scan is not None and 30 <= len(rows.shown_ids) < 5_000
    rows.finish_scan()
    assert len(rows.shown_ids) == 50_000 and rows.scan is None


def test_a_known_record_is_updated_in_place_and_a_rename_changes_what_matches() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(10))
    first = fake_flows(1)[0]
    added = rows.append([{**first, "name": "renamed"}])
    assert added.fresh == [] and added.replaced == [first["id"]]
    rows.set_needle("renamed", screenful=20)
    assert rows.shown_ids == [first["id"]]
