"""Every documented refusal flowtui can provoke, with the status, code and body errors.md gives.

errors.md (../shared/reference/flow-service/errors.md) lists the codes as ``CODE-STATUS``; these
tests check that the emulator's answers carry exactly those, in the Flow Service problem shape
(``type`` ending in ``FLOW-<code>-<status>``, ``title``, ``status``, ``detail``, ``report``) or in
the gateway's shapes.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from tests.support import shared_path

from .conftest import BASE, Service, make_app, open_service

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"
SALESFORCE = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"
MAILCHIMP = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"
TARGET = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"


def documented_codes() -> set[str]:
    """Every ``CODE-STATUS`` the catalogue lists (``1453-400``, ``2100-404``...)."""
    text = shared_path("reference", "flow-service", "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"\b(\d{4}-\d{3})\b", text))


def assert_flow_error(reply: httpx.Response, code: str, *named: str) -> None:
    """The reply is the documented code in the Flow Service problem shape, naming ``named``."""
    status = int(code.split("-")[1])
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["type"].endswith(f"FLOW-{code}"), body
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["report"]["request-id"] == reply.headers["x-request-id"]
    for word in named:
        assert word in body["detail"], (word, body["detail"])


@pytest.mark.parametrize(
    ("kind", "term", "code", "named"),
    [
        ("flows", "createdAt==", "1453-400", ["createdAt=="]),
        ("flows", "connections==x", "1449-400", ["connections"]),
        ("flows", "id>=x", "1448-400", [">=", "id"]),
        ("flows", "createdAt==1,2", "1452-400", ["1,2", "createdAt"]),
        ("flows", "createdAt==yesterday", "1452-400", ["yesterday", "createdAt"]),
        ("flows", "name~x", "1440-400", ["~"]),
        ("flows", "createdAt!>5", "1450-400", ["!>"]),
        ("flows", "createdAt<=1,2", "1443-400", ["<=", "1,2"]),
        ("connections", "flowSpec.id==x", "1449-400", ["flowSpec.id"]),
        ("runs", "metrics.statusSummary.status>Failed", "1448-400", [">"]),
        ("connectionSpecs", "nope==x", "1449-400", ["nope"]),
    ],
)
async def test_refused_filters_carry_the_documented_code(
    service: Service, kind: str, term: str, code: str, named: list[str]
) -> None:
    assert code in documented_codes()
    reply = await service.get(f"/{kind}", params={"property": term})
    assert_flow_error(reply, code, *named)


@pytest.mark.parametrize(
    "term",
    [
        "createdAt>=1600000000000",
        "lastRunDetails.startedAtUTC>=1670880253121",
        "state==enabled,disabled",
        "inheritedAttributes.sourceConnections[].id==x",
        "name!=a,b",
    ],
)
async def test_documented_filter_forms_are_accepted(service: Service, term: str) -> None:
    reply = await service.get("/flows", params={"property": term})
    assert reply.status_code == 200, reply.text


async def test_unknown_query_parameter_is_1451(service: Service) -> None:
    reply = await service.get("/flows", params={"testParam": "1"})
    assert_flow_error(reply, "1451-400", "testParam")


async def test_unknown_query_parameter_beside_a_token_is_1451(service: Service) -> None:
    app = make_app(records=5)
    async for big in open_service(app):
        href = (await big.get("/flows?limit=2")).json()["_links"]["next"]["href"]
        reply = await big.get(f"{href}&sort=name")
        assert_flow_error(reply, "1451-400", "sort")


@pytest.mark.parametrize(
    ("orderby", "code", "named"),
    [
        ("connections", "1433-400", "connections"),
        ("-flowSpec", "1433-400", "flowSpec"),
        ("--name", "1432-400", "--name"),
        ("+-name", "1432-400", "+-name"),
    ],
)
async def test_refused_orderby_carries_the_documented_code(
    service: Service, orderby: str, code: str, named: str
) -> None:
    reply = await service.get("/flows", params={"orderby": orderby})
    assert_flow_error(reply, code, named)


async def _etag(svc: Service, kind: str, rid: str) -> str:
    reply = await svc.get(f"/{kind}/{rid}")
    etag: str = reply.json()["items"][0]["etag"]
    return etag


async def test_auth_spec_name_the_connection_spec_lacks_is_1415_and_not_stored(
    app: Any, service: Service
) -> None:
    etag = await _etag(service, "connections", SALESFORCE_CONNECTION_ID)
    ops = [{"op": "replace", "path": "/auth/specName", "value": "Magic Link"}]
    reply = await service.patch(f"/connections/{SALESFORCE_CONNECTION_ID}", ops, etag)
    assert_flow_error(reply, "1415-400", "Magic Link", SALESFORCE)
    assert (
        app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["auth"]["specName"]
        == "Basic Authentication"
    )


async def test_auth_spec_name_the_connection_spec_has_is_accepted(service: Service) -> None:
    etag = await _etag(service, "connections", SALESFORCE_CONNECTION_ID)
    ops = [{"op": "replace", "path": "/auth/specName", "value": "OAuth2 Client Credential"}]
    reply = await service.patch(f"/connections/{SALESFORCE_CONNECTION_ID}", ops, etag)
    assert reply.status_code == 200, reply.text


@pytest.mark.parametrize("body", [b"", b"   ", b"null", b"[]"])
async def test_empty_patch_body_is_1405(service: Service, body: bytes) -> None:
    headers = service.headers(
        **{"If-Match": await _etag(service, "flows", FLOW), "Content-Type": "application/json"}
    )
    reply = await service.http.patch(f"{BASE}/flows/{FLOW}", content=body, headers=headers)
    assert_flow_error(reply, "1405-400")


async def test_empty_put_body_is_1405(service: Service) -> None:
    headers = service.headers(**{"Content-Type": "application/json"})
    reply = await service.http.put(f"{BASE}/connectionSpecs/{MAILCHIMP}", headers=headers)
    assert_flow_error(reply, "1405-400")


@pytest.mark.parametrize(
    ("kind", "rid", "op"),
    [
        (
            "connections",
            SALESFORCE_CONNECTION_ID,
            {"op": "replace", "path": "/connectionSpec/id", "value": MAILCHIMP},
        ),
        (
            "connections",
            SALESFORCE_CONNECTION_ID,
            {"op": "replace", "path": "/connectionSpec", "value": {"id": "x"}},
        ),
        ("targetConnections", TARGET, {"op": "remove", "path": "/connectionSpec"}),
    ],
)
async def test_changing_a_connections_spec_is_1414(
    service: Service, kind: str, rid: str, op: dict[str, Any]
) -> None:
    before = (await service.get(f"/{kind}/{rid}")).json()["items"][0]
    reply = await service.patch(f"/{kind}/{rid}", [op], before["etag"])
    assert_flow_error(reply, "1414-400", op["path"])
    assert (await service.get(f"/{kind}/{rid}")).json()["items"][0] == before


@pytest.mark.parametrize("method", ["PATCH", "PUT", "POST"])
async def test_write_without_content_type_is_the_gateways_bad_request(
    service: Service, method: str
) -> None:
    path = {
        "PATCH": f"/flows/{FLOW}",
        "PUT": f"/connectionSpecs/{MAILCHIMP}",
        "POST": f"/flows/{FLOW}/action?op=disable",
    }[method]
    headers = service.headers(**{"If-Match": await _etag(service, "flows", FLOW)})
    content = b"" if method == "POST" else b'[{"op":"remove","path":"/description"}]'
    reply = await service.http.request(method, BASE + path, content=content, headers=headers)
    assert reply.status_code == 400
    assert reply.json() == {
        "type": "about:blank",
        "status": 400,
        "title": "BadRequestError",
        "detail": "A valid content-type must be specified",
    }


async def test_missing_authorization_is_403010_and_a_bad_token_401013(service: Service) -> None:
    headers = service.headers()
    del headers["Authorization"]
    missing = await service.http.get(BASE + "/flows", headers=headers)
    assert (missing.status_code, missing.json()["error_code"]) == (403, "403010")
    bad = await service.http.get(BASE + "/flows", headers={**headers, "Authorization": "Bearer x"})
    assert (bad.status_code, bad.json()["error_code"]) == (401, "401013")


async def test_unknown_sandbox_is_2100(service: Service) -> None:
    reply = await service.get("/flows", sandbox="no-such-sandbox")
    assert_flow_error(reply, "2100-404", "no-such-sandbox")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/flows", "GET"),
        ("DELETE", f"/flows/{FLOW}", "GET, PATCH"),
        ("PATCH", f"/connectionSpecs/{MAILCHIMP}", "GET, PUT"),
        ("GET", f"/flows/{FLOW}/action", "POST"),
        ("PATCH", "/runs/x", "GET"),
    ],
)
async def test_method_not_allowed_names_the_allowed_ones(
    service: Service, method: str, path: str, allow: str
) -> None:
    headers = service.headers(**{"Content-Type": "application/json", "If-Match": '"x"'})
    reply = await service.http.request(method, BASE + path, headers=headers, content=b"[]")
    assert reply.status_code == 405
    assert reply.headers["allow"] == allow


async def test_token_endpoint_405_names_post(service: Service) -> None:
    reply = await service.http.get("/ims/token/v3")
    assert reply.status_code == 405
    assert reply.headers["allow"] == "POST"


async def test_spec_put_without_version_is_accepted(service: Service) -> None:
    spec = (await service.get(f"/connectionSpecs/{MAILCHIMP}")).json()["items"][0]
    body = {k: v for k, v in spec.items() if k != "version"}
    body["name"] = "MailChimp Members (no version)"
    reply = await service.put(f"/connectionSpecs/{MAILCHIMP}", body)
    assert reply.status_code == 200, reply.text
    assert reply.json()["items"][0]["name"] == "MailChimp Members (no version)"


@pytest.mark.parametrize("op", ["ADD", "Replace", "move"])
async def test_ops_other_than_lowercase_add_replace_remove_are_1434(
    service: Service, op: str
) -> None:
    etag = await _etag(service, "flows", FLOW)
    body = [{"op": op, "path": "/description", "value": "x", "from": "/name"}]
    reply = await service.patch(f"/flows/{FLOW}", body, etag)
    assert_flow_error(reply, "1434-400", op)


async def test_limit_above_100_is_refused_not_capped(service: Service) -> None:
    reply = await service.get("/flows", params={"limit": "101"})
    assert_flow_error(reply, "1100-400", "101")
