"""The sandbox list (Sandbox Management API) and cross-sandbox reads with ``*`` headers, with
the refusals errors.md documents (2112, 2113, 1424) and 2103 for a mismatched sandbox id."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from flowtui.emulator import EmulatorApp
from flowtui.emulator.fixtures import DEV_FLOW_ID, SANDBOX_IDS, WINTER_FLOW_ID

from .conftest import Service, make_app, open_service

SANDBOXES = "/data/foundation/sandbox-management/sandboxes"
ANY = {"x-sandbox-name": "*", "x-sandbox-id": "*"}
BASE = "/data/foundation/flowservice"


async def _get(service: Service, path: str, **headers: str) -> httpx.Response:
    return await service.http.get(BASE + path, headers={**service.headers(), **headers})


async def test_sandbox_list_has_production_and_development(service: Service) -> None:
    reply = await service.http.get(SANDBOXES, headers=service.headers())
    assert reply.status_code == 200
    body = reply.json()
    by_name = {s["name"]: s for s in body["sandboxes"]}
    assert by_name["prod"]["type"] == "production" and by_name["prod"]["isDefault"] is True
    assert by_name["dev"]["type"] == "development" and by_name["dev"]["isDefault"] is False
    assert {s["state"] for s in body["sandboxes"]} == {"active"}
    assert body["_page"] == {"limit": 50, "count": 2}


async def test_sandbox_list_pages_with_limit_and_offset(service: Service) -> None:
    first = await service.http.get(f"{SANDBOXES}?limit=1&offset=0", headers=service.headers())
    body = first.json()
    assert [s["name"] for s in body["sandboxes"]] == ["prod"]
    second = await service.http.get(body["_links"]["next"]["href"], headers=service.headers())
    assert [s["name"] for s in second.json()["sandboxes"]] == ["dev"]
    alone = await service.http.get(f"{SANDBOXES}?limit=1", headers=service.headers())
    assert alone.status_code == 400


async def test_one_sandbox_by_name(service: Service) -> None:
    reply = await service.http.get(f"{SANDBOXES}/dev", headers=service.headers())
    assert reply.json()["title"] == "Development"
    missing = await service.http.get(f"{SANDBOXES}/staging", headers=service.headers())
    assert missing.status_code == 404


async def test_sandbox_list_needs_the_gateway_headers(service: Service) -> None:
    reply = await service.http.get(SANDBOXES)
    assert reply.status_code == 403
    assert reply.json()["error_code"] == "403010"


@pytest.fixture
async def no_admin() -> AsyncIterator[Service]:
    app: EmulatorApp = make_app(sandbox_listing=False)
    async for svc in open_service(app):
        yield svc


async def test_a_credential_without_sandbox_admin_is_refused(no_admin: Service) -> None:
    reply = await no_admin.http.get(SANDBOXES, headers=no_admin.headers())
    assert reply.status_code == 403
    assert reply.json()["error_code"] == "403027"


async def test_cross_sandbox_read_finds_a_record_and_names_its_sandbox(service: Service) -> None:
    from_dev = await _get(service, f"/flows/{WINTER_FLOW_ID}", **{"x-sandbox-name": "dev"})
    assert from_dev.status_code == 404
    anywhere = await _get(service, f"/flows/{WINTER_FLOW_ID}", **ANY)
    assert anywhere.status_code == 200
    assert anywhere.json()["items"][0]["sandboxName"] == "prod"
    dev = (await _get(service, f"/flows/{DEV_FLOW_ID}", **ANY)).json()["items"][0]
    assert dev["sandboxName"] == "dev"
    assert (await _get(service, "/flows/not-anywhere", **ANY)).status_code == 404


async def test_cross_sandbox_list_holds_every_sandbox(service: Service) -> None:
    items = (await _get(service, "/flows?limit=100", **ANY)).json()["items"]
    assert {WINTER_FLOW_ID, DEV_FLOW_ID} <= {f["id"] for f in items}
    assert {f["sandboxName"] for f in items} == {"prod", "dev"}


async def test_cross_sandbox_orderby_is_1424(service: Service) -> None:
    reply = await _get(service, "/flows?orderby=name", **ANY)
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-1424-400")


@pytest.mark.parametrize(
    "headers",
    [{"x-sandbox-name": "*"}, {"x-sandbox-id": "*"}, {"x-sandbox-name": "*", "x-sandbox-id": "x"}],
)
async def test_one_star_header_alone_is_2112(service: Service, headers: dict[str, str]) -> None:
    reply = await _get(service, f"/flows/{WINTER_FLOW_ID}", **headers)
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-2112-400")


async def test_writes_with_star_headers_are_2113(service: Service) -> None:
    flow = (await _get(service, f"/flows/{WINTER_FLOW_ID}")).json()["items"][0]
    headers = {**service.headers(), **ANY, "If-Match": flow["etag"]}
    ops = [{"op": "replace", "path": "/name", "value": "x"}]
    reply = await service.http.patch(f"{BASE}/flows/{WINTER_FLOW_ID}", json=ops, headers=headers)
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-2113-400")
    action = await service.http.post(
        f"{BASE}/flows/{WINTER_FLOW_ID}/action?op=disable",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert action.json()["type"].endswith("FLOW-2113-400")
    assert service.app.store.get("prod", "flows", WINTER_FLOW_ID)["name"] == flow["name"]


async def test_a_sandbox_id_must_match_its_name(service: Service) -> None:
    right = await _get(
        service,
        f"/flows/{DEV_FLOW_ID}",
        **{"x-sandbox-name": "dev", "x-sandbox-id": SANDBOX_IDS["dev"]},
    )
    assert right.status_code == 200
    wrong = await _get(
        service,
        f"/flows/{DEV_FLOW_ID}",
        **{"x-sandbox-name": "dev", "x-sandbox-id": SANDBOX_IDS["prod"]},
    )
    assert wrong.status_code == 404
    assert wrong.json()["type"].endswith("FLOW-2103-404")
