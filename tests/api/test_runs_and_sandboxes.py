"""The client's runs, sandbox list and cross-sandbox lookup against the emulator: runs listed
and read like any kind, the columns' derived values, the sandbox list and its typed fallback,
and a record found in whichever sandbox holds it (in-process, and once over a socket)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from flowtui.api import (
    RUNS,
    FlowServiceClient,
    FlowServiceError,
    NotFoundError,
    SandboxListUnavailableError,
)
from flowtui.api.client import ANY_SANDBOX_HEADERS
from flowtui.api.kinds import (
    FLOWS,
    RUN_STATUS_PATH,
    TARGET_CONNECTIONS,
    flow_runs_filter,
    run_duration_ms,
    run_error_summary,
)
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.emulator.fixtures import DEV_FLOW_ID, EDIT_TARGET_CONNECTION_ID, WINTER_FLOW_ID
from flowtui.emulator.fixtures.ids import S3_AUDIENCE_FLOW_ID
from tests.support import asgi_client, demo_client_settings, recording_client


async def test_a_flows_runs_list_newest_first_and_read_by_id() -> None:
    async with asgi_client(create_app()) as client:
        runs = [
            run
            async for page in client.list_pages(
                RUNS, properties=[flow_runs_filter(S3_AUDIENCE_FLOW_ID)]
            )
            for run in page.records
        ]
        assert len(runs) == 10
        started = [r["metrics"]["durationSummary"]["startedAtUTC"] for r in runs]
        assert started == sorted(started, reverse=True)
        assert await client.get(RUNS, runs[0]["id"]) == runs[0]
        failed = await client.list_all(
            RUNS, properties=[flow_runs_filter(S3_AUDIENCE_FLOW_ID), f"{RUN_STATUS_PATH}==Failed"]
        )
        assert [r["id"] for r in failed] == [r["id"] for r in runs[:4]]


async def test_run_columns_show_status_counts_duration_and_error() -> None:
    async with asgi_client(create_app()) as client:
        newest = (await client.list_all(RUNS, properties=[flow_runs_filter(S3_AUDIENCE_FLOW_ID)]))[
            0
        ]
    values = {column.header: column.value_of(newest) for column in RUNS.columns}
    duration = newest["metrics"]["durationSummary"]
    assert values["Status"] == "Failed"
    assert values["Started"] == duration["startedAtUTC"]
    assert values["Duration"] == duration["completedAtUTC"] - duration["startedAtUTC"] > 0
    counts = newest["metrics"]["recordSummary"]
    assert (values["Read"], values["Written"], values["Failed"]) == (
        counts["inputRecordCount"],
        counts["outputRecordCount"],
        counts["failedRecordCount"],
    )
    assert values["Error"].startswith("EXPORT-1403-403: Access Denied")
    assert values["ID"] == newest["id"]
    assert not RUNS.editable and RUNS.actions == ()


def test_derived_run_values_of_a_running_or_successful_run_are_blank() -> None:
    running = {"metrics": {"durationSummary": {"startedAtUTC": 5}, "statusSummary": {}}}
    assert run_duration_ms(running) is None
    assert run_error_summary(running) is None
    two = {"metrics": {"statusSummary": {"errors": [{"code": "A-1-400", "message": "m"}, {}]}}}
    assert run_error_summary(two) == "A-1-400: m (+1 more)"


async def test_list_sandboxes_gives_the_orgs_sandboxes() -> None:
    async with asgi_client(create_app()) as client:
        sandboxes = await client.list_sandboxes()
    assert [(s.name, s.type, s.is_default) for s in sandboxes] == [
        ("prod", "production", True),
        ("dev", "development", False),
    ]


async def test_a_refused_sandbox_list_raises_the_fallback_error() -> None:
    async with asgi_client(create_app(EmulatorConfig(sandbox_listing=False))) as client:
        with pytest.raises(SandboxListUnavailableError) as caught:
            await client.list_sandboxes()
    assert caught.value.status == 403
    assert "profile" in caught.value.message


async def test_a_sandbox_list_in_another_shape_raises_the_fallback_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/ims/token/v3"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        return httpx.Response(200, json={"items": []})

    client = FlowServiceClient(demo_client_settings(), transport=httpx.MockTransport(handler))
    async with client:
        with pytest.raises(SandboxListUnavailableError):
            await client.list_sandboxes()


async def test_find_anywhere_says_which_sandbox_holds_the_record() -> None:
    app = create_app()
    client, recorder = recording_client(app, sandbox="dev")
    async with client:
        found = await client.find_anywhere(WINTER_FLOW_ID)
        assert (found.kind, found.sandbox, found.record["id"]) == (FLOWS, "prod", WINTER_FLOW_ID)
        target = await client.find_anywhere(EDIT_TARGET_CONNECTION_ID)
        assert (target.kind, target.sandbox) == (TARGET_CONNECTIONS, "prod")
        dev = await client.get_anywhere(FLOWS, DEV_FLOW_ID)
        assert dev.sandbox == "dev"
        with pytest.raises(NotFoundError):
            await client.find_anywhere("00000000-0000-4000-8000-000000000000")
    reads = [r for r in recorder.flow_service_requests() if WINTER_FLOW_ID in r.url.path]
    assert all(
        r.headers["x-sandbox-name"] == "*" and r.headers["x-sandbox-id"] == "*" for r in reads
    )
    assert client.sandbox == "dev"  # the client's own sandbox is unchanged


async def test_a_refused_cross_sandbox_read_is_not_reported_as_not_found() -> None:
    # A service that refuses '*' headers (errors.md 2111 for a user token) must not read as
    # "not found in any sandbox": the refusal comes through with its code.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/ims/token/v3"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        seen.append(request)
        code = "FLOW-2111-403"
        body = {"type": code, "title": "Forbidden", "status": 403, "detail": "restricted"}
        return httpx.Response(403, json={**body, "report": {"detailed-message": code}})

    client = FlowServiceClient(demo_client_settings(), transport=httpx.MockTransport(handler))
    async with client:
        with pytest.raises(FlowServiceError) as caught:
            await client.find_anywhere(WINTER_FLOW_ID)
    assert caught.value.code == "FLOW-2111-403"
    assert {k: seen[0].headers[k] for k in ANY_SANDBOX_HEADERS} == ANY_SANDBOX_HEADERS


@pytest.mark.loopback
async def test_runs_sandboxes_and_lookup_over_a_socket(
    loopback_emulator: Callable[..., Any],
) -> None:
    server = loopback_emulator()
    async with FlowServiceClient(demo_client_settings(server.base_url, sandbox="dev")) as client:
        assert [s.name for s in await client.list_sandboxes()] == ["prod", "dev"]
        found = await client.find_anywhere(S3_AUDIENCE_FLOW_ID)
        assert found.sandbox == "prod"
        prod = client.for_sandbox(found.sandbox)
        runs = await prod.list_all(RUNS, properties=[flow_runs_filter(found.record["id"])])
        assert runs[0]["id"] == found.record["lastRunDetails"]["id"]
        assert runs[0]["metrics"]["statusSummary"]["status"] == "Failed"
