"""Helpers the tests share: clients wired to an emulator, a request recorder and a no-wait retry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from flowtui.api.client import FlowServiceClient
from flowtui.api.retry import RetryPolicy
from flowtui.api.settings import ClientSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
"""Read-only reference material (seeds, OpenAPI, JSON Patch suite); tests skip when it is absent."""

DEMO_BASE_URL = "https://platform.emulator.flowtui.invalid"

# Seed ids from the tutorials (see the emulator's fixtures).
SEED_FLOW_ID = "226fb2e1-db69-4760-b67e-9e671e05abfc"
SEED_TARGET_CONNECTION_ID = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"
SEED_SOURCE_CONNECTION_ID = "5e45582a-5336-4ea1-9ec9-d0004a9f344a"
SEED_FLOW_TARGET_CONNECTION_ID = "8ce3dc63-3766-4220-9f61-51d2f8f14618"
SALESFORCE_SPEC_ID = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"
MAILCHIMP_SPEC_ID = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"
STREAMING_SPEC_ID = "bdb5b792-451b-42de-acf8-15f3195821de"
REST_FLOW_SPEC_ID = "6499120c-0b15-42dc-936e-847ea3c24d72"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a pytest skip saying it is missing."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference material {path} is absent (expected beside the repository)")
    return path


@dataclass
class SleepLog:
    """An injectable sleep that records the waits asked for instead of waiting."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def instant_retry(retries: int = 4, log: SleepLog | None = None) -> RetryPolicy:
    """A retry policy that never really sleeps and has no jitter."""
    return RetryPolicy(retries=retries, sleep=log or SleepLog(), jitter=lambda: 1.0)


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes every request to a real transport and keeps a copy, to check what went on the wire."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def flow_service_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if "/data/foundation/flowservice" in r.url.path]


def demo_client_settings(base_url: str = DEMO_BASE_URL, **overrides: Any) -> ClientSettings:
    """Settings for the emulator's demo credentials at ``base_url``, retrying without waiting."""
    from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID

    settings = ClientSettings(
        org_id=DEMO_ORG_ID,
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
        platform_url=base_url,
        ims_url=base_url,
        profile="test",
        retry=instant_retry(),
    )
    return replace(settings, **overrides)


def asgi_client(app: Any, **overrides: Any) -> FlowServiceClient:
    """A client of an in-process emulator app, retrying without waiting."""
    return FlowServiceClient(
        demo_client_settings(**overrides), transport=httpx.ASGITransport(app=app)
    )


def recording_client(app: Any, **overrides: Any) -> tuple[FlowServiceClient, RecordingTransport]:
    """A client of an in-process emulator app, and the recorder of every request it sends."""
    recorder = RecordingTransport(httpx.ASGITransport(app=app))
    return FlowServiceClient(demo_client_settings(**overrides), transport=recorder), recorder


@contextmanager
def env_vars(monkeypatch: Any, **values: str | None) -> Iterator[None]:
    """Set (or with None, remove) environment variables for the duration of a block."""
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    yield
