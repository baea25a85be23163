"""IMS tokens: fetched once, cached 0600 per profile, renewed early, renewed once after a 401."""

from __future__ import annotations

import asyncio
import logging
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowtui.api import AuthenticationError, FlowServiceClient, NoAnswerError, ServerError
from flowtui.api.auth import token_cache_path
from flowtui.api.kinds import FLOWS
from flowtui.emulator import DEMO_CLIENT_SECRET, EmulatorConfig, create_app
from tests.support import SEED_FLOW_ID, demo_client_settings, instant_retry, recording_client


def token_calls(recorder: Any) -> list[httpx.Request]:
    return [r for r in recorder.requests if r.url.path == "/ims/token/v3"]


async def test_the_token_call_is_a_client_credentials_form(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    await client.get(FLOWS, SEED_FLOW_ID)
    (call,) = token_calls(recorder)
    assert call.method == "POST"
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    form = dict(httpx.QueryParams(call.content.decode()))
    assert form["grant_type"] == "client_credentials"
    assert form["client_secret"] == DEMO_CLIENT_SECRET
    assert "openid" in form["scope"].split(",")


async def test_one_token_serves_many_calls(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    for _ in range(3):
        await client.get(FLOWS, SEED_FLOW_ID)
    assert len(token_calls(recorder)) == 1


async def test_concurrent_first_calls_share_one_token_request(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    flows = await asyncio.gather(*(client.get(FLOWS, SEED_FLOW_ID) for _ in range(8)))
    assert {flow["id"] for flow in flows} == {SEED_FLOW_ID}
    assert len(token_calls(recorder)) == 1


async def test_concurrent_401s_renew_the_token_once(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    await client.get(FLOWS, SEED_FLOW_ID)
    emulator_app.expire_tokens()
    await asyncio.gather(*(client.get(FLOWS, SEED_FLOW_ID) for _ in range(5)))
    assert len(token_calls(recorder)) == 2


async def test_token_is_renewed_before_it_expires() -> None:
    # A token living less than the renew margin is treated as about to expire at every call.
    app = create_app(EmulatorConfig(token_ttl=120))
    client, recorder = recording_client(app, renew_margin=300.0)
    await client.get(FLOWS, SEED_FLOW_ID)
    await client.get(FLOWS, SEED_FLOW_ID)
    assert len(token_calls(recorder)) == 2
    steady, steady_recorder = recording_client(app, renew_margin=60.0)
    await steady.get(FLOWS, SEED_FLOW_ID)
    await steady.get(FLOWS, SEED_FLOW_ID)
    assert len(token_calls(steady_recorder)) == 1


async def test_an_expired_token_is_renewed_once_and_the_call_repeated(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app)
    flow = await client.get(FLOWS, SEED_FLOW_ID)
    emulator_app.expire_tokens()
    result = await client.patch(
        FLOWS, SEED_FLOW_ID, [{"op": "replace", "path": "/name", "value": "n"}], flow["etag"]
    )
    assert result.etag != flow["etag"]
    assert len(token_calls(recorder)) == 2
    assert [r.method for r in recorder.flow_service_requests()] == ["GET", "PATCH", "PATCH"]


async def test_a_second_401_is_not_retried_forever(emulator_app: Any) -> None:
    class AlwaysExpired(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.ASGITransport(app=emulator_app)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            emulator_app.expire_tokens()  # every token dies as soon as it is handed out
            return response

    client = FlowServiceClient(demo_client_settings(), transport=AlwaysExpired())
    with pytest.raises(AuthenticationError) as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    assert caught.value.status == 401
    assert caught.value.code == "401013"
    assert client.tokens.fetch_count == 2


async def test_wrong_credentials_say_so_without_the_secret(emulator_app: Any) -> None:
    client, recorder = recording_client(emulator_app, client_secret="not-the-secret-42")
    with pytest.raises(AuthenticationError) as caught:
        await client.list_all(FLOWS)
    message = str(caught.value)
    assert "client id, client secret" in message
    assert caught.value.status == 400 and caught.value.detail
    assert "not-the-secret-42" not in f"{message} {caught.value.detail!r} {caught.value!r}"
    assert recorder.flow_service_requests() == []
    assert len(token_calls(recorder)) == 1, "a refused secret is not retried"


async def test_token_is_cached_0600_and_reused_by_the_next_run(
    emulator_app: Any, private_folders: Path
) -> None:
    cache = token_cache_path("work")
    assert private_folders in cache.parents
    first, _ = recording_client(emulator_app, token_cache=cache)
    await first.get(FLOWS, SEED_FLOW_ID)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    second, recorder = recording_client(emulator_app, token_cache=cache)
    await second.get(FLOWS, SEED_FLOW_ID)
    assert token_calls(recorder) == []


async def test_a_cached_token_of_another_client_is_not_used(emulator_app: Any) -> None:
    cache = token_cache_path("work")
    first, _ = recording_client(emulator_app, token_cache=cache)
    await first.get(FLOWS, SEED_FLOW_ID)
    other, recorder = recording_client(emulator_app, token_cache=cache, org_id="OTHER@AdobeOrg")
    with pytest.raises(AuthenticationError):
        await other.get(FLOWS, SEED_FLOW_ID)  # the emulator knows only the demo org
    assert len(token_calls(recorder)) == 1


async def test_a_refused_cached_token_is_replaced(emulator_app: Any) -> None:
    cache = token_cache_path("work")
    first, _ = recording_client(emulator_app, token_cache=cache)
    await first.get(FLOWS, SEED_FLOW_ID)
    old = cache.read_text()
    emulator_app.expire_tokens()
    second, recorder = recording_client(emulator_app, token_cache=cache)
    await second.get(FLOWS, SEED_FLOW_ID)
    assert len(token_calls(recorder)) == 1
    assert cache.read_text() != old


async def test_a_ready_access_token_needs_no_secret(emulator_app: Any) -> None:
    donor, _ = recording_client(emulator_app)
    token = await donor.tokens.token()
    client, recorder = recording_client(emulator_app, access_token=token, client_secret=None)
    assert (await client.get(FLOWS, SEED_FLOW_ID))["id"] == SEED_FLOW_ID
    assert token_calls(recorder) == []
    emulator_app.expire_tokens()
    with pytest.raises(AuthenticationError, match="FLOWTUI_ACCESS_TOKEN") as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    assert token not in str(caught.value)


async def test_unreachable_ims_is_a_clear_network_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    settings = demo_client_settings(retry=instant_retry(2))
    client = FlowServiceClient(settings, transport=httpx.MockTransport(refuse))
    with pytest.raises(NoAnswerError, match="could not reach IMS"):
        await client.get(FLOWS, SEED_FLOW_ID)


def rendered_with_locals(error: BaseException) -> str:
    """The traceback as Textual prints it on a crash: every frame's local variables shown."""
    from io import StringIO

    from rich.console import Console
    from rich.traceback import Traceback

    tb = error.__traceback__
    assert tb is not None  # its first frame is the test's own, which names the secret itself
    out = StringIO()
    trace = Traceback.from_exception(
        type(error), error, tb.tb_next, show_locals=True, locals_max_string=100_000
    )
    Console(file=out, width=200).print(trace)
    return out.getvalue()


async def test_a_crash_traceback_shows_neither_token_nor_secret() -> None:
    app = create_app(EmulatorConfig(fail_rate=1.0))
    client, _ = recording_client(app, retry=instant_retry(0))
    token = await client.tokens.token()
    with pytest.raises(ServerError) as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    text = rendered_with_locals(caught.value)
    assert "send" in text and "token = " in text
    assert token not in text
    assert DEMO_CLIENT_SECRET not in text


async def test_a_refused_secret_is_not_in_the_crash_traceback(emulator_app: Any) -> None:
    client, _ = recording_client(emulator_app, client_secret="wrong-secret-0451")
    with pytest.raises(AuthenticationError) as caught:
        await client.get(FLOWS, SEED_FLOW_ID)
    text = rendered_with_locals(caught.value)
    assert "_fetch" in text
    assert "wrong-secret-0451" not in text


async def test_logs_name_calls_and_request_ids_but_never_credentials(
    emulator_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = recording_client(emulator_app)
    flow = await client.get(FLOWS, SEED_FLOW_ID)
    token = await client.tokens.token()
    emulator_app.expire_tokens()
    ops = [{"op": "replace", "path": "/name", "value": "logged"}]
    await client.patch(FLOWS, SEED_FLOW_ID, ops, flow["etag"])
    text = caplog.text
    assert f"PATCH /data/foundation/flowservice/flows/{SEED_FLOW_ID} -> 401" in text
    assert "request id" in text and "renewing" in text
    assert token not in text
    assert await client.tokens.token() not in text
    assert DEMO_CLIENT_SECRET not in text
