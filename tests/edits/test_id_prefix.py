"""Ids as the tables show them: a unique prefix resolves from the loaded rows (no request),
then from the service's lists, then from the other sandboxes; an ambiguous one lists its
candidates; a miss says what was searched."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flowtui.api.kinds import FLOWS, KINDS, TARGET_CONNECTIONS
from flowtui.edits.id_prefix import LoadedRows, find_id, in_loaded_rows
from flowtui.emulator.fixtures import DEV_FLOW_ID, EDIT_TARGET_CONNECTION_ID, WINTER_FLOW_ID
from flowtui.session import Session


def _records(emulator_app: Any, sandbox: str, kind: str) -> list[dict[str, Any]]:
    return [dict(record) for record in emulator_app.store.records(sandbox, kind)]


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in records}


async def test_eight_characters_of_a_loaded_row_resolve_without_a_request(
    session: Session, emulator_app: Any
) -> None:
    loaded = [LoadedRows(FLOWS, _by_id(_records(emulator_app, "prod", "flows")), complete=True)]
    sent = session.client.request_count
    lookup = await find_id(WINTER_FLOW_ID[:8], session.client, loaded, KINDS)
    assert lookup.found is not None
    assert (lookup.found.kind, lookup.found.record_id) == (FLOWS, WINTER_FLOW_ID)
    assert lookup.found.sandbox == "prod"
    assert session.client.request_count == sent


async def test_a_prefix_not_loaded_is_found_in_the_service_lists(session: Session) -> None:
    lookup = await find_id(EDIT_TARGET_CONNECTION_ID[:8].upper(), session.client, [], KINDS)
    assert lookup.found is not None
    assert lookup.found.kind == TARGET_CONNECTIONS
    assert lookup.found.record_id == EDIT_TARGET_CONNECTION_ID


async def test_an_ambiguous_prefix_lists_kind_name_and_id(
    session: Session, emulator_app: Any
) -> None:
    records = [
        (kind, record)
        for kind in KINDS
        for record in _records(emulator_app, "prod", kind.name)
    ]  # fmt: skip
    first, count = Counter(record["id"][0] for _, record in records).most_common(1)[0]
    assert count > 1
    lookup = await find_id(first, session.client, [], KINDS)
    assert lookup.found is None
    assert len(lookup.candidates) == count
    message = lookup.message()
    assert f"{count} records have an id starting with {first}" in message
    shown = [(kind, record) for kind, record in records if record["id"].startswith(first)]
    kind, record = shown[0]
    assert kind.singular in message and record["id"][:8] in message
    assert str(record.get("name", ""))[:20] in message


async def test_a_prefix_from_another_sandbox_says_where_it_lives(session: Session) -> None:
    dev = session.client.for_sandbox("dev")
    lookup = await find_id(WINTER_FLOW_ID[:8], dev, [], KINDS, other_sandboxes=["dev", "prod"])
    assert lookup.found is not None
    assert (lookup.found.record_id, lookup.found.sandbox) == (WINTER_FLOW_ID, "prod")


async def test_a_whole_id_in_another_sandbox_is_found_by_a_cross_sandbox_read(
    session: Session,
) -> None:
    lookup = await find_id(DEV_FLOW_ID, session.client, [], KINDS)
    assert lookup.found is not None
    assert (lookup.found.kind, lookup.found.sandbox) == (FLOWS, "dev")
    assert "a cross-sandbox read" in lookup.searched


def test_a_miss_in_the_loaded_rows_says_only_they_were_searched(emulator_app: Any) -> None:
    loaded = [LoadedRows(FLOWS, _by_id(_records(emulator_app, "prod", "flows")), complete=False)]
    lookup = in_loaded_rows("zzzz", loaded, "prod")
    assert lookup.found is None and lookup.candidates == []
    assert "only the loaded rows were searched" in lookup.message()


async def test_a_miss_everywhere_names_what_was_searched(session: Session) -> None:
    lookup = await find_id("0000000z", session.client, [], KINDS, other_sandboxes=["dev"])
    assert lookup.candidates == []
    message = lookup.message()
    assert "lists of prod" in message and "lists of dev" in message
    assert "only the loaded rows" not in message
