"""Against a server that misbehaves, the client tells "no answer" from "an answer", a write's
unknown outcome from a refusal, and a broken list from an empty one."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import httpx
import pytest

from flowtui.api import (
    ConnectionFailedError,
    FlowServiceClient,
    NoAnswerError,
    OutcomeUnknownError,
    ServerError,
    UnexpectedAnswerError,
)
from flowtui.api.kinds import CONNECTION_SPECS, FLOWS
from tests.api.misbehaving import FLOW_PATH, MisbehavingApp, flow, no_ims_settings, socket_server
from tests.support import DEMO_BASE_URL, instant_retry

OPS = [{"op": "replace", "path": "/name", "value": "renamed"}]
SPEC = {"name": "a spec", "providerId": "p", "version": "1.0"}


def in_process(app: MisbehavingApp, **overrides: Any) -> FlowServiceClient:
    return FlowServiceClient(
        no_ims_settings(DEMO_BASE_URL, **overrides), transport=httpx.ASGITransport(app=app)
    )


async def write(client: FlowServiceClient, method: str) -> object:
    if method == "PATCH":
        return await client.patch(FLOWS, "f1", OPS, '"1"')
    return await client.put(CONNECTION_SPECS, "s1", SPEC)


# --- answers that are not success -----------------------------------------------------------


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_a_redirected_write_is_not_saved_and_names_where_it_pointed(method: str) -> None:
    app = MisbehavingApp("redirect")
    with pytest.raises(UnexpectedAnswerError) as caught:
        await write(in_process(app), method)
    error = caught.value
    assert error.status == 302
    assert "login.example.invalid/sso/start" in str(error)
    assert "s3cr3t-state" not in str(error), "the Location's query is not shown"
    assert [r.method for r in app.seen] == [method], "the redirect is not followed"


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_a_304_answer_to_a_write_is_not_success(method: str) -> None:
    app = MisbehavingApp("not_modified")
    with pytest.raises(UnexpectedAnswerError) as caught:
        await write(in_process(app), method)
    assert caught.value.status == 304
    assert "304" in str(caught.value)


async def test_a_redirected_list_is_an_error_not_an_empty_list() -> None:
    app = MisbehavingApp("redirect")
    with pytest.raises(UnexpectedAnswerError, match="302"):
        await in_process(app).list_all(FLOWS)


async def test_a_redirect_over_a_socket_is_not_followed() -> None:
    async with (
        socket_server("redirect") as server,
        FlowServiceClient(no_ims_settings(server.base_url)) as client,
    ):
        with pytest.raises(UnexpectedAnswerError) as caught:
            await client.patch(FLOWS, "f1", OPS, '"1"')
    assert caught.value.status == 302
    assert server.received == 1


# --- writes whose outcome is unknown --------------------------------------------------------


@pytest.mark.parametrize("behaviour", ["apply_then_hang", "hang_then_apply"])
async def test_a_write_that_meets_the_deadline_has_an_unknown_outcome(behaviour: str) -> None:
    app = MisbehavingApp(behaviour, hang=3.0)
    started = time.monotonic()
    with pytest.raises(OutcomeUnknownError) as caught:
        await in_process(app, write_deadline=0.3).patch(FLOWS, "f1", OPS, '"1"')
    assert time.monotonic() - started < 1.5
    error = caught.value
    assert isinstance(error.cause, NoAnswerError) and error.status is None
    assert "may or may not have been applied" in str(error) and "Reload" in str(error)
    assert isinstance(error.__cause__, TimeoutError)
    # Whether it landed differs, and only a re-read can tell: the client says the same thing.
    assert app.applied == (1 if behaviour == "apply_then_hang" else 0)


@pytest.mark.parametrize(("behaviour", "status"), [("bad_gateway", 502), ("gateway_timeout", 504)])
async def test_a_gateway_error_on_a_write_has_an_unknown_outcome(
    behaviour: str, status: int
) -> None:
    app = MisbehavingApp(behaviour)
    with pytest.raises(OutcomeUnknownError) as caught:
        await in_process(app).patch(FLOWS, "f1", OPS, '"1"')
    assert isinstance(caught.value.cause, ServerError)
    assert caught.value.status == status
    assert len(app.seen) == 1, "a write is never repeated"


async def test_a_gateway_error_on_a_read_is_retried_then_a_server_error() -> None:
    app = MisbehavingApp("bad_gateway")
    with pytest.raises(ServerError) as caught:
        await in_process(app, retry=instant_retry(2)).get(FLOWS, "f1")
    assert caught.value.status == 502
    assert len(app.seen) == 3


async def test_a_write_applied_then_silent_over_a_socket_has_an_unknown_outcome() -> None:
    async with socket_server("apply_then_silence", hang=3.0) as server:
        settings = no_ims_settings(server.base_url, write_deadline=0.5)
        async with FlowServiceClient(settings) as client:
            started = time.monotonic()
            with pytest.raises(OutcomeUnknownError) as caught:
                await client.patch(FLOWS, "f1", OPS, '"1"')
            assert time.monotonic() - started < 2.0
    assert server.applied == 1
    assert isinstance(caught.value.cause, NoAnswerError)


async def test_a_write_the_server_never_read_over_a_socket_has_an_unknown_outcome() -> None:
    async with socket_server("silence_before_apply", hang=3.0) as server:
        settings = no_ims_settings(server.base_url, write_deadline=0.5)
        async with FlowServiceClient(settings) as client:
            with pytest.raises(OutcomeUnknownError):
                await client.patch(FLOWS, "f1", OPS, '"1"')
    assert server.applied == 0


async def test_a_write_reset_over_a_socket_has_an_unknown_outcome_and_keeps_the_cause() -> None:
    async with (
        socket_server("reset") as server,
        FlowServiceClient(no_ims_settings(server.base_url)) as client,
    ):
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.patch(FLOWS, "f1", OPS, '"1"')
    assert server.received == 1
    assert isinstance(caught.value.cause, NoAnswerError)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert caught.value.__cause__.__traceback__ is None, "its frames hold the request headers"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_write_that_could_not_connect_says_it_was_not_sent() -> None:
    settings = no_ims_settings(f"http://127.0.0.1:{closed_port()}")
    async with FlowServiceClient(settings) as client:
        with pytest.raises(ConnectionFailedError, match="not sent") as caught:
            await client.patch(FLOWS, "f1", OPS, '"1"')
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


# --- reads that get no answer ---------------------------------------------------------------


async def test_a_read_reset_over_a_socket_is_retried_then_no_answer() -> None:
    async with socket_server("reset") as server:
        settings = no_ims_settings(server.base_url, retry=instant_retry(2))
        async with FlowServiceClient(settings) as client:
            with pytest.raises(NoAnswerError) as caught:
                await client.get(FLOWS, "f1")
    assert server.received == 3
    assert not isinstance(caught.value, ConnectionFailedError)


async def test_a_trickling_read_ends_at_the_deadline_and_the_next_call_works() -> None:
    async with socket_server("trickle", interval=0.2) as server:
        settings = no_ims_settings(server.base_url, request_deadline=0.8, read_timeout=5.0)
        async with FlowServiceClient(settings) as client:
            started = time.monotonic()
            with pytest.raises(NoAnswerError, match=r"within 0\.8 s"):
                await client.get(FLOWS, "f1")
            assert time.monotonic() - started < 1.5
            server.behaviour = "ok"
            assert (await client.get(FLOWS, "socket-record"))["id"] == "socket-record"


async def test_a_trickling_write_ends_at_the_deadline_with_an_unknown_outcome() -> None:
    async with socket_server("trickle", interval=0.2) as server:
        settings = no_ims_settings(server.base_url, write_deadline=0.6, read_timeout=5.0)
        async with FlowServiceClient(settings) as client:
            started = time.monotonic()
            with pytest.raises(OutcomeUnknownError):
                await client.patch(FLOWS, "f1", OPS, '"1"')
            assert time.monotonic() - started < 1.5


async def test_a_trickling_list_ends_at_the_deadline() -> None:
    async with socket_server("trickle", interval=0.2) as server:
        settings = no_ims_settings(server.base_url, request_deadline=0.6, read_timeout=5.0)
        async with FlowServiceClient(settings) as client:
            started = time.monotonic()
            with pytest.raises(NoAnswerError):
                await client.list_all(FLOWS)
            assert time.monotonic() - started < 1.5


# --- lists and records whose body is not the documented JSON --------------------------------


@pytest.mark.parametrize(
    ("behaviour", "shown"),
    [
        ("html", "<!DOCTYPE html>"),
        ("truncated_json", '{"items": [{"id": "a", "na'),
        ("no_envelope", '{"records"'),
        ("bare_array", '[{"id": "a"}]'),
        ("next_not_a_link", "_links"),
    ],
)
async def test_a_list_body_that_is_not_the_documented_json_is_an_error(
    behaviour: str, shown: str
) -> None:
    app = MisbehavingApp(behaviour)
    with pytest.raises(UnexpectedAnswerError) as caught:
        await in_process(app).list_all(FLOWS)
    error = caught.value
    assert error.status == 200
    assert shown in str(error)
    assert "\x1b" not in str(error), "control characters from the body are not shown raw"


async def test_an_html_list_names_its_content_type_and_shows_at_most_200_characters() -> None:
    app = MisbehavingApp("html")
    with pytest.raises(UnexpectedAnswerError) as caught:
        await in_process(app).list_all(FLOWS)
    assert "text/html" in str(caught.value)
    assert caught.value.detail is not None and len(caught.value.detail) <= 200


@pytest.mark.parametrize("behaviour", ["html", "truncated_json", "not_a_record", "bare_array"])
async def test_a_record_read_whose_body_is_not_a_record_is_an_error(behaviour: str) -> None:
    app = MisbehavingApp(behaviour)
    if behaviour == "bare_array":
        record = await in_process(app).get(FLOWS, "a")  # a one-record array is still a record
        assert record["id"] == "a"
        return
    with pytest.raises(UnexpectedAnswerError):
        await in_process(app).get(FLOWS, "a")


# --- endless lists --------------------------------------------------------------------------


async def test_endless_distinct_pages_stop_at_the_record_limit_and_say_how_to_narrow() -> None:
    app = MisbehavingApp("endless_pages")
    client = in_process(app, max_list_records=95)
    pages = [page async for page in client.list_pages(FLOWS)]
    assert len(app.seen) == 10 == len(pages)
    assert all(page.truncated is None for page in pages[:-1])
    last = pages[-1].truncated
    assert last is not None and last.loaded == 100 and last.pages == 10
    assert "100 records" in last.message and "filter" in last.message and "/" in last.message


async def test_endless_empty_pages_stop_at_the_page_limit() -> None:
    app = MisbehavingApp("empty_endless_pages")
    client = in_process(app, max_list_pages=7)
    pages = [page async for page in client.list_pages(FLOWS)]
    assert len(pages) == 7 == len(app.seen)
    assert pages[-1].truncated is not None and "7 pages" in pages[-1].truncated.message


async def test_list_all_past_the_limit_raises_with_what_it_loaded() -> None:
    from flowtui.api import ListTruncatedError

    app = MisbehavingApp("endless_pages")
    with pytest.raises(ListTruncatedError) as caught:
        await in_process(app, max_list_records=30).list_all(FLOWS)
    assert len(caught.value.records) == 30
    assert "Narrow it" in str(caught.value)


async def test_the_same_next_link_twice_is_refused() -> None:
    class Looping(MisbehavingApp):
        async def loop(self, request: Any) -> tuple[int, dict[str, str], bytes]:
            body = b'{"items": [], "_links": {"next": {"href": "/flows?continuationToken=same"}}}'
            return 200, {"content-type": "application/json"}, body

    app = Looping("loop")
    with pytest.raises(UnexpectedAnswerError, match="same next-page link twice"):
        await in_process(app).list_all(FLOWS)
    assert len(app.seen) == 2


# --- paging under both readings of the continuation token -----------------------------------


def flows(n: int) -> list[dict[str, Any]]:
    states = ("enabled", "disabled", "enabled")
    return [flow(f"flow-{(i * 37) % n:04}", state=states[i % 3]) for i in range(n)]


@pytest.mark.parametrize("behaviour", ["cursor_tokens", "query_in_link"])
async def test_filtered_sorted_pages_match_the_full_listing(behaviour: str) -> None:
    records = flows(250)
    app = MisbehavingApp(behaviour, records=records)
    client = in_process(app)
    got = await client.list_all(FLOWS, properties=["state==enabled"], orderby="-name")
    expected = sorted(
        (r for r in records if r["state"] == "enabled"), key=lambda r: r["name"], reverse=True
    )
    assert len(app.seen) == 2, "167 matches in pages of 100"
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    for request in app.seen:
        names = [k for k, _ in request.query]
        assert names.count("property") == 1 and names.count("orderby") == 1, names
        assert names.count("limit") == 1
        assert request.path == FLOW_PATH


async def test_a_token_without_the_query_gives_wrong_pages_so_the_test_can_fail() -> None:
    """The fake service really depends on the repeated query (guards the test above)."""
    records = flows(250)
    app = MisbehavingApp("cursor_tokens", records=records)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as raw:
        base = f"{DEMO_BASE_URL}{FLOW_PATH}"
        first = (await raw.get(base, params={"property": "state==enabled", "limit": "100"})).json()
        href = first["_links"]["next"]["href"]
        second = (await raw.get(base + href.removeprefix("/flows"))).json()
    assert any(r["state"] != "enabled" for r in second["items"])


# --- IMS, and what a crash report shows -----------------------------------------------------


async def test_a_trickling_ims_ends_at_the_deadline_as_no_answer() -> None:
    async with socket_server("trickle", interval=0.2) as server:
        settings = no_ims_settings(
            server.base_url,
            access_token=None,
            client_secret="s3cr3t-ims",
            request_deadline=0.6,
            read_timeout=5.0,
        )
        async with FlowServiceClient(settings) as client:
            started = time.monotonic()
            with pytest.raises(NoAnswerError, match="IMS"):
                await client.get(FLOWS, "f1")
            assert time.monotonic() - started < 1.5


async def test_a_redirect_from_ims_is_an_unexpected_answer_not_a_token() -> None:
    app = MisbehavingApp("redirect")
    client = in_process(app, access_token=None, client_secret="s3cr3t-ims")
    with pytest.raises(UnexpectedAnswerError, match="302"):
        await client.get(FLOWS, "f1")
    assert [r.path for r in app.seen] == ["/ims/token/v3"]


async def test_a_reset_read_crash_report_shows_no_token() -> None:
    from tests.api.test_auth import rendered_with_locals

    async with (
        socket_server("reset") as server,
        FlowServiceClient(no_ims_settings(server.base_url, retry=instant_retry(0))) as client,
    ):
        with pytest.raises(NoAnswerError) as caught:
            await client.get(FLOWS, "f1")
    text = rendered_with_locals(caught.value)
    assert "ReadError" in text or "RemoteProtocolError" in text, "the httpx cause is shown"
    assert "t0k3n-misbehaving" not in text


async def test_a_write_queued_behind_a_slow_read_that_meets_its_deadline_was_not_sent() -> None:
    async with socket_server("trickle", interval=0.2) as server:
        settings = no_ims_settings(
            server.base_url, request_deadline=1.5, write_deadline=0.4, read_timeout=5.0
        )
        async with FlowServiceClient(settings) as client:
            reading = asyncio.create_task(client.get(FLOWS, "f1"))
            await asyncio.sleep(0.2)  # the read holds the one pooled connection
            with pytest.raises(ConnectionFailedError, match="not sent") as caught:
                await client.patch(FLOWS, "f1", OPS, '"1"')
            assert "came free" in str(caught.value)
            assert server.received == 1, "only the read reached the server"
            with pytest.raises(NoAnswerError):
                await reading
