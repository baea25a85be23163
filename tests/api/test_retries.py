"""Reads survive 429s, 5xx and network failures; waits grow, are capped, honour Retry-After."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from flowtui.api import (
    FlowServiceClient,
    NoAnswerError,
    OutcomeUnknownError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
)
from flowtui.api.kinds import FLOWS
from flowtui.emulator import EmulatorConfig, create_app
from tests.support import SEED_FLOW_ID, SleepLog, demo_client_settings, recording_client


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, jitter=lambda: 1.0)
    assert [policy.delay(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_jitter_keeps_each_wait_between_half_and_all_of_its_ceiling() -> None:
    low = RetryPolicy(base_delay=1.0, max_delay=8.0, jitter=lambda: 0.0)
    high = RetryPolicy(base_delay=1.0, max_delay=8.0, jitter=lambda: 1.0)
    assert [low.delay(n) for n in range(3)] == [0.5, 1.0, 2.0]
    assert [high.delay(n) for n in range(3)] == [1.0, 2.0, 4.0]


def test_retry_after_is_honoured_but_capped() -> None:
    policy = RetryPolicy(max_retry_after=20.0)
    assert policy.delay(0, retry_after=3.0) == 3.0
    assert policy.delay(0, retry_after=3600.0) == 20.0


async def test_reads_get_through_random_5xx() -> None:
    app = create_app(EmulatorConfig(records=300, fail_rate=0.3, seed=3))
    log = SleepLog()
    client, recorder = recording_client(
        app, retry=RetryPolicy(retries=8, sleep=log, jitter=lambda: 0.0)
    )
    records = await client.list_all(FLOWS)
    assert len(records) == len(app.store.records("prod", "flows"))
    assert log.waits, "with a 30% failure rate some reads must have been retried"
    assert len(recorder.flow_service_requests()) == 4 + len(log.waits)  # 4 pages + retries


async def test_a_read_that_keeps_failing_gives_up_after_the_retries() -> None:
    app = create_app(EmulatorConfig(fail_rate=1.0))
    log = SleepLog()
    client, recorder = recording_client(
        app, retry=RetryPolicy(retries=3, sleep=log, jitter=lambda: 1.0)
    )
    with pytest.raises(ServerError) as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    assert caught.value.status in (502, 503)
    assert len(recorder.flow_service_requests()) == 4
    assert log.waits == [0.5, 1.0, 2.0]


async def test_rate_limit_waits_as_retry_after_says() -> None:
    app = create_app(EmulatorConfig(rate_limit=3))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # really waits: the limiter counts real seconds
        waits.append(seconds)
        await asyncio.sleep(seconds)

    client, recorder = recording_client(app, retry=RetryPolicy(retries=3, sleep=sleep))
    names = [(await client.get(FLOWS, SEED_FLOW_ID))["name"] for _ in range(5)]
    assert names == ["2021 winter campaign"] * 5
    refused = [w for w in waits if w >= 1.0]
    assert refused, "5 reads at 3 per second must have met a 429"
    assert all(w == int(w) for w in refused), "waits come from the whole-second Retry-After"
    assert len(recorder.flow_service_requests()) == 5 + len(waits)


async def test_rate_limit_without_retries_is_a_typed_error() -> None:
    app = create_app(EmulatorConfig(rate_limit=1))
    client, _ = recording_client(app, retry=RetryPolicy(retries=0))
    await client.get(FLOWS, SEED_FLOW_ID)
    with pytest.raises(RateLimitedError) as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    assert caught.value.status == 429 and caught.value.retry_after is not None
    assert caught.value.retry_after >= 1


class FlakyNetwork(httpx.AsyncBaseTransport):
    """The real emulator behind a network that drops the first ``drops`` Flow Service calls."""

    def __init__(self, app: Any, drops: int, error: type[httpx.TransportError]) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.drops = drops
        self.error = error
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "/flowservice/" in request.url.path:
            self.calls += 1
            if self.calls <= self.drops:
                raise self.error("simulated", request=request)
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize(
    "error", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError]
)
async def test_reads_are_retried_after_network_failures(
    emulator_app: Any, error: type[httpx.TransportError]
) -> None:
    network = FlakyNetwork(emulator_app, drops=2, error=error)
    client = FlowServiceClient(demo_client_settings(), transport=network)
    assert (await client.get(FLOWS, SEED_FLOW_ID))["id"] == SEED_FLOW_ID
    assert network.calls == 3


async def test_a_write_is_not_repeated_after_a_network_failure(emulator_app: Any) -> None:
    network = FlakyNetwork(emulator_app, drops=1, error=httpx.ReadTimeout)
    client = FlowServiceClient(demo_client_settings(), transport=network)
    etag = emulator_app.store.get("prod", "flows", SEED_FLOW_ID)["etag"]
    with pytest.raises(OutcomeUnknownError, match="did not answer in time") as caught:
        await client.patch(FLOWS, SEED_FLOW_ID, [{"op": "remove", "path": "/description"}], etag)
    assert isinstance(caught.value.cause, NoAnswerError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert network.calls == 1
    assert emulator_app.store.get("prod", "flows", SEED_FLOW_ID)["etag"] == etag
