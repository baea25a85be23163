"""The client over a real TCP socket: the emulator served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest

from flowtui.api import FlowServiceClient, NoAnswerError, PreconditionFailedError
from flowtui.api.kinds import CONNECTIONS, FLOWS
from flowtui.emulator import EmulatorConfig
from tests.support import SEED_FLOW_ID, SleepLog, demo_client_settings, instant_retry

pytestmark = pytest.mark.loopback


@pytest.mark.parametrize("cursor_tokens", [False, True], ids=["query-in-token", "cursor-token"])
async def test_pagination_with_filters_over_a_socket(
    loopback_emulator: Callable[..., Any], cursor_tokens: bool
) -> None:
    server = loopback_emulator(EmulatorConfig(records=1100, seed=11, cursor_tokens=cursor_tokens))
    async with FlowServiceClient(demo_client_settings(server.base_url)) as client:
        every = await client.list_all(CONNECTIONS, orderby="name")
        assert len(every) == await client.count(CONNECTIONS) > 1000
        assert len({r["id"] for r in every}) == len(every)
        enabled = await client.list_all(CONNECTIONS, properties=["state==enabled"], orderby="name")
        assert enabled and all(r["state"] == "enabled" for r in enabled)
        assert len(enabled) == await client.count(CONNECTIONS, properties=["state==enabled"])
        assert len(enabled) < len(every)
        assert [r["id"] for r in enabled] == [r["id"] for r in every if r["state"] == "enabled"]


async def test_etag_round_trip_and_412_over_a_socket(
    loopback_emulator: Callable[..., Any],
) -> None:
    server = loopback_emulator()
    async with FlowServiceClient(demo_client_settings(server.base_url)) as client:
        flow = await client.get(FLOWS, SEED_FLOW_ID)
        ops = [{"op": "replace", "path": "/name", "value": "over the wire"}]
        result = await client.patch(FLOWS, SEED_FLOW_ID, ops, flow["etag"])
        again = await client.get(FLOWS, SEED_FLOW_ID)
        assert again["name"] == "over the wire" and again["etag"] == result.etag
        with pytest.raises(PreconditionFailedError) as caught:
            await client.patch(FLOWS, SEED_FLOW_ID, ops, flow["etag"])
        assert caught.value.code == "FLOW-1404-412"


async def test_reads_retry_through_injected_failures_over_a_socket(
    loopback_emulator: Callable[..., Any],
) -> None:
    server = loopback_emulator(EmulatorConfig(records=999, fail_rate=0.5, seed=5))
    waits = SleepLog()
    settings = demo_client_settings(server.base_url, retry=instant_retry(10, waits))
    async with FlowServiceClient(settings) as client:
        records = await client.list_all(FLOWS)
        assert len(records) == len({r["id"] for r in records}) > 999  # the seed flows and 999
        assert waits.waits, "with half the reads failing some pages must have been retried"
        assert client.request_count == -(-len(records) // 100) + len(waits.waits)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_unreachable_host_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    settings = demo_client_settings(url, retry=instant_retry(2))
    async with FlowServiceClient(settings) as client:
        with pytest.raises(NoAnswerError, match="could not reach IMS") as caught:
            await client.get(FLOWS, SEED_FLOW_ID)
    assert "network" in str(caught.value)


async def test_a_slow_service_times_out_with_a_clear_error(
    loopback_emulator: Callable[..., Any],
) -> None:
    server = loopback_emulator(EmulatorConfig(latency_ms=400))
    settings = demo_client_settings(server.base_url, retry=instant_retry(1), read_timeout=0.1)
    async with FlowServiceClient(settings) as client:
        with pytest.raises(NoAnswerError, match="IMS"):
            await client.get(FLOWS, SEED_FLOW_ID)


async def test_environment_variables_alone_reach_an_emulator(
    loopback_emulator: Callable[..., Any],
) -> None:
    import os

    from flowtui.config import open_session, resolve_config
    from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID

    server = loopback_emulator()
    folders = {
        k: v for k, v in os.environ.items() if k.startswith("FLOWTUI_") and k.endswith("_DIR")
    }
    env = {
        **folders,
        "FLOWTUI_PLATFORM_URL": server.base_url,
        "FLOWTUI_IMS_URL": server.base_url,
        "FLOWTUI_ORG_ID": DEMO_ORG_ID,
        "FLOWTUI_CLIENT_ID": DEMO_CLIENT_ID,
        "FLOWTUI_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "FLOWTUI_SANDBOX": "dev",
    }
    session = open_session(resolve_config(env=env))
    try:
        flows = await session.client.list_all(FLOWS)
        assert flows and session.sandbox == "dev" and not session.demo
        assert [flow["sandboxName"] for flow in flows] == ["dev"] * len(flows)
        assert session.client.settings.token_cache is not None
        assert session.client.settings.token_cache.exists(), "the token is cached for next time"
    finally:
        await session.client.aclose()
