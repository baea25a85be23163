"""Runs as the documented service serves them: per-flow histories, newest first, failures with
errors, filters and paging like every list, one run by id, and a run when a flow is enabled."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flowtui.emulator.fixtures import EDIT_TARGET_CONNECTION_ID, WINTER_FLOW_ID
from flowtui.emulator.fixtures.ids import S3_AUDIENCE_FLOW_ID
from flowtui.emulator.runs import STATUSES

from .conftest import Service

STATUS = "metrics.statusSummary.status"


async def _runs(service: Service, flow_id: str, *extra: str) -> list[dict[str, Any]]:
    params = [("property", f"flowId=={flow_id}"), *(("property", p) for p in extra)]
    reply = await service.get("/runs", params=params)
    assert reply.status_code == 200, reply.text
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


async def test_every_seed_flow_has_runs_newest_first(service: Service) -> None:
    flows = (await service.get("/flows")).json()["items"]
    assert len(flows) >= 5
    for flow in flows:
        runs = await _runs(service, flow["id"])
        assert runs, f"flow {flow['name']} has no runs"
        started = [r["metrics"]["durationSummary"]["startedAtUTC"] for r in runs]
        assert started == sorted(started, reverse=True)
        assert flow["lastRunDetails"]["id"] == runs[0]["id"]


async def test_a_run_has_the_documented_fields(service: Service) -> None:
    run = (await _runs(service, WINTER_FLOW_ID))[0]
    for field in ("id", "flowId", "flowSpec", "createdAt", "updatedAt", "etag", "sandboxName"):
        assert field in run, field
    metrics = run["metrics"]
    assert metrics["statusSummary"]["status"] in STATUSES
    assert set(metrics["durationSummary"]) >= {"startedAtUTC"}
    counts = metrics["recordSummary"]
    assert counts["inputRecordCount"] == counts["outputRecordCount"] + counts["failedRecordCount"]
    refs = metrics["statusSummary"]["activityRefs"]
    assert refs == [a["id"] for a in run["activities"]]


async def test_the_s3_export_has_failed_since_its_bucket_refused_writes(service: Service) -> None:
    runs = await _runs(service, S3_AUDIENCE_FLOW_ID)
    statuses = [r["metrics"]["statusSummary"]["status"] for r in runs]
    assert statuses[:4] == ["Failed"] * 4
    assert set(statuses[4:]) == {"Success"}
    error = runs[0]["metrics"]["statusSummary"]["errors"][0]
    assert error["code"] == "EXPORT-1403-403"
    assert "acme-audiences" in error["message"]
    flow = (await service.get(f"/flows/{S3_AUDIENCE_FLOW_ID}")).json()["items"][0]
    assert flow["state"] == "disabled"
    assert flow["lastRunDetails"]["state"] == "failed"
    assert flow["targetConnectionIds"] == [EDIT_TARGET_CONNECTION_ID]


async def test_status_filter_and_paging_work_on_runs(service: Service) -> None:
    failed = await _runs(service, S3_AUDIENCE_FLOW_ID, f"{STATUS}==Failed")
    assert len(failed) == 4
    query = [("property", f"flowId=={S3_AUDIENCE_FLOW_ID}"), ("limit", "3")]
    first = (await service.get("/runs", params=query)).json()
    assert len(first["items"]) == 3
    # The query again beside the token, as a client does for a cursor-only token.
    second = (await service.get(first["_links"]["next"]["href"] + "&" + urlencode(query))).json()
    seen = {r["id"] for r in first["items"]} | {r["id"] for r in second["items"]}
    assert len(seen) == 6
    count = await service.get("/runs", params={"property": f"{STATUS}==Failed", "count": "true"})
    assert count.json()["count"] >= 4


async def test_a_run_is_read_by_id_and_cannot_be_patched(service: Service) -> None:
    run = (await _runs(service, WINTER_FLOW_ID))[0]
    reply = await service.get(f"/runs/{run['id']}")
    assert reply.status_code == 200
    assert reply.json()["items"][0] == run
    refused = await service.patch(f"/runs/{run['id']}", [{"op": "add"}], etag=run["etag"])
    assert refused.status_code == 405
    assert (await service.get("/runs/no-such-run")).status_code == 404


async def test_enabling_the_fixed_flow_gives_a_successful_run(service: Service) -> None:
    broken = await service.post(f"/flows/{S3_AUDIENCE_FLOW_ID}/action?op=enable")
    assert broken.status_code == 200
    newest = (await _runs(service, S3_AUDIENCE_FLOW_ID))[0]
    assert newest["metrics"]["statusSummary"]["status"] == "Failed"
    await service.post(f"/flows/{S3_AUDIENCE_FLOW_ID}/action?op=disable")

    target = (await service.get(f"/targetConnections/{EDIT_TARGET_CONNECTION_ID}")).json()
    etag = target["items"][0]["etag"]
    ops = [
        {
            "op": "replace",
            "path": "/params",
            "value": {"bucketName": "acme-audiences-2022", "path": "daily"},
        }
    ]
    assert (
        await service.patch(f"/targetConnections/{EDIT_TARGET_CONNECTION_ID}", ops, etag)
    ).status_code == 200
    assert (await service.post(f"/flows/{S3_AUDIENCE_FLOW_ID}/action?op=enable")).status_code == 200
    runs = await _runs(service, S3_AUDIENCE_FLOW_ID)
    assert runs[0]["metrics"]["statusSummary"]["status"] == "Success"
    flow = (await service.get(f"/flows/{S3_AUDIENCE_FLOW_ID}")).json()["items"][0]
    assert flow["state"] == "enabled"
    assert flow["lastRunDetails"] == {
        "id": runs[0]["id"],
        "state": "success",
        "startedAtUTC": runs[0]["metrics"]["durationSummary"]["startedAtUTC"],
        "completedAtUTC": runs[0]["metrics"]["durationSummary"]["completedAtUTC"],
    }
