"""Lists in the documented default order (most recently created or updated first) and run
statuses in the documented enum, so the documented filters match."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID

from .conftest import Service, make_app, open_service

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"


@pytest.fixture(scope="module")
def generated_app() -> Any:
    return make_app(records=150, seed=5)


@pytest.mark.parametrize("kind", ["flows", "connections", "targetConnections", "runs"])
async def test_lists_default_to_newest_first(generated_app: Any, kind: str) -> None:
    async for svc in open_service(generated_app):
        items = (await svc.get(f"/{kind}?limit=100")).json()["items"]
        stamps = [r["updatedAt"] for r in items]
        assert len(stamps) == 100
        assert stamps == sorted(stamps, reverse=True)
        newest = max(r["updatedAt"] for r in generated_app.store.records("prod", kind))
        assert stamps[0] == newest


async def test_a_changed_record_comes_first(service: Service) -> None:
    before = [r["id"] for r in (await service.get("/connections")).json()["items"]]
    assert before[0] != SALESFORCE_CONNECTION_ID
    etag = (await service.get(f"/connections/{SALESFORCE_CONNECTION_ID}")).json()["items"][0][
        "etag"
    ]
    ops = [{"op": "replace", "path": "/name", "value": "renamed"}]
    assert (
        await service.patch(f"/connections/{SALESFORCE_CONNECTION_ID}", ops, etag)
    ).status_code == 200
    after = [r["id"] for r in (await service.get("/connections")).json()["items"]]
    assert after[0] == SALESFORCE_CONNECTION_ID


async def test_orderby_replaces_the_default_order(service: Service) -> None:
    items = (await service.get("/connections?orderby=createdAt")).json()["items"]
    stamps = [r["createdAt"] for r in items]
    assert stamps == sorted(stamps)


async def test_run_statuses_use_the_documented_enum(generated_app: Any) -> None:
    runs = generated_app.store.records("prod", "runs")
    statuses = {r["metrics"]["statusSummary"]["status"] for r in runs}
    assert {"Success", "Failed"} <= statuses <= {"Success", "Processing", "Waiting", "Failed"}
    async for svc in open_service(generated_app):
        reply = await svc.get("/runs", params={"property": "metrics.statusSummary.status==Failed"})
        assert reply.status_code == 200
        failed = reply.json()["items"]
        expected = [r for r in runs if r["metrics"]["statusSummary"]["status"] == "Failed"]
        assert failed and len(failed) == min(len(expected), 100)
        assert {r["metrics"]["statusSummary"]["status"] for r in failed} == {"Failed"}


async def test_a_flows_last_run_state_follows_its_newest_run(service: Service) -> None:
    flow = (await service.get(f"/flows/{FLOW}")).json()["items"][0]
    newest = (await service.get(flow["runs"])).json()["items"][0]
    assert flow["lastRunDetails"]["id"] == newest["id"]
    status = newest["metrics"]["statusSummary"]["status"]
    assert flow["lastRunDetails"]["state"] == status.lower()
