"""Shared fixtures: an in-process emulator and an authenticated httpx client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from flowtui.emulator import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_ORG_ID,
    EmulatorApp,
    EmulatorConfig,
    create_app,
)

BASE = "/data/foundation/flowservice"


async def fetch_token(client: httpx.AsyncClient) -> str:
    reply = await client.post(
        "/ims/token/v3",
        data={
            "grant_type": "client_credentials",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "scope": "openid,AdobeID,read_organizations",
        },
    )
    assert reply.status_code == 200, reply.text
    token: str = reply.json()["access_token"]
    return token


def service_headers(token: str, sandbox: str | None = None) -> dict[str, str]:
    headers = {
        "Authorization": f"Bearer {token}",
        "x-api-key": DEMO_CLIENT_ID,
        "x-gw-ims-org-id": DEMO_ORG_ID,
    }
    if sandbox is not None:
        headers["x-sandbox-name"] = sandbox
    return headers


class Service:
    """An authenticated caller of one emulator, speaking paths relative to the flowservice base."""

    def __init__(self, app: EmulatorApp, http: httpx.AsyncClient, token: str) -> None:
        self.app = app
        self.http = http
        self.token = token

    def headers(self, sandbox: str | None = None, **extra: str) -> dict[str, str]:
        return {**service_headers(self.token, sandbox), **extra}

    async def get(self, path: str, sandbox: str | None = None, **kwargs: Any) -> httpx.Response:
        return await self.http.get(BASE + path, headers=self.headers(sandbox), **kwargs)

    async def patch(
        self, path: str, ops: Any, etag: str | None, sandbox: str | None = None
    ) -> httpx.Response:
        headers = self.headers(sandbox)
        if etag is not None:
            headers["If-Match"] = etag
        return await self.http.patch(BASE + path, json=ops, headers=headers)

    async def put(self, path: str, body: Any, sandbox: str | None = None) -> httpx.Response:
        return await self.http.put(BASE + path, json=body, headers=self.headers(sandbox))

    async def post(
        self, path: str, sandbox: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        json_type = {"Content-Type": "application/json"}
        return await self.http.post(
            BASE + path, headers={**self.headers(sandbox), **json_type, **(headers or {})}
        )


def make_app(**config: Any) -> EmulatorApp:
    return create_app(EmulatorConfig(**config))


async def open_service(app: EmulatorApp) -> AsyncIterator[Service]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://emulator.test") as http:
        yield Service(app, http, await fetch_token(http))


@pytest.fixture
def app() -> EmulatorApp:
    return create_app()


@pytest.fixture
async def service(app: EmulatorApp) -> AsyncIterator[Service]:
    async for svc in open_service(app):
        yield svc
