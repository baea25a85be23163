"""By-id reads and first pages of every kind return the tutorials' records."""

from __future__ import annotations

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from tests.emulator.conftest import Service

WINTER_FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"


async def test_connection_by_id_is_wrapped_in_items(service: Service) -> None:
    reply = await service.get(f"/connections/{SALESFORCE_CONNECTION_ID}")
    assert reply.status_code == 200
    body = reply.json()
    assert list(body) == ["items"]
    (record,) = body["items"]
    assert record["name"] == "E2E_SF Base_Connection"
    assert record["connectionSpec"]["id"] == "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"
    assert record["etag"] == '"1400dd53-0000-0200-0000-5f3f23450000"'
    assert record["version"] == record["etag"]


@pytest.mark.parametrize(
    ("kind", "record_id"),
    [
        ("flows", WINTER_FLOW),
        ("connections", "0a82f29f-b457-47f7-bb30-33856e2ae5aa"),
        ("connections", "7fbf542b-83ed-498f-8838-8fde0c4d4d69"),
        ("sourceConnections", "5e45582a-5336-4ea1-9ec9-d0004a9f344a"),
        ("targetConnections", "8ce3dc63-3766-4220-9f61-51d2f8f14618"),
        ("targetConnections", "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"),
        ("connectionSpecs", "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"),
        ("connectionSpecs", "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"),
        ("connectionSpecs", "bdb5b792-451b-42de-acf8-15f3195821de"),
        ("connectionSpecs", "8a9c3494-9708-43d7-ae3f-cda01e5030e1"),
        ("connectionSpecs", "0b23e41a-cb4a-4321-a78f-3b654f5d7d97"),
        ("flowSpecs", "6499120c-0b15-42dc-936e-847ea3c24d72"),
        ("flowSpecs", "71471eba-b620-49e4-90fd-23f1fa0174d8"),
    ],
)
async def test_every_seed_record_is_served_by_id_and_listed(
    service: Service, kind: str, record_id: str
) -> None:
    by_id = await service.get(f"/{kind}/{record_id}")
    assert by_id.status_code == 200, by_id.text
    assert by_id.json()["items"][0]["id"] == record_id
    listed = await service.get(f"/{kind}")
    assert listed.status_code == 200
    assert record_id in [r["id"] for r in listed.json()["items"]]


async def test_winter_flow_points_at_its_connections(service: Service) -> None:
    flow = (await service.get(f"/flows/{WINTER_FLOW}")).json()["items"][0]
    assert flow["name"] == "2021 winter campaign"
    assert flow["flowSpec"]["id"] == "71471eba-b620-49e4-90fd-23f1fa0174d8"
    assert flow["sourceConnectionIds"] == ["5e45582a-5336-4ea1-9ec9-d0004a9f344a"]
    assert flow["targetConnectionIds"] == ["8ce3dc63-3766-4220-9f61-51d2f8f14618"]
    inherited = flow["inheritedAttributes"]
    assert inherited["sourceConnections"][0]["baseConnection"]["id"] == (
        "0a82f29f-b457-47f7-bb30-33856e2ae5aa"
    )
    assert inherited["targetConnections"][0]["baseConnection"]["id"] == (
        "7fbf542b-83ed-498f-8838-8fde0c4d4d69"
    )


async def test_rest_flow_spec_carries_the_tutorials_schedule_spec(service: Service) -> None:
    spec = (await service.get("/flowSpecs/6499120c-0b15-42dc-936e-847ea3c24d72")).json()
    spec = spec["items"][0]
    assert spec["name"] == "RestStorageToAEP"
    assert spec["scheduleSpec"]["spec"]["required"] == ["startTime", "frequency"]
    assert spec["scheduleSpec"]["spec"]["else"]["then"]["properties"]["interval"]["minimum"] == 15


async def test_unknown_id_is_a_flow_service_404(service: Service) -> None:
    reply = await service.get("/flows/00000000-0000-0000-0000-000000000000")
    assert reply.status_code == 404
    body = reply.json()
    assert body["type"].endswith("FLOW-1101-404")
    assert body["status"] == 404
    assert body["report"]["request-id"] == reply.headers["x-request-id"]


async def test_sandboxes_hold_different_records(service: Service) -> None:
    prod = {r["id"] for r in (await service.get("/flows")).json()["items"]}
    dev = {r["id"] for r in (await service.get("/flows", sandbox="dev")).json()["items"]}
    assert WINTER_FLOW in prod
    assert WINTER_FLOW not in dev
    assert dev
    missing = await service.get(f"/flows/{WINTER_FLOW}", sandbox="dev")
    assert missing.status_code == 404
