"""Tokens and the gateway's header checks: each failure has the gateway's shape and status."""

from __future__ import annotations

import httpx
import pytest

from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorApp

from .conftest import BASE, Service, fetch_token, make_app, open_service, service_headers

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"


def _client(app: EmulatorApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://emu.test")


async def test_token_reply_has_bearer_type_and_ttl() -> None:
    app = make_app(token_ttl=1234)
    async with _client(app) as http:
        reply = await http.post(
            "/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": DEMO_CLIENT_ID,
                "client_secret": DEMO_CLIENT_SECRET,
                "scope": "openid",
            },
        )
    assert reply.status_code == 200
    body = reply.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1234
    assert isinstance(body["access_token"], str) and body["access_token"]
    assert reply.headers["x-request-id"]


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("someone-else", DEMO_CLIENT_SECRET), (DEMO_CLIENT_ID, "wrong-secret"), ("", "")],
)
async def test_wrong_client_gets_invalid_client(
    app: EmulatorApp, client_id: str, secret: str
) -> None:
    async with _client(app) as http:
        reply = await http.post(
            "/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "scope": "openid",
            },
        )
    assert reply.status_code == 400
    assert reply.json()["error"] == "invalid_client"
    assert "error_description" in reply.json()
    assert "wrong-secret" not in reply.text


async def test_custom_credentials_are_the_only_ones_accepted() -> None:
    app = make_app(client_id="my-client", client_secret="my-secret")
    async with _client(app) as http:
        demo = await http.post(
            "/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": DEMO_CLIENT_ID,
                "client_secret": DEMO_CLIENT_SECRET,
            },
        )
        mine = await http.post(
            "/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": "my-client",
                "client_secret": "my-secret",
            },
        )
        assert demo.status_code == 400
        assert mine.status_code == 200
        token = mine.json()["access_token"]
        headers = {**service_headers(token), "x-api-key": "my-client"}
        listed = await http.get(BASE + "/flows", headers=headers)
        assert listed.status_code == 200
        demo_key = await http.get(BASE + "/flows", headers=service_headers(token))
        assert demo_key.status_code == 403


async def test_missing_authorization_header_is_gateway_403010(service: Service) -> None:
    headers = service.headers()
    del headers["Authorization"]
    reply = await service.http.get(BASE + "/flows", headers=headers)
    assert reply.status_code == 403
    assert reply.json() == {"error_code": "403010", "message": "Oauth token is missing."}
    assert reply.headers["x-request-id"]


async def test_unknown_token_is_gateway_401(service: Service) -> None:
    reply = await service.http.get(BASE + "/flows", headers=service_headers("made-up"))
    assert reply.status_code == 401
    assert reply.json()["error_code"] == "401013"


async def test_token_stops_working_when_it_expires(app: EmulatorApp) -> None:
    async for svc in open_service(app):
        assert (await svc.get("/flows")).status_code == 200
        app.expire_tokens()
        expired = await svc.get("/flows")
        assert expired.status_code == 401
        assert expired.json()["error_code"] == "401013"
        svc.token = await fetch_token(svc.http)
        assert (await svc.get("/flows")).status_code == 200


async def test_zero_ttl_tokens_are_born_expired() -> None:
    async for svc in open_service(make_app(token_ttl=0)):
        assert (await svc.get("/flows")).status_code == 401


async def test_missing_api_key_is_gateway_403(service: Service) -> None:
    headers = service.headers()
    del headers["x-api-key"]
    reply = await service.http.get(BASE + "/flows", headers=headers)
    assert reply.status_code == 403
    assert reply.json() == {"error_code": "403000", "message": "Api Key is required"}


async def test_missing_org_header_is_gateway_400(service: Service) -> None:
    headers = service.headers()
    del headers["x-gw-ims-org-id"]
    reply = await service.http.get(BASE + "/flows", headers=headers)
    assert reply.status_code == 400
    body = reply.json()
    assert set(body) == {"error_code", "message"}
    assert "x-gw-ims-org-id" in body["message"]


async def test_other_org_is_refused(service: Service) -> None:
    headers = {**service.headers(), "x-gw-ims-org-id": "OTHER@AdobeOrg"}
    reply = await service.http.get(BASE + "/flows", headers=headers)
    assert reply.status_code == 403
    assert "error_code" in reply.json()


async def test_no_sandbox_header_means_prod(service: Service) -> None:
    implicit = await service.get(f"/flows/{FLOW}")
    explicit = await service.get(f"/flows/{FLOW}", sandbox="prod")
    assert implicit.status_code == explicit.status_code == 200
    assert implicit.json()["items"][0]["sandboxName"] == "prod"


async def test_unknown_sandbox_is_2100_naming_it(service: Service) -> None:
    reply = await service.get("/flows", sandbox="staging")
    assert reply.status_code == 404
    body = reply.json()
    assert body["type"].endswith("FLOW-2100-404")
    assert "staging" in body["detail"]
    assert body["report"]["request-id"] == reply.headers["x-request-id"]


async def test_payload_without_json_content_type_is_the_gateways_bad_request(
    service: Service,
) -> None:
    flow = (await service.get(f"/flows/{FLOW}")).json()["items"][0]
    headers = {**service.headers(), "If-Match": flow["etag"], "Content-Type": "text/plain"}
    reply = await service.http.patch(
        f"{BASE}/flows/{FLOW}",
        content=b'[{"op":"replace","path":"/name","value":"x"}]',
        headers=headers,
    )
    assert reply.status_code == 400
    body = reply.json()
    assert body["title"] == "BadRequestError"
    assert body["status"] == 400
    assert body["detail"] == "A valid content-type must be specified"
    after = (await service.get(f"/flows/{FLOW}")).json()["items"][0]
    assert after["etag"] == flow["etag"]


async def test_every_reply_carries_a_request_id(service: Service) -> None:
    replies = [
        await service.get("/flows"),
        await service.get("/flows/nope"),
        await service.http.get(BASE + "/flows"),
        await service.http.post("/ims/token/v3", data={"grant_type": "client_credentials"}),
        await service.http.get("/somewhere/else"),
    ]
    ids = [r.headers.get("x-request-id") for r in replies]
    assert all(ids)
    assert len(set(ids)) == len(ids)


async def test_given_request_id_is_echoed(service: Service) -> None:
    reply = await service.http.get(
        BASE + "/flows", headers={**service.headers(), "x-request-id": "trace-42"}
    )
    assert reply.headers["x-request-id"] == "trace-42"
