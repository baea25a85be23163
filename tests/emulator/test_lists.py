"""List queries: page size, order, property filters, count and continuation tokens."""

from __future__ import annotations

import operator
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from flowtui.emulator import DEMO_ORG_ID
from flowtui.emulator.fixtures import prod_records
from flowtui.emulator.fixtures.destinations import destination_records

from .conftest import Service, make_app, open_service

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"
SOURCE = "5e45582a-5336-4ea1-9ec9-d0004a9f344a"
SEED_FLOWS = len(prod_records(DEMO_ORG_ID)["flows"]) + len(
    destination_records(DEMO_ORG_ID)["flows"]
)
"""The seed flows of ``prod``: the tutorial's, and the seed 001 destinations' four."""
SEED_CONNECTION_SPECS = 8


@pytest.fixture(scope="module")
def big_app() -> Any:
    # These tests follow next.href alone: the carrying-token protocol (cursor mode has its own).
    return make_app(records=250, seed=7, cursor_tokens=False)


@pytest.fixture
async def big(big_app: Any) -> AsyncIterator[Service]:
    async for svc in open_service(big_app):
        yield svc


async def _all_pages(svc: Service, first: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Follow next links from ``first``; return the records and the hrefs followed."""
    records: list[dict[str, Any]] = []
    hrefs: list[str] = []
    path: str | None = first
    while path is not None:
        reply = await svc.get(path)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        records.extend(body["items"])
        nxt = body["_links"].get("next")
        path = nxt["href"] if nxt else None
        if path:
            hrefs.append(path)
    return records, hrefs


async def test_default_page_is_100_and_next_href_has_documented_form(big: Service) -> None:
    body = (await big.get("/flows")).json()
    assert len(body["items"]) == 100
    href = body["_links"]["next"]["href"]
    parts = urlsplit(href)
    assert parts.path == "/flows"
    (token,) = parse_qs(parts.query)["continuationToken"]
    assert set(parse_qs(parts.query)) == {"continuationToken"}
    assert token.replace("-", "").replace("_", "").isalnum()


async def test_following_next_links_returns_every_record_once(big: Service) -> None:
    records, hrefs = await _all_pages(big, "/flows?limit=30")
    ids = [r["id"] for r in records]
    assert len(ids) == SEED_FLOWS + 250  # the seed flows and 250 generated
    assert len(set(ids)) == SEED_FLOWS + 250
    assert len(hrefs) == (SEED_FLOWS + 250 - 1) // 30


async def test_last_page_has_empty_links(big: Service) -> None:
    body = (await big.get("/flows?limit=100&orderby=name")).json()
    href = body["_links"]["next"]["href"]
    body = (await big.get(href)).json()
    body = (await big.get(body["_links"]["next"]["href"])).json()
    assert len(body["items"]) == SEED_FLOWS + 250 - 200
    assert body["_links"] == {}


async def test_small_list_fits_one_page_with_empty_links(service: Service) -> None:
    body = (await service.get("/connections")).json()
    assert body["_links"] == {}


async def test_token_alone_carries_filters_order_and_size(big: Service) -> None:
    first = (await big.get("/flows?property=state==enabled&orderby=-name&limit=20")).json()
    second = (await big.get(first["_links"]["next"]["href"])).json()
    assert len(second["items"]) == 20
    assert all(r["state"] == "enabled" for r in second["items"])
    names = [r["name"] for r in first["items"] + second["items"]]
    assert names == sorted(names, reverse=True)


async def test_repeating_params_with_the_token_gives_the_same_page(big: Service) -> None:
    query = "property=state==enabled&orderby=-name&limit=20"
    first = (await big.get(f"/flows?{query}")).json()
    href = first["_links"]["next"]["href"]
    alone = (await big.get(href)).json()
    repeated = (await big.get(f"{href}&{query}")).json()
    assert alone == repeated


async def test_foreign_or_damaged_token_is_400(big: Service) -> None:
    href = (await big.get("/flows?limit=10")).json()["_links"]["next"]["href"]
    token = parse_qs(urlsplit(href).query)["continuationToken"][0]
    other_kind = await big.get(f"/connections?continuationToken={token}")
    assert other_kind.status_code == 400
    damaged = await big.get("/flows?continuationToken=not-a-token")
    assert damaged.status_code == 400


@pytest.mark.parametrize("limit", ["101", "0", "-1", "ten"])
async def test_bad_limit_is_400(service: Service, limit: str) -> None:
    reply = await service.get(f"/flows?limit={limit}")
    assert reply.status_code == 400
    assert "limit" in reply.json()["detail"]


async def test_limit_100_is_allowed(service: Service) -> None:
    assert (await service.get("/flows?limit=100")).status_code == 200


@pytest.mark.parametrize(
    ("orderby", "key", "reverse"),
    [
        ("name", "name", False),
        ("+name", "name", False),
        ("-name", "name", True),
        ("createdAt", "createdAt", False),
        ("-updatedAt", "updatedAt", True),
    ],
)
async def test_orderby_sorts_by_the_field(
    big: Service, orderby: str, key: str, reverse: bool
) -> None:
    reply = await big.get("/connections", params={"orderby": orderby, "limit": "50"})
    values = [r[key] for r in reply.json()["items"]]
    assert values == sorted(values, reverse=reverse)
    assert len(values) == 50


async def test_orderby_rejects_nonsense(service: Service) -> None:
    reply = await service.get("/flows", params={"orderby": "--name"})
    assert reply.status_code == 400


async def _ids(svc: Service, kind: str, *properties: str) -> set[str]:
    params = [("property", p) for p in properties]
    records, _ = await _all_pages(svc, f"/{kind}?" + "&".join(f"{k}={v}" for k, v in params))
    return {r["id"] for r in records}


async def _everything(svc: Service, kind: str) -> list[dict[str, Any]]:
    records, _ = await _all_pages(svc, f"/{kind}")
    return records


async def test_equality_and_inequality_filters_split_the_list(big: Service) -> None:
    everything = await _everything(big, "flows")
    enabled = await _ids(big, "flows", "state==enabled")
    not_enabled = await _ids(big, "flows", "state!=enabled")
    assert enabled == {r["id"] for r in everything if r["state"] == "enabled"}
    assert enabled and not_enabled
    assert enabled | not_enabled == {r["id"] for r in everything}
    assert not enabled & not_enabled


async def test_comparison_filters_on_numbers(big: Service) -> None:
    everything = await _everything(big, "connections")
    middle = sorted(r["createdAt"] for r in everything)[len(everything) // 2]
    checks: list[tuple[str, Callable[[Any, Any], bool]]] = [
        (">", operator.gt),
        ("<", operator.lt),
        (">=", operator.ge),
        ("<=", operator.le),
    ]
    for op, check in checks:
        got = await _ids(big, "connections", f"createdAt{op}{middle}")
        assert got == {r["id"] for r in everything if check(r["createdAt"], middle)}, op


async def test_comma_list_means_any_of(big: Service) -> None:
    everything = await _everything(big, "flows")
    a, b = everything[3]["id"], everything[9]["id"]
    assert await _ids(big, "flows", f"id=={a},{b}") == {a, b}
    assert await _ids(big, "flows", f"id!={a},{b}") == {r["id"] for r in everything} - {a, b}


async def test_dotted_path_filter(big: Service) -> None:
    everything = await _everything(big, "flows")
    spec = "6499120c-0b15-42dc-936e-847ea3c24d72"
    got = await _ids(big, "flows", f"flowSpec.id=={spec}")
    assert got == {r["id"] for r in everything if r["flowSpec"]["id"] == spec}
    assert got


async def test_array_member_filter_finds_the_flow_of_a_source_connection(big: Service) -> None:
    got = await _ids(big, "flows", f"inheritedAttributes.sourceConnections[].id=={SOURCE}")
    everything = await _everything(big, "flows")
    users = {
        r["id"]
        for r in everything
        if SOURCE in [c["id"] for c in r["inheritedAttributes"]["sourceConnections"]]
    }
    assert FLOW in got
    assert got == users


async def test_repeated_properties_are_anded(big: Service) -> None:
    everything = await _everything(big, "flows")
    spec = "6499120c-0b15-42dc-936e-847ea3c24d72"
    got = await _ids(big, "flows", "state==disabled", f"flowSpec.id=={spec}")
    expected = {
        r["id"] for r in everything if r["state"] == "disabled" and r["flowSpec"]["id"] == spec
    }
    assert got == expected
    assert got


@pytest.mark.parametrize(
    ("term", "code", "named"),
    [
        ("name=x", "FLOW-1450-400", "="),
        ("name~=x", "FLOW-1440-400", "~="),
        ("name=~x", "FLOW-1440-400", "=~"),
        ("name===x", "FLOW-1450-400", "==="),
        ("name<>x", "FLOW-1450-400", "<>"),
        ("a b==c", "FLOW-1449-400", "a b"),
    ],
)
async def test_unsupported_operator_is_400(
    service: Service, term: str, code: str, named: str
) -> None:
    reply = await service.get("/flows", params={"property": term})
    assert reply.status_code == 400
    body = reply.json()
    assert body["type"].endswith(code)
    assert f"'{named}'" in body["detail"]


async def test_count_returns_only_the_number(big: Service) -> None:
    reply = await big.get("/flows?count=true&property=state==enabled")
    assert reply.status_code == 200
    everything = await _everything(big, "flows")
    assert reply.json() == {"count": sum(r["state"] == "enabled" for r in everything)}


async def test_count_with_limit_is_rejected(service: Service) -> None:
    reply = await service.get("/flows?count=true&limit=10")
    assert reply.status_code == 400
    assert reply.json()["type"].endswith("FLOW-1401-400")


async def test_count_false_is_the_same_as_leaving_it_out(service: Service) -> None:
    with_false = (await service.get("/flows?count=false&limit=10")).json()
    without = (await service.get("/flows?limit=10")).json()
    assert with_false["items"] == without["items"]
    assert "count" not in with_false


async def test_spec_lists_return_everything_in_one_page(big: Service) -> None:
    body = (await big.get("/connectionSpecs?limit=1")).json()
    assert len(body["items"]) == SEED_CONNECTION_SPECS
    assert "_links" not in body or body["_links"] == {}


async def test_spec_lists_take_property_filters(service: Service) -> None:
    body = (await service.get("/connectionSpecs?property=name==salesforce")).json()
    assert [s["id"] for s in body["items"]] == ["cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"]


async def test_bare_property_selects_the_fields_returned(service: Service) -> None:
    body = (await service.get("/flows?property=name")).json()
    assert {"id": FLOW, "name": "2021 winter campaign"} in body["items"]
    assert all(set(item) == {"id", "name"} for item in body["items"])
    assert len(body["items"]) == SEED_FLOWS


async def test_generated_records_are_the_same_for_the_same_seed() -> None:
    first = make_app(records=20, seed=3).store.records("prod", "flows")
    second = make_app(records=20, seed=3).store.records("prod", "flows")
    other = make_app(records=20, seed=4).store.records("prod", "flows")
    assert [r["name"] for r in first] == [r["name"] for r in second]
    assert [r["name"] for r in first] != [r["name"] for r in other]
    assert len({r["state"] for r in first}) == 2
    assert len({r["createdAt"] // 86_400_000 for r in first}) > 10
