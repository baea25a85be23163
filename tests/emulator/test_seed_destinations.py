"""The seed 001 destinations in the demo: each of the tutorial's PATCHes (Amazon S3, Google Ad
Manager, Pinterest target connections; Amazon S3 and Azure Blob base connections) works on a
record of the right destination, reached from its flow as the tutorial reaches it."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.emulator import MASK
from flowtui.emulator.fixtures.ids import (
    AZURE_BLOB_FLOW_ID,
    AZURE_BLOB_SPEC_ID,
    EDIT_TARGET_CONNECTION_ID,
    GAM_FLOW_ID,
    GAM_SPEC_ID,
    PINTEREST_FLOW_ID,
    PINTEREST_SPEC_ID,
    S3_AUDIENCE_FLOW_ID,
    S3_BASE_CONNECTION_ID,
    S3_SPEC_ID,
)

from .conftest import Service


async def _one(service: Service, path: str) -> dict[str, Any]:
    reply = await service.get(path)
    assert reply.status_code == 200, reply.text
    record: dict[str, Any] = reply.json()["items"][0]
    return record


async def _target_and_base_of(service: Service, flow_id: str) -> tuple[str, str]:
    """The tutorial's first step: the flow's target connection and base connection ids."""
    flow = await _one(service, f"/flows/{flow_id}")
    (target,) = flow["inheritedAttributes"]["targetConnections"]
    return target["id"], target["baseConnection"]["id"]


async def _patch(service: Service, path: str, ops: list[dict[str, Any]]) -> dict[str, Any]:
    before = await _one(service, path)
    reply = await service.patch(path, ops, before["etag"])
    assert reply.status_code == 200, reply.text
    assert reply.json()["etag"] != before["etag"]
    return await _one(service, path)


@pytest.mark.parametrize(
    ("flow_id", "spec_id", "name"),
    [
        (GAM_FLOW_ID, GAM_SPEC_ID, "Google Ad Manager"),
        (PINTEREST_FLOW_ID, PINTEREST_SPEC_ID, "Pinterest"),
        (AZURE_BLOB_FLOW_ID, AZURE_BLOB_SPEC_ID, "Azure Blob Storage"),
        (S3_AUDIENCE_FLOW_ID, S3_SPEC_ID, "Amazon S3"),
    ],
)
async def test_each_destination_flow_leads_to_connections_of_its_spec(
    service: Service, flow_id: str, spec_id: str, name: str
) -> None:
    target_id, base_id = await _target_and_base_of(service, flow_id)
    target = await _one(service, f"/targetConnections/{target_id}")
    base = await _one(service, f"/connections/{base_id}")
    assert target["connectionSpec"]["id"] == spec_id == base["connectionSpec"]["id"]
    assert target["baseConnectionId"] == base_id
    spec = await _one(service, f"/connectionSpecs/{spec_id}")
    assert spec["name"] == name
    assert spec["targetSpec"]["spec"]["required"]


async def test_s3_target_moves_to_a_new_bucket(service: Service) -> None:
    target_id, _ = await _target_and_base_of(service, S3_AUDIENCE_FLOW_ID)
    assert target_id == EDIT_TARGET_CONNECTION_ID
    value = {"bucketName": "newBucketName", "path": "updatedPath"}
    after = await _patch(
        service,
        f"/targetConnections/{target_id}",
        [{"op": "replace", "path": "/params", "value": value}],
    )
    assert after["params"] == value


async def test_google_ad_manager_target_gets_append_segment_id(service: Service) -> None:
    target_id, _ = await _target_and_base_of(service, GAM_FLOW_ID)
    spec = await _one(service, f"/connectionSpecs/{GAM_SPEC_ID}")
    assert "appendSegmentId" in spec["targetSpec"]["spec"]["properties"]
    after = await _patch(
        service,
        f"/targetConnections/{target_id}",
        [{"op": "add", "path": "/params/appendSegmentId", "value": True}],
    )
    assert after["params"]["appendSegmentId"] is True
    assert after["params"]["networkCode"]  # the other params stay


async def test_pinterest_target_gets_a_new_advertiser_id(service: Service) -> None:
    target_id, _ = await _target_and_base_of(service, PINTEREST_FLOW_ID)
    after = await _patch(
        service,
        f"/targetConnections/{target_id}",
        [{"op": "replace", "path": "/params", "value": {"advertiser_id": "1234567890"}}],
    )
    assert after["params"] == {"advertiser_id": "1234567890"}


async def test_azure_blob_base_connection_string_is_a_masked_secret(service: Service) -> None:
    _, base_id = await _target_and_base_of(service, AZURE_BLOB_FLOW_ID)
    before = await _one(service, f"/connections/{base_id}")
    assert before["auth"]["params"]["connectionString"] == MASK
    await _patch(
        service,
        f"/connections/{base_id}",
        [{"op": "add", "path": "/auth/params", "value": {"connectionString": "updatedString"}}],
    )
    stored = service.app.store.get("prod", "connections", base_id)
    assert stored["auth"]["params"] == {"connectionString": "updatedString"}


async def test_s3_base_connection_takes_new_access_keys(service: Service) -> None:
    _, base_id = await _target_and_base_of(service, S3_AUDIENCE_FLOW_ID)
    assert base_id == S3_BASE_CONNECTION_ID
    value = {"accessId": "exampleAccessId", "secretKey": "exampleSecretKey"}
    after = await _patch(
        service, f"/connections/{base_id}", [{"op": "add", "path": "/auth/params", "value": value}]
    )
    assert after["auth"]["params"] == {"accessId": "exampleAccessId", "secretKey": MASK}
    assert service.app.store.get("prod", "connections", base_id)["auth"]["params"] == value


async def test_destinations_live_in_prod_only(service: Service) -> None:
    assert (await service.get(f"/flows/{GAM_FLOW_ID}", sandbox="dev")).status_code == 404
    specs = (await service.get("/connectionSpecs", sandbox="dev")).json()["items"]
    assert GAM_SPEC_ID in {s["id"] for s in specs}  # specs are the org's, in every sandbox
