"""The hostile record set: served exactly as stored, listed, and changed by PATCH like any other."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest

from flowtui.emulator import EmulatorApp
from flowtui.emulator.hostile import (
    DEEP_ARRAY_LEVELS,
    DEEP_ID,
    DUPLICATES_ID,
    HOSTILE_RECORDS,
    HUGE_VALUE_BYTES,
    NUMBERS,
    NUMBERS_ID,
    HostileRecord,
    hostile_app,
)
from tests.emulator.conftest import Service, open_service


@pytest.fixture
def app() -> EmulatorApp:
    return hostile_app()


@pytest.fixture
async def service(app: EmulatorApp) -> AsyncIterator[Service]:
    async for svc in open_service(app):
        yield svc


async def _etag(service: Service, path: str) -> str:
    """The record's etag, found as text: Python's json cannot read every hostile record."""
    reply = await service.get(path)
    found = re.search(r'"etag": ("(?:[^"\\]|\\.)*")', reply.text)
    assert found is not None
    etag: str = json.loads(found.group(1))
    return etag


@pytest.mark.parametrize("sandbox", ["prod", "dev"])
async def test_every_hostile_record_is_listed_in_every_sandbox(
    service: Service, sandbox: str
) -> None:
    for kind in {r.kind for r in HOSTILE_RECORDS}:
        listed: set[str] = set()
        path: str | None = f"/{kind}?limit=100"
        while path:
            reply = await service.get(path, sandbox)
            assert reply.status_code == 200, reply.text
            # Python's json cannot read this page (the deep array); the ids are found as text.
            listed.update(re.findall(r'"id": "([^"]+)"', reply.text))
            following = re.search(r'"next": \{"href": "([^"]+)"', reply.text)
            path = following.group(1) if following else None
        wanted = {r.id for r in HOSTILE_RECORDS if r.kind == kind}
        assert wanted <= listed


@pytest.mark.parametrize("record", [r for r in HOSTILE_RECORDS if not r.raw], ids=str)
async def test_hostile_string_comes_back_exactly_as_stored(
    service: Service, record: HostileRecord
) -> None:
    reply = await service.get(f"/{record.kind}/{record.id}")
    assert reply.status_code == 200
    item = reply.json()["items"][0]
    assert item[record.pointer.lstrip("/")] == record.stored


async def test_the_huge_value_is_five_megabytes(service: Service) -> None:
    huge = next(r for r in HOSTILE_RECORDS if r.label.startswith("size"))
    reply = await service.get(f"/flows/{huge.id}")
    assert len(reply.json()["items"][0]["description"]) == HUGE_VALUE_BYTES


async def test_numbers_go_on_the_wire_as_their_exact_text(service: Service) -> None:
    reply = await service.get(f"/flows/{NUMBERS_ID}")
    for key, text in NUMBERS.items():
        assert f'"{key}": {text}' in reply.text
    metrics = json.loads(reply.text, parse_float=str, parse_int=str)["items"][0]["metrics"]
    assert metrics == NUMBERS


async def test_the_deep_array_is_served_whole(service: Service) -> None:
    reply = await service.get(f"/flows/{DEEP_ID}")
    assert "[" * DEEP_ARRAY_LEVELS + '"bottom"' + "]" * DEEP_ARRAY_LEVELS in reply.text


async def test_duplicate_keys_reach_the_wire(service: Service) -> None:
    reply = await service.get(f"/connections/{DUPLICATES_ID}")
    assert '"description": "first description", "description": "last description"' in reply.text
    assert '"team": "first team", "owner": "ops", "team": "last team"' in reply.text


async def test_a_description_patch_keeps_every_exact_number(service: Service) -> None:
    reply = await service.patch(
        f"/flows/{NUMBERS_ID}",
        [{"op": "replace", "path": "/description", "value": "changed"}],
        await _etag(service, f"/flows/{NUMBERS_ID}"),
    )
    assert reply.status_code == 200, reply.text
    after = await service.get(f"/flows/{NUMBERS_ID}")
    metrics = json.loads(after.text, parse_float=str, parse_int=str)["items"][0]["metrics"]
    assert metrics == NUMBERS


async def test_a_patched_number_is_stored_as_its_exact_text(service: Service) -> None:
    etag = await _etag(service, f"/flows/{NUMBERS_ID}")
    body = '[{"op": "replace", "path": "/metrics/overflow", "value": 2e400}]'
    reply = await service.http.patch(
        "/data/foundation/flowservice" + f"/flows/{NUMBERS_ID}",
        content=body.encode(),
        headers=service.headers(**{"If-Match": etag, "Content-Type": "application/json"}),
    )
    assert reply.status_code == 200, reply.text
    after = await service.get(f"/flows/{NUMBERS_ID}")
    assert '"overflow": 2e400' in after.text


async def test_a_body_nested_too_deep_is_refused_with_400(service: Service) -> None:
    etag = await _etag(service, f"/flows/{NUMBERS_ID}")
    deep = "[" * 5000 + "]" * 5000
    reply = await service.http.patch(
        "/data/foundation/flowservice" + f"/flows/{NUMBERS_ID}",
        content=f'[{{"op": "add", "path": "/x", "value": {deep}}}]'.encode(),
        headers=service.headers(**{"If-Match": etag, "Content-Type": "application/json"}),
    )
    assert reply.status_code == 400
    assert "deeper than" in reply.json()["detail"]


async def test_without_the_flag_no_hostile_record_is_served() -> None:
    from flowtui.emulator import create_app

    async for plain in open_service(create_app()):
        reply = await plain.get(f"/flows/{NUMBERS_ID}")
        assert reply.status_code == 404


async def test_a_patch_inside_repeated_keys_applies_to_the_last_value(service: Service) -> None:
    reply = await service.patch(
        f"/connections/{DUPLICATES_ID}",
        [{"op": "replace", "path": "/labels/team", "value": "new team"}],
        await _etag(service, f"/connections/{DUPLICATES_ID}"),
    )
    assert reply.status_code == 200, reply.text
    after = (await service.get(f"/connections/{DUPLICATES_ID}")).json()["items"][0]
    assert after["labels"] == {"team": "new team", "owner": "ops"}


async def test_a_patch_inside_the_deep_array_is_refused_not_a_crash(service: Service) -> None:
    reply = await service.patch(
        f"/flows/{DEEP_ID}",
        [{"op": "replace", "path": "/nested/0/0", "value": 1}],
        await _etag(service, f"/flows/{DEEP_ID}"),
    )
    assert reply.status_code == 400
