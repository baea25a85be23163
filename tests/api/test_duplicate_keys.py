"""A key repeated in a record from the service: the last value is the one shown, edited and kept.

The rule (exactjson.loads, as Python's json and most services' parsers): the last occurrence
wins. An edit that does not touch the key sends nothing for it, so the service keeps what it
has; an edit of the key replaces the value the person saw. A key the person types twice in the
editor is refused (parse_json), so flowtui never sends a body with a repeated key.
"""

from __future__ import annotations

import pytest

from flowtui.api.kinds import CONNECTIONS
from flowtui.edits.editing import EditSession
from flowtui.emulator.hostile import DUPLICATES_ID, hostile_app
from flowtui.patching import parse_json
from tests.support import recording_client

RAW_LABELS = '"team": "first team", "owner": "ops", "team": "last team"'


async def test_the_last_of_a_repeated_key_is_the_value_read() -> None:
    client, _ = recording_client(hostile_app())
    record = await client.get(CONNECTIONS, DUPLICATES_ID)
    assert record["description"] == "last description"
    assert record["labels"] == {"team": "last team", "owner": "ops"}


async def test_an_edit_elsewhere_sends_nothing_for_the_repeated_keys() -> None:
    app = hostile_app()
    client, recorder = recording_client(app)
    record = await client.get(CONNECTIONS, DUPLICATES_ID)
    edit = EditSession(CONNECTIONS, record)
    state = edit.evaluate(edit.initial_text().replace('"Duplicate keys"', '"Renamed"', 1))
    assert state.ops == [{"op": "replace", "path": "/name", "value": "Renamed"}]
    await client.patch(CONNECTIONS, DUPLICATES_ID, state.ops, str(record["etag"]))
    sent = recorder.flow_service_requests()[-1].content.decode()
    assert "team" not in sent and "description" not in sent
    # The service still holds both keys, exactly as they were.
    stored = app.store.get("prod", "connections", DUPLICATES_ID)
    assert RAW_LABELS in stored["labels"].text


async def test_editing_a_repeated_key_replaces_the_value_shown() -> None:
    app = hostile_app()
    client, _ = recording_client(app)
    record = await client.get(CONNECTIONS, DUPLICATES_ID)
    edit = EditSession(CONNECTIONS, record)
    state = edit.evaluate(edit.initial_text().replace('"last team"', '"new team"', 1))
    assert state.ops == [{"op": "replace", "path": "/labels/team", "value": "new team"}]
    await client.patch(CONNECTIONS, DUPLICATES_ID, state.ops, str(record["etag"]))
    after = await client.get(CONNECTIONS, DUPLICATES_ID)
    assert after["labels"] == {"team": "new team", "owner": "ops"}
    assert after["description"] == "last description"


@pytest.mark.parametrize(
    "text",
    ['{"name": "a", "name": "b"}', '{"labels": {"team": "x", "owner": "o", "team": "y"}}'],
)
def test_a_key_typed_twice_in_the_editor_is_refused(text: str) -> None:
    result = parse_json(text)
    assert not result.ok
    assert "Duplicate key" in str(result.error)
