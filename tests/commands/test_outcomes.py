"""apply when the answer to the PATCH is lost: the TUI's settling re-read decides 0, 4 or 5."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowtui.api.client import FlowServiceClient
from flowtui.commands.apply import run_apply
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import CommandFailure
from flowtui.commands.output import Output
from flowtui.demo import demo_settings
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.session import Session

TARGET = "e4a9c0d1-2b3f-4a5e-8c7d-9f0e1a2b3c4d"  # the dev seed target connection

Hook = Callable[[httpx.Request, httpx.AsyncBaseTransport], Awaitable[None]]


class LosingAnswers(httpx.AsyncBaseTransport):
    """The emulator, except that every PATCH's answer is lost (after ``hook`` ran)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, hook: Hook) -> None:
        self.inner = inner
        self.hook = hook

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            await request.aread()
            await self.hook(request, self.inner)
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return await self.inner.handle_async_request(request)


async def _forward(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> None:
    await inner.handle_async_request(request)


async def _drop(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> None:
    return None


async def _someone_else(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> None:
    ops = [{"op": "replace", "path": "/name", "value": "someone else"}]
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    other = httpx.Request("PATCH", request.url, headers=headers, content=json.dumps(ops))
    await inner.handle_async_request(other)


async def _apply(hook: Hook, tmp_path: Path) -> tuple[int, str, dict[str, Any]]:
    app = create_app(EmulatorConfig())
    client = FlowServiceClient(
        demo_settings(sandbox="dev"),
        transport=LosingAnswers(httpx.ASGITransport(app=app), hook),
    )
    session = Session(client=client, profile="demo", org_id=client.org_id, sandbox="dev")
    err = io.StringIO()
    try:
        current = app.store.get("dev", "targetConnections", TARGET)
        mine = {**current, "params": {**current["params"], "path": "mine"}}
        path = tmp_path / "mine.json"
        path.write_text(json.dumps(mine))
        args = argparse.Namespace(
            kind="targetConnections",
            id=TARGET,
            file=str(path),
            yes=True,
            confirm_sandbox=None,
            dry_run=False,
            output="text",
        )
        try:
            code = int(await run_apply(session, args, Output(out=io.StringIO(), err=err)))
        except CommandFailure as failure:
            code = int(failure.exit_code)
            err.write(failure.message)
    finally:
        await client.aclose()
    return code, err.getvalue(), dict(app.store.get("dev", "targetConnections", TARGET))


@pytest.mark.parametrize(
    ("hook", "expected", "words"),
    [
        (_forward, ExitCode.DONE, "re-reading shows your edit applied"),
        (_drop, ExitCode.SERVICE, "unchanged"),
        (_someone_else, ExitCode.OUTCOME_UNKNOWN, "Read the target connection again"),
    ],
    ids=["applied-after-all", "not-applied", "unknown"],
)
async def test_a_lost_answer_is_settled_by_a_re_read(
    hook: Hook, expected: ExitCode, words: str, tmp_path: Path
) -> None:
    code, err, after = await _apply(hook, tmp_path)
    assert code == expected, err
    assert words in err
    assert (after["params"].get("path") == "mine") is (expected is ExitCode.DONE)
