"""Changes: JSON Patch under If-Match, PUT of whole specs, flow actions, masked credentials."""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest

from flowtui.emulator import MASK, EmulatorApp
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID

from .conftest import BASE, Service

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"
TARGET = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"
S3_BASE = "7fbf542b-83ed-498f-8838-8fde0c4d4d69"
MAILCHIMP = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"
STREAMING = "bdb5b792-451b-42de-acf8-15f3195821de"
REST_FLOW_SPEC = "6499120c-0b15-42dc-936e-847ea3c24d72"


async def _record(svc: Service, kind: str, rid: str) -> dict[str, Any]:
    reply = await svc.get(f"/{kind}/{rid}")
    assert reply.status_code == 200, reply.text
    record: dict[str, Any] = reply.json()["items"][0]
    return record


async def test_patch_changes_fields_and_bumps_etag_version_and_updated_at(
    service: Service,
) -> None:
    before = await _record(service, "connections", SALESFORCE_CONNECTION_ID)
    ops = [
        {"op": "replace", "path": "/name", "value": "Test salesforce connection"},
        {"op": "add", "path": "/description", "value": "A test salesforce connection"},
    ]
    reply = await service.patch(f"/connections/{SALESFORCE_CONNECTION_ID}", ops, before["etag"])
    assert reply.status_code == 200, reply.text
    assert set(reply.json()) == {"id", "etag"}
    assert reply.json()["id"] == SALESFORCE_CONNECTION_ID
    after = await _record(service, "connections", SALESFORCE_CONNECTION_ID)
    assert after["name"] == "Test salesforce connection"
    assert after["description"] == "A test salesforce connection"
    assert after["etag"] == reply.json()["etag"] != before["etag"]
    assert after["version"] == after["etag"]
    assert after["etag"].startswith('"') and after["etag"].endswith('"')
    assert after["updatedAt"] > before["updatedAt"]
    assert after["updatedAt"] >= int(time.time() * 1000) - 60_000
    assert after["updatedBy"] != before["updatedBy"] or after["updatedClient"]
    assert after["createdAt"] == before["createdAt"]


async def test_target_connection_params_patch_from_the_destinations_tutorial(
    service: Service,
) -> None:
    before = await _record(service, "targetConnections", TARGET)
    assert before["etag"] == '"1a0037e4-0000-0200-0000-602e06f60000"'
    ops = [
        {
            "op": "replace",
            "path": "/params",
            "value": {"bucketName": "newBucketName", "path": "updatedPath"},
        }
    ]
    reply = await service.patch(f"/targetConnections/{TARGET}", ops, before["etag"])
    assert reply.status_code == 200
    after = await _record(service, "targetConnections", TARGET)
    assert after["params"] == {"bucketName": "newBucketName", "path": "updatedPath"}


@pytest.mark.parametrize("quoted", [True, False])
async def test_if_match_is_accepted_quoted_or_unquoted(service: Service, quoted: bool) -> None:
    etag = (await _record(service, "flows", FLOW))["etag"]
    sent = etag if quoted else etag.strip('"')
    ops = [{"op": "replace", "path": "/description", "value": "new"}]
    reply = await service.patch(f"/flows/{FLOW}", ops, sent)
    assert reply.status_code == 200, reply.text


async def test_patch_without_if_match_is_1403(service: Service) -> None:
    ops = [{"op": "replace", "path": "/name", "value": "x"}]
    reply = await service.patch(f"/flows/{FLOW}", ops, None)
    assert reply.status_code == 400
    body = reply.json()
    assert body["type"].endswith("FLOW-1403-400")
    assert "If-Match" in body["detail"]


async def test_stale_if_match_is_412_naming_both_versions(service: Service) -> None:
    old = (await _record(service, "flows", FLOW))["etag"]
    assert (
        await service.patch(
            f"/flows/{FLOW}", [{"op": "replace", "path": "/name", "value": "first"}], old
        )
    ).status_code == 200
    current = (await _record(service, "flows", FLOW))["etag"]
    reply = await service.patch(
        f"/flows/{FLOW}", [{"op": "replace", "path": "/name", "value": "second"}], old
    )
    assert reply.status_code == 412
    body = reply.json()
    assert body["type"].endswith("FLOW-1404-412")
    assert body["status"] == 412
    assert old.strip('"') in body["detail"] and current.strip('"') in body["detail"]
    assert (await _record(service, "flows", FLOW))["name"] == "first"


async def test_touch_by_another_user_makes_my_etag_stale(
    app: EmulatorApp, service: Service
) -> None:
    mine = (await _record(service, "flows", FLOW))["etag"]
    theirs = app.store.touch("prod", "flows", FLOW, {"description": "changed elsewhere"})
    assert theirs["etag"] != mine
    assert theirs["description"] == "changed elsewhere"
    reply = await service.patch(
        f"/flows/{FLOW}", [{"op": "replace", "path": "/name", "value": "x"}], mine
    )
    assert reply.status_code == 412
    assert app.store.get("prod", "flows", FLOW)["name"] == "2021 winter campaign"


@pytest.mark.parametrize("op", ["move", "copy", "test", "merge", None])
async def test_operations_other_than_add_replace_remove_are_1434(
    service: Service, op: str | None
) -> None:
    etag = (await _record(service, "flows", FLOW))["etag"]
    ops = [{"op": op, "path": "/name", "from": "/description", "value": "x"}]
    reply = await service.patch(f"/flows/{FLOW}", ops, etag)
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-1434-400")


@pytest.mark.parametrize(
    ("kind", "rid", "path"),
    [
        ("flows", FLOW, "/id"),
        ("flows", FLOW, "/etag"),
        ("flows", FLOW, "/version"),
        ("flows", FLOW, "/createdAt"),
        ("flows", FLOW, "/updatedAt"),
        ("flows", FLOW, "/createdBy"),
        ("flows", FLOW, "/updatedBy"),
        ("flows", FLOW, "/createdClient"),
        ("flows", FLOW, "/updatedClient"),
        ("flows", FLOW, "/sandboxId"),
        ("flows", FLOW, "/sandboxName"),
        ("flows", FLOW, "/imsOrgId"),
        ("flows", FLOW, "/inheritedAttributes/sourceConnections/0/id"),
        ("flows", FLOW, "/lastOperation"),
        ("flows", FLOW, "/lastRunDetails"),
        ("connections", SALESFORCE_CONNECTION_ID, "/connectionSpec/id"),
        ("connections", SALESFORCE_CONNECTION_ID, "/connectionSpec"),
        ("targetConnections", TARGET, "/connectionSpec"),
    ],
)
async def test_read_only_fields_are_refused_naming_the_path(
    service: Service, kind: str, rid: str, path: str
) -> None:
    before = await _record(service, kind, rid)
    reply = await service.patch(
        f"/{kind}/{rid}", [{"op": "add", "path": path, "value": "x"}], before["etag"]
    )
    assert reply.status_code == 400
    assert path in reply.json()["detail"]
    assert (await _record(service, kind, rid)) == before


async def test_flow_state_is_not_patchable(service: Service) -> None:
    etag = (await _record(service, "flows", FLOW))["etag"]
    reply = await service.patch(
        f"/flows/{FLOW}", [{"op": "replace", "path": "/state", "value": "disabled"}], etag
    )
    assert reply.status_code == 400
    assert "/state" in reply.json()["detail"]
    assert "action" in reply.json()["detail"]


@pytest.mark.parametrize(
    "op",
    [
        {"op": "remove", "path": "/no-such-member"},
        {"op": "replace", "path": "/missing", "value": 1},
        {"op": "add", "path": "/params/deep/er", "value": 1},
        {"op": "remove", "path": "/sourceConnectionIds/5"},
        {"op": "add", "path": "name", "value": 1},
    ],
)
async def test_patch_that_does_not_apply_is_1455_and_changes_nothing(
    service: Service, op: dict[str, Any]
) -> None:
    before = await _record(service, "flows", FLOW)
    ok = {"op": "replace", "path": "/description", "value": "should not stick"}
    reply = await service.patch(f"/flows/{FLOW}", [ok, op], before["etag"])
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-1455-400")
    assert await _record(service, "flows", FLOW) == before


@pytest.mark.parametrize("body", [{"op": "add"}, "text", [1], [{"op": "add", "path": "/x"}]])
async def test_malformed_patch_body_is_400(service: Service, body: Any) -> None:
    etag = (await _record(service, "flows", FLOW))["etag"]
    reply = await service.patch(f"/flows/{FLOW}", body, etag)
    assert reply.status_code == 400


async def test_patch_unknown_record_is_404(service: Service) -> None:
    reply = await service.patch("/flows/nope", [{"op": "remove", "path": "/description"}], '"x"')
    assert reply.status_code == 404


async def test_secrets_come_back_masked_in_get_and_list(service: Service) -> None:
    record = await _record(service, "connections", SALESFORCE_CONNECTION_ID)
    params = record["auth"]["params"]
    assert params["password"] == MASK
    assert params["securityToken"] == MASK
    assert params["username"] == "my-salesforce-account"
    listed = (await service.get("/connections")).json()["items"]
    sf = next(r for r in listed if r["id"] == SALESFORCE_CONNECTION_ID)
    assert sf["auth"]["params"]["password"] == MASK
    s3 = await _record(service, "connections", S3_BASE)
    assert s3["auth"]["params"]["secretKey"] == MASK
    assert s3["auth"]["params"]["accessId"] != MASK
    raw = (await service.get("/connections")).text
    assert "sf-password-8e1d" not in raw


async def test_patch_stores_new_credentials_and_still_masks_them(
    app: EmulatorApp, service: Service
) -> None:
    etag = (await _record(service, "connections", SALESFORCE_CONNECTION_ID))["etag"]
    new = {
        "username": "salesforce-connector-username",
        "password": "NEW-pw",
        "securityToken": "NEW-token",
    }
    reply = await service.patch(
        f"/connections/{SALESFORCE_CONNECTION_ID}",
        [{"op": "replace", "path": "/auth/params", "value": new}],
        etag,
    )
    assert reply.status_code == 200
    assert app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["auth"]["params"] == new
    shown = (await _record(service, "connections", SALESFORCE_CONNECTION_ID))["auth"]["params"]
    assert shown == {**new, "password": MASK, "securityToken": MASK}


@pytest.mark.parametrize(
    ("op", "state"),
    [
        ("enable", "enabled"),
        ("DISABLE", "disabled"),
        ("disable", "disabled"),
        ("ENABLE", "enabled"),
    ],
)
async def test_flow_action_sets_state_and_etag(service: Service, op: str, state: str) -> None:
    before = await _record(service, "flows", FLOW)
    reply = await service.post(f"/flows/{FLOW}/action?op={op}")
    assert reply.status_code == 200, reply.text
    assert set(reply.json()) == {"id", "etag"}
    after = await _record(service, "flows", FLOW)
    assert after["state"] == state
    assert after["etag"] == reply.json()["etag"] != before["etag"]


async def test_flow_action_with_stale_if_match_is_412(service: Service) -> None:
    reply = await service.post(f"/flows/{FLOW}/action?op=disable", headers={"If-Match": '"stale"'})
    assert reply.status_code == 412
    assert (await _record(service, "flows", FLOW))["state"] == "enabled"
    etag = (await _record(service, "flows", FLOW))["etag"]
    ok = await service.post(f"/flows/{FLOW}/action?op=disable", headers={"If-Match": etag})
    assert ok.status_code == 200


@pytest.mark.parametrize("query", ["?op=pause", "", "?op="])
async def test_unknown_flow_action_is_400(service: Service, query: str) -> None:
    reply = await service.post(f"/flows/{FLOW}/action{query}")
    assert reply.status_code == 400


async def test_actions_exist_only_on_flows(service: Service) -> None:
    reply = await service.post(f"/connections/{SALESFORCE_CONNECTION_ID}/action?op=enable")
    assert reply.status_code == 404


def _without_server_fields(spec: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(spec)
    for key in (
        "id",
        "createdAt",
        "updatedAt",
        "createdBy",
        "updatedBy",
        "createdClient",
        "updatedClient",
        "sandboxId",
        "sandboxName",
        "imsOrgId",
    ):
        body.pop(key, None)
    return body


async def test_put_connection_spec_replaces_the_body_and_keeps_server_fields(
    service: Service,
) -> None:
    before = await _record(service, "connectionSpecs", MAILCHIMP)
    body = _without_server_fields(before)
    body["name"] = "MailChimp source update 1.0"
    del body["exploreSpec"]
    reply = await service.put(f"/connectionSpecs/{MAILCHIMP}", body)
    assert reply.status_code == 200, reply.text
    (returned,) = reply.json()["items"]
    assert returned["name"] == "MailChimp source update 1.0"
    assert "exploreSpec" not in returned
    assert returned["id"] == MAILCHIMP
    assert returned["createdAt"] == before["createdAt"]
    assert returned["updatedAt"] > before["updatedAt"]
    assert await _record(service, "connectionSpecs", MAILCHIMP) == returned


async def test_put_ignores_server_fields_in_the_body(service: Service) -> None:
    before = await _record(service, "connectionSpecs", STREAMING)
    body = {**before, "createdAt": 1, "sandboxName": "dev", "description": "ACME data"}
    reply = await service.put(f"/connectionSpecs/{STREAMING}", body)
    assert reply.status_code == 200
    returned = reply.json()["items"][0]
    assert returned["createdAt"] == before["createdAt"]
    assert returned["sandboxName"] == "prod"
    assert returned["description"] == "ACME data"


async def test_put_flow_spec_updates_source_spec_ids(service: Service) -> None:
    before = await _record(service, "flowSpecs", REST_FLOW_SPEC)
    body = _without_server_fields(before)
    body["sourceConnectionSpecIds"] = [*before["sourceConnectionSpecIds"], MAILCHIMP]
    reply = await service.put(f"/flowSpecs/{REST_FLOW_SPEC}", body)
    assert reply.status_code == 200
    after = await _record(service, "flowSpecs", REST_FLOW_SPEC)
    assert MAILCHIMP in after["sourceConnectionSpecIds"]


@pytest.mark.parametrize("missing", ["name", "providerId"])
async def test_put_without_a_required_field_is_400_and_changes_nothing(
    service: Service, missing: str
) -> None:
    before = await _record(service, "connectionSpecs", MAILCHIMP)
    body = _without_server_fields(before)
    del body[missing]
    reply = await service.put(f"/connectionSpecs/{MAILCHIMP}", body)
    assert reply.status_code == 400
    assert missing in reply.json()["detail"]
    assert await _record(service, "connectionSpecs", MAILCHIMP) == before


async def test_put_with_another_id_is_400(service: Service) -> None:
    body = _without_server_fields(await _record(service, "flowSpecs", REST_FLOW_SPEC))
    body["id"] = MAILCHIMP
    assert (await service.put(f"/flowSpecs/{REST_FLOW_SPEC}", body)).status_code == 400


async def test_put_unknown_spec_is_404(service: Service) -> None:
    body = {"name": "x", "providerId": "y", "version": "1.0"}
    reply = await service.put("/connectionSpecs/00000000-0000-0000-0000-000000000000", body)
    assert reply.status_code == 404


async def test_specs_cannot_be_patched_nor_records_put(service: Service) -> None:
    patch = await service.patch(f"/connectionSpecs/{MAILCHIMP}", [], '"x"')
    assert patch.status_code == 405
    put = await service.put(f"/flows/{FLOW}", {"name": "x"})
    assert put.status_code == 405


async def test_writes_in_dev_do_not_touch_prod(app: EmulatorApp, service: Service) -> None:
    before = await _record(service, "connectionSpecs", MAILCHIMP)
    body = {**_without_server_fields(before), "name": "dev only"}
    reply = await service.http.put(
        f"{BASE}/connectionSpecs/{MAILCHIMP}", json=body, headers=service.headers("dev")
    )
    assert reply.status_code == 200
    assert app.store.get("dev", "connectionSpecs", MAILCHIMP)["name"] == "dev only"
    assert app.store.get("prod", "connectionSpecs", MAILCHIMP)["name"] == before["name"]
