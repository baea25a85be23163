"""The table's data without a screen: what is shown, in which order, under a filter and a sort,
and how few long lists it keeps for the garbage collector to walk."""

from __future__ import annotations

import gc
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.tui.widgets.cells import sort_key
from flowtui.tui.widgets.table_rows import TableRows, search_text
from tests.tui.test_record_table import fake_flows

FLOWS = KINDS_BY_NAME["flows"]


def full_scan(rows: TableRows, needle: str) -> list[str]:
    return [i for i in rows.order if needle.casefold() in search_text(rows.records[i])]


def test_while_nothing_is_filtered_the_order_itself_is_shown() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(2_000))
    assert rows.shows_every_row
    rows.set_needle("flow 01", screenful=20)
    rows.finish_scan()
    assert not rows.shows_every_row
    rows.set_needle("", screenful=20)
    assert rows.shows_every_row
    rows.append(fake_flows(10, start=2_000))  # a page after the filter is cleared shows once
    assert rows.shows_every_row and len(rows.order) == 2_010 == len(rows.shown_ids)


def test_a_keystroke_leaves_no_new_list_of_rows_for_the_collector_to_walk() -> None:
    rows = TableRows(FLOWS)
    rows.append(fake_flows(5_000))
    before = _long_lists()
    for needle in ("flow", "flow 0", "flow 01", "flow 0"):
        rows.set_needle(needle, screenful=20)
        rows.finish_scan()
    assert _long_lists() <= before


def _long_lists() -> int:
    """Lists the collector tracks that are as long as a filter's result could be."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, list) and len(o) >= 1_000)


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
    names = [rows.values_of(i)[0] for i in rows.shown_ids]
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


def test_a_rename_under_a_filter_is_matched_by_its_new_name_when_the_filter_narrows() -> None:
    rows = TableRows(FLOWS)
    flows = fake_flows(200)
    rows.append(flows)
    rows.set_needle("flow 0", screenful=20)
    rows.finish_scan()
    renamed = next(f for f in flows if f["name"].startswith("flow 00"))
    rows.append([{**renamed, "name": "quarterly export"}])
    rows.set_needle("flow 00", screenful=20)  # narrows what "flow 0" showed
    rows.finish_scan()
    assert renamed["id"] not in rows.shown_ids
    assert rows.shown_ids == full_scan(rows, "flow 00")
    rows.set_needle("quarterly", screenful=20)
    rows.finish_scan()
    assert rows.shown_ids == [renamed["id"]]


# Pages, renames, sorts and filters in any order: a filter started afresh shows every held
# record whose current name or id holds the needle, in the chosen order (stable: arrival order
# breaks ties). A filter that narrows looks only at what was shown; a rename is matched from the
# next filter on (tested above).
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("page"), st.integers(0, 400), st.integers(1, 60)),
        st.tuples(st.just("rename"), st.integers(0, 400), st.sampled_from(["flow 9", "zz 1"])),
        st.tuples(st.just("sort"), st.sampled_from([None, 0, 1]), st.booleans()),
        st.tuples(st.just("filter"), st.sampled_from(["", "flow", "flow 0", "flow 00", "zz"])),
        st.tuples(st.just("slice"), st.integers(1, 3)),
    ),
    max_size=25,
)


def expected_rows(rows: TableRows, held: dict[str, dict[str, Any]]) -> list[str]:
    ids = list(held)
    if rows.sort_column is not None:
        column = rows.sort_column
        ids.sort(key=lambda i: sort_key(rows.values_of(i)[column]), reverse=rows.sort_reverse)
    return [i for i in ids if rows.needle in search_text(held[i])]


@settings(max_examples=150, deadline=None)
@given(_OPS)
def test_a_fresh_filter_shows_the_matching_records_in_order(ops: list[tuple[Any, ...]]) -> None:
    rows = TableRows(FLOWS)
    held: dict[str, dict[str, Any]] = {}  # the reference: every record by id, arrival order
    for op in ops:
        if op[0] == "page":
            page = fake_flows(op[2], start=op[1])
            if rows.sort_column is not None:
                rows.finish_scan()  # as RecordTable.append does before a sorted insert
            rows.append(page)
            held.update((f["id"], f) for f in page)
        elif op[0] == "rename" and held:
            record = list(held.values())[op[1] % len(held)]
            renamed = {**record, "name": f"{op[2]} {op[1]}"}
            rows.finish_scan()  # as RecordTable.replace does
            rows.append([renamed])
            held[renamed["id"]] = renamed
        elif op[0] == "sort":
            rows.finish_scan()  # as RecordTable.sort_by does
            rows.sort_by(op[1], reverse=op[2], screenful=20)
            rows.finish_scan()
            assert rows.shown_ids == expected_rows(rows, held)
        elif op[0] == "filter":
            afresh = not rows.needle or rows.needle not in op[1].casefold()
            rows.set_needle(op[1], screenful=20)
            if afresh:
                rows.finish_scan()
                assert rows.shown_ids == expected_rows(rows, held)
        elif op[0] == "slice":
            for _ in range(op[1]):
                rows.scan_slice()
    needle = rows.needle
    rows.set_needle("", screenful=20)
    assert rows.shown_ids == expected_rows(rows, held)
    rows.set_needle(needle, screenful=20)
    rows.finish_scan()
    assert rows.shown_ids == expected_rows(rows, held)
    assert sorted(rows.order) == sorted(held)
