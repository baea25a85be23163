"""Every error body shape the service answers in becomes the right typed exception.

The emulator produces the Flow Service and gateway shapes (tested in test_client_emulator);
here httpx.MockTransport serves the shapes it does not, byte for byte as documented.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from flowtui.api import (
    AnswerError,
    AuthenticationError,
    ClientSettings,
    FlowServiceClient,
    FlowServiceError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitedError,
    ServerError,
    UnexpectedAnswerError,
    ValidationError,
)
from flowtui.api.kinds import CONNECTIONS, FLOWS
from tests.support import instant_retry

FLOW_ID = "226fb2e1-db69-4760-b67e-9e671e05abfc"
TOKEN_REPLY = {"access_token": "t0k3n-value", "token_type": "bearer", "expires_in": 86400}


def client_answering(
    status: int, body: Any, headers: dict[str, str] | None = None
) -> FlowServiceClient:
    """A client whose Flow Service calls all get this one answer (IMS hands out a token)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ims/token/v3":
            return httpx.Response(200, json=TOKEN_REPLY)
        if isinstance(body, (dict, list)):
            return httpx.Response(status, json=body, headers=headers)
        return httpx.Response(status, content=body, headers=headers)

    settings = ClientSettings(
        org_id="ORG@AdobeOrg", client_id="cid", client_secret="s3cr3t", retry=instant_retry(0)
    )
    return FlowServiceClient(settings, transport=httpx.MockTransport(handler))


async def test_problem_shape_with_report_gives_code_detail_and_request_id() -> None:
    body = {
        "type": "https://ns.adobe.com/aep/errors/FLOW-1404-412",
        "title": "Precondition failed",
        "status": 412,
        "detail": 'Supplied version "a" does not match the current version "b"',
        "report": {"detailed-message": "version mismatch", "request-id": "req-412"},
    }
    client = client_answering(412, body)
    with pytest.raises(PreconditionFailedError) as caught:
        await client.patch(FLOWS, FLOW_ID, [], '"a"')
    error = caught.value
    assert (error.status, error.code, error.request_id) == (412, "FLOW-1404-412", "req-412")
    assert error.detail is not None and "does not match" in error.detail
    assert "reload" in error.message


async def test_problem_shape_without_report_reads_request_id_from_header() -> None:
    body = {
        "type": "https://ns.adobe.com/aep/errors/FLOW-1403-400",
        "status": 400,
        "title": "Bad request",
        "detail": "If-Match header is required",
    }
    client = client_answering(400, body, {"x-request-id": "hdr-1"})
    with pytest.raises(ValidationError) as caught:
        await client.patch(FLOWS, FLOW_ID, [], '"a"')
    assert caught.value.code == "FLOW-1403-400"
    assert caught.value.request_id == "hdr-1"
    assert "If-Match header is required" in str(caught.value)


async def test_error_message_shape_from_the_openapi_examples() -> None:
    message = "flows not found with id = [ca5c6e9a-8559-4a08-97a5-f15b756da600-]"
    client = client_answering(404, {"errorMessage": message, "errorDetails": message})
    with pytest.raises(NotFoundError) as caught:
        await client.get(FLOWS, "ca5c6e9a-8559-4a08-97a5-f15b756da600-")
    assert "not found, or you have no access to it" in caught.value.message
    assert caught.value.detail == message


async def test_gateway_shape_keeps_its_error_code() -> None:
    client = client_answering(403, {"error_code": "403003", "message": "Api Key is invalid"})
    with pytest.raises(AuthenticationError) as caught:
        await client.list_all(CONNECTIONS)
    assert caught.value.code == "403003"
    assert caught.value.detail == "Api Key is invalid"


async def test_forbidden_record_reads_as_not_found() -> None:
    body = {
        "type": "https://ns.adobe.com/aep/errors/FLOW-1403-403",
        "status": 403,
        "title": "Forbidden",
        "detail": "You do not have access to this flow",
    }
    client = client_answering(403, body)
    with pytest.raises(NotFoundError, match="not found, or you have no access to it"):
        await client.get(FLOWS, FLOW_ID)


async def test_gateway_refusal_of_a_record_read_is_about_credentials() -> None:
    client = client_answering(403, {"error_code": "403025", "message": "Profile is not valid"})
    with pytest.raises(AuthenticationError, match="org id and API key") as caught:
        await client.get(FLOWS, FLOW_ID)
    assert caught.value.code == "403025"


async def test_bare_message_shape() -> None:
    client = client_answering(422, {"message": "connectionSpec.id is required"})
    with pytest.raises(ValidationError, match=r"connectionSpec\.id is required"):
        await client.patch(CONNECTIONS, "c1", [], '"e"')


async def test_non_json_body_still_gives_status_and_request_id() -> None:
    client = client_answering(500, b"upstream connect error", {"x-request-id": "plain-1"})
    with pytest.raises(ServerError) as caught:
        await client.get(FLOWS, FLOW_ID)
    assert (caught.value.status, caught.value.request_id) == (500, "plain-1")
    assert "upstream connect error" in str(caught.value)


async def test_html_error_page_is_not_pasted_into_the_message() -> None:
    client = client_answering(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>")
    with pytest.raises(ServerError) as caught:
        await client.get(FLOWS, FLOW_ID)
    assert "<html>" not in str(caught.value)
    assert caught.value.status == 502


async def test_rate_limit_without_retries_left_carries_retry_after() -> None:
    client = client_answering(
        429, {"error_code": "429050", "message": "Too many requests"}, {"Retry-After": "7"}
    )
    with pytest.raises(RateLimitedError) as caught:
        await client.list_all(FLOWS)
    assert caught.value.retry_after == 7.0


async def test_an_unknown_status_is_an_answer_error_with_its_status() -> None:
    client = client_answering(418, {"message": "I am a teapot"})
    with pytest.raises(FlowServiceError, match="teapot") as caught:
        await client.get(FLOWS, FLOW_ID)
    assert type(caught.value) is AnswerError
    assert caught.value.status == 418


async def test_token_never_appears_in_an_error() -> None:
    client = client_answering(500, b"boom")
    with pytest.raises(ServerError) as caught:
        await client.get(FLOWS, FLOW_ID)
    text = f"{caught.value!s} {caught.value!r} {caught.value.detail}"
    assert "t0k3n-value" not in text and "s3cr3t" not in text
    assert "s3cr3t" not in repr(client.settings)


@pytest.mark.parametrize("status", [101, 300, 301, 303, 304, 307, 308])
async def test_an_informational_or_redirect_answer_to_a_read_is_not_success(status: int) -> None:
    headers = {"Location": "https://elsewhere.example/flows?sig=abc"} if status != 304 else {}
    client = client_answering(status, b"", headers)
    with pytest.raises(UnexpectedAnswerError) as caught:
        await client.get(FLOWS, FLOW_ID)
    assert caught.value.status == status
    assert str(status) in str(caught.value)
    if headers:
        assert "elsewhere.example/flows" in str(caught.value)
        assert "sig=abc" not in str(caught.value)


async def test_a_count_answer_without_a_count_shows_what_came() -> None:
    client = client_answering(200, {"items": []})
    with pytest.raises(UnexpectedAnswerError, match="a count") as caught:
        await client.count(FLOWS)
    assert caught.value.detail == '{"items":[]}'
