"""What `/` and `:` make of what was typed, and how cells read at 80 columns."""

from __future__ import annotations

from flowtui.api.kinds import FLOW_SPECS, FLOWS, KINDS_BY_NAME, TARGET_CONNECTIONS
from flowtui.edits.list_query import ListQuery, matches_text, parse_query
from flowtui.tui.widgets.cells import cell_text, short_date, short_id, sort_key
from flowtui.tui.widgets.command_line import (
    CommandProblem,
    JumpTo,
    OpenRecord,
    RunAction,
    parse_command,
)

FLOW_ID = "226fb2e1-db69-4760-b67e-9e671e05abfc"


def test_plain_text_is_a_local_filter() -> None:
    assert parse_query("  winter ") == ListQuery(text="winter")
    assert parse_query("a = b") == ListQuery(text="a = b")


def test_an_expression_is_a_service_property_filter() -> None:
    assert parse_query("state==enabled") == ListQuery(property_filter="state==enabled")
    assert parse_query("connectionSpec.id == abc") == ListQuery(
        property_filter="connectionSpec.id==abc"
    )
    assert parse_query("createdAt>1600000000000").property_filter == "createdAt>1600000000000"
    assert parse_query("state!=disabled").property_filter == "state!=disabled"


def test_text_matches_names_and_ids_case_blind() -> None:
    record = {"name": "2021 Winter Campaign", "id": FLOW_ID}
    assert matches_text(record, "winter")
    assert matches_text(record, "226fb2e1")
    assert not matches_text(record, "summer")


def test_colon_kind_names_and_aliases_jump() -> None:
    assert parse_command("flows") == JumpTo(FLOWS)
    assert parse_command("fs") == JumpTo(FLOW_SPECS)
    assert parse_command("Target connections".replace(" ", "")) == JumpTo(TARGET_CONNECTIONS)


def test_colon_id_alone_or_after_a_kind_opens() -> None:
    assert parse_command(FLOW_ID) == OpenRecord(None, FLOW_ID)
    assert parse_command(f"df {FLOW_ID}") == OpenRecord(FLOWS, FLOW_ID)
    assert isinstance(parse_command(f"nonsense {FLOW_ID}"), CommandProblem)
    assert parse_command("q") == RunAction("quit")
    assert parse_command("   ") is None


def test_cells_fit_80_columns() -> None:
    id_column = KINDS_BY_NAME["flows"].columns[-1]
    updated = KINDS_BY_NAME["flows"].columns[3]
    assert cell_text(id_column, FLOW_ID, shorten_ids=True) == "226fb2e1…"
    assert cell_text(id_column, FLOW_ID, shorten_ids=False) == FLOW_ID
    assert cell_text(updated, 1640289900000, shorten_ids=True) == "2021-12-23 20:05"
    assert short_date("2021-12-23T20:05:00Z") == "2021-12-23 20:05"
    assert short_id("not-a-uuid") == "not-a-uuid"


def test_missing_values_sort_last() -> None:
    values = ["b", None, 3, "A"]
    assert sorted(values, key=sort_key) == [3, "A", "b", None]


def test_single_equals_is_recognised_as_a_mistyped_property_filter() -> None:
    from flowtui.edits.list_query import looks_like_single_equals

    assert looks_like_single_equals("state=enabled")
    assert looks_like_single_equals("connectionSpec.id=cfc0fee1")
    assert not looks_like_single_equals("winter campaign")
    assert not looks_like_single_equals("=enabled")
