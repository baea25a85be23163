"""Reading and changing one record through the client, against the in-process emulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from flowtui.api import (
    FlowServiceClient,
    NotFoundError,
    PreconditionFailedError,
    ServerError,
    ValidationError,
)
from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, FLOW_SPECS, FLOWS, TARGET_CONNECTIONS
from flowtui.emulator import DEMO_CLIENT_ID, DEMO_ORG_ID
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from tests.support import (
    MAILCHIMP_SPEC_ID,
    REST_FLOW_SPEC_ID,
    SEED_FLOW_ID,
    SEED_TARGET_CONNECTION_ID,
    demo_client_settings,
    recording_client,
)

RENAME = [{"op": "replace", "path": "/name", "value": "renamed at 2 a.m."}]


async def test_every_call_carries_the_gateway_headers(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app, sandbox="dev")
    flow = (await client.list_all(FLOWS))[0]
    await client.patch(FLOWS, flow["id"], RENAME, flow["etag"])
    await client.action(FLOWS, flow["id"], "disable")
    requests = recorder.flow_service_requests()
    assert [r.method for r in requests] == ["GET", "PATCH", "POST"]
    for request in requests:
        assert request.headers["authorization"].startswith("Bearer ")
        assert request.headers["x-api-key"] == DEMO_CLIENT_ID
        assert request.headers["x-gw-ims-org-id"] == DEMO_ORG_ID
        assert request.headers["x-sandbox-name"] == "dev"
        if request.method != "GET":
            assert request.headers["content-type"] == "application/json"


async def test_get_unwraps_the_items_envelope(emulator_app: Any) -> None:
    client, _ = recording_client(emulator_app)
    connection = await client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    assert connection["id"] == SALESFORCE_CONNECTION_ID
    assert connection["name"] == "E2E_SF Base_Connection"
    assert "items" not in connection


async def test_missing_record_reads_as_not_found_or_no_access(emulator_app: Any) -> None:
    client, _ = recording_client(emulator_app)
    with pytest.raises(NotFoundError) as caught:
        await client.get(FLOWS, "00000000-0000-0000-0000-000000000000")
    assert "not found, or you have no access to it" in str(caught.value)
    assert caught.value.status == 404
    assert caught.value.request_id


async def test_sandboxes_hold_different_records(emulator_app: Any) -> None:
    prod, _ = recording_client(emulator_app)
    dev = prod.for_sandbox("dev")
    prod_ids = {r["id"] for r in await prod.list_all(CONNECTIONS)}
    dev_ids = {r["id"] for r in await dev.list_all(CONNECTIONS)}
    assert prod_ids != dev_ids
    assert dev.sandbox == "dev" and prod.sandbox == "prod"
    assert prod.tokens.fetch_count == 1, "the sandbox client shares the token"


async def test_patch_sends_the_etag_with_its_quotes_and_returns_the_new_one(
    emulator_app: Any,
) -> None:
    client, recorder = recording_client(emulator_app)
    before = await client.get(TARGET_CONNECTIONS, SEED_TARGET_CONNECTION_ID)
    assert before["etag"].startswith('"') and before["etag"].endswith('"')
    result = await client.patch(TARGET_CONNECTIONS, before["id"], RENAME, before["etag"])
    (patch_request,) = [r for r in recorder.requests if r.method == "PATCH"]
    assert patch_request.headers["if-match"] == before["etag"]
    after = await client.get(TARGET_CONNECTIONS, before["id"])
    assert result.etag == after["etag"] != before["etag"]
    assert result.id == before["id"] and result.request_id
    assert after["name"] == "renamed at 2 a.m."


async def test_stale_etag_is_a_precondition_failure_with_the_service_code(
    emulator_app: Any,
) -> None:
    client, _ = recording_client(emulator_app)
    loaded = await client.get(FLOWS, SEED_FLOW_ID)
    emulator_app.store.touch("prod", "flows", SEED_FLOW_ID, {"description": "someone else"})
    with pytest.raises(PreconditionFailedError) as caught:
        await client.patch(FLOWS, SEED_FLOW_ID, RENAME, loaded["etag"])
    assert caught.value.status == 412
    assert caught.value.code == "FLOW-1404-412"
    assert caught.value.request_id
    assert (await client.get(FLOWS, SEED_FLOW_ID))["name"] == loaded["name"]


@pytest.mark.parametrize(
    ("ops", "code"),
    [
        ([{"op": "move", "from": "/name", "path": "/description"}], "FLOW-1434"),
        ([{"op": "remove", "path": "/noSuchMember"}], "FLOW-1455"),
        ([{"op": "replace", "path": "/id", "value": "x"}], None),
        ([{"op": "replace", "path": "/connectionSpec/id", "value": MAILCHIMP_SPEC_ID}], None),
    ],
)
async def test_refused_patches_are_validation_errors_and_change_nothing(
    emulator_app: Any, ops: list[dict[str, Any]], code: str | None
) -> None:
    client, _ = recording_client(emulator_app)
    before = await client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    with pytest.raises(ValidationError) as caught:
        await client.patch(CONNECTIONS, SALESFORCE_CONNECTION_ID, ops, before["etag"])
    assert caught.value.status == 400
    if code is not None:
        assert caught.value.code is not None and caught.value.code.startswith(code)
    assert (await client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID))["etag"] == before["etag"]


async def test_put_replaces_a_spec_and_returns_it(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    spec = await client.get(FLOW_SPECS, REST_FLOW_SPEC_ID)
    body = {k: v for k, v in spec.items() if k not in ("id", "createdAt", "updatedAt")}
    body["description"] = "documented at 2 a.m."
    updated = await client.put(FLOW_SPECS, REST_FLOW_SPEC_ID, body)
    assert updated["id"] == REST_FLOW_SPEC_ID
    assert updated["description"] == "documented at 2 a.m."
    (put_request,) = [r for r in recorder.requests if r.method == "PUT"]
    assert put_request.headers["content-type"] == "application/json"
    assert (await client.get(FLOW_SPECS, REST_FLOW_SPEC_ID))["description"] == body["description"]


async def test_put_without_required_fields_is_refused(emulator_app: Any) -> None:
    client, _ = recording_client(emulator_app)
    spec = await client.get(CONNECTION_SPECS, MAILCHIMP_SPEC_ID)
    body = {k: v for k, v in spec.items() if k != "name"}
    with pytest.raises(ValidationError):
        await client.put(CONNECTION_SPECS, MAILCHIMP_SPEC_ID, body)
    assert (await client.get(CONNECTION_SPECS, MAILCHIMP_SPEC_ID))["name"] == spec["name"]


async def test_flow_actions_change_state_and_etag(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    flow = await client.get(FLOWS, SEED_FLOW_ID)
    disabled = await client.action(FLOWS, SEED_FLOW_ID, "disable", flow["etag"])
    assert (await client.get(FLOWS, SEED_FLOW_ID))["state"] == "disabled"
    enabled = await client.action(FLOWS, SEED_FLOW_ID, "enable", disabled.etag)
    after = await client.get(FLOWS, SEED_FLOW_ID)
    assert after["state"] == "enabled"
    assert len({flow["etag"], disabled.etag, enabled.etag}) == 3 and after["etag"] == enabled.etag
    posts = [r for r in recorder.requests if r.method == "POST" and "action" in r.url.path]
    assert [r.url.params["op"] for r in posts] == ["disable", "enable"]
    assert posts[0].url.path.endswith(f"/flows/{SEED_FLOW_ID}/action")


async def test_unknown_action_is_refused_before_sending(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    with pytest.raises(ValueError, match="no action"):
        await client.action(FLOWS, SEED_FLOW_ID, "delete")
    assert recorder.requests == []


class AnswerAltered(httpx.AsyncBaseTransport):
    """The real emulator behind it, with its answers to one method replaced by ``answer``."""

    def __init__(self, app: Any, method: str, answer: httpx.Response) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.method = method
        self.answer = answer
        self.seen: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request.method)
        response = await self.inner.handle_async_request(request)
        if request.method == self.method:
            await response.aread()
            return self.answer
        return response


async def test_accepted_patch_without_body_reads_the_new_etag(emulator_app: Any) -> None:
    transport = AnswerAltered(emulator_app, "PATCH", httpx.Response(202))
    client = FlowServiceClient(demo_client_settings(), transport=transport)
    before = await client.get(FLOWS, SEED_FLOW_ID)
    result = await client.patch(FLOWS, SEED_FLOW_ID, RENAME, before["etag"])
    assert result.etag == emulator_app.store.get("prod", "flows", SEED_FLOW_ID)["etag"]
    assert result.etag != before["etag"]
    assert transport.seen[-2:] == ["PATCH", "GET"]


async def test_writes_are_never_retried(emulator_app: Any) -> None:
    transport = AnswerAltered(emulator_app, "PATCH", httpx.Response(503, json={"message": "busy"}))
    client = FlowServiceClient(demo_client_settings(), transport=transport)
    before = await client.get(FLOWS, SEED_FLOW_ID)
    with pytest.raises(ServerError):
        await client.patch(FLOWS, SEED_FLOW_ID, RENAME, before["etag"])
    assert transport.seen.count("PATCH") == 1
