"""Lists of 1,000+ records: pages of up to 100 followed through next links, filters and order."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, FLOW_SPECS, FLOWS
from flowtui.emulator import EmulatorConfig, create_app
from tests.support import MAILCHIMP_SPEC_ID, recording_client

RECORDS = 1200


@pytest.fixture(scope="module")
def big_app() -> Any:
    """One emulator with 1,200 generated records per kind (reads only in this module)."""
    return create_app(EmulatorConfig(records=RECORDS, seed=7))


def store_records(app: Any, kind: str, sandbox: str = "prod") -> list[dict[str, Any]]:
    return list(app.store.records(sandbox, kind))


async def test_list_all_follows_next_links_to_every_record(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    records = await client.list_all(FLOWS)
    expected = {r["id"] for r in store_records(big_app, "flows")}
    assert len(expected) > 1000
    assert [r["id"] for r in records].count(records[0]["id"]) == 1
    assert {r["id"] for r in records} == expected
    assert len(records) == len(expected)
    gets = recorder.flow_service_requests()
    assert len(gets) == -(-len(expected) // 100)  # one call per page of 100


async def test_continuation_calls_send_the_query_again_beside_the_token(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    await client.list_all(FLOWS, properties=["state==enabled"], orderby="name")
    first, *rest = recorder.flow_service_requests()
    assert first.url.params.get_list("property") == ["state==enabled"]
    assert first.url.params["limit"] == "100"
    assert "continuationToken" not in first.url.params
    assert rest, "the filtered list should still span several pages"
    for request in rest:
        params = request.url.params
        assert list(params.keys()) == ["continuationToken", "property", "limit", "orderby"]
        assert params.get_list("property") == ["state==enabled"]
        assert (params["limit"], params["orderby"]) == ("100", "name")
        assert request.url.path == "/data/foundation/flowservice/flows"


async def test_filters_are_anded_and_match_the_service_count(big_app: Any) -> None:
    client, _ = recording_client(big_app)
    properties = ["state==enabled", f"connectionSpec.id=={MAILCHIMP_SPEC_ID}"]
    records = await client.list_all(CONNECTIONS, properties=properties)
    expected = [
        r
        for r in store_records(big_app, "connections")
        if r.get("state") == "enabled" and r["connectionSpec"]["id"] == MAILCHIMP_SPEC_ID
    ]
    assert expected, "the generated data should hold enabled MailChimp connections"
    assert sorted(r["id"] for r in records) == sorted(r["id"] for r in expected)
    assert await client.count(CONNECTIONS, properties=properties) == len(expected)


async def test_count_never_sends_limit(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    total = await client.count(FLOWS)
    assert total == len(store_records(big_app, "flows"))
    (request,) = recorder.flow_service_requests()
    assert request.url.params["count"] == "true"
    assert "limit" not in request.url.params


async def test_order_holds_across_pages(big_app: Any) -> None:
    client, _ = recording_client(big_app)
    names = [r["name"] for r in await client.list_all(FLOWS, orderby="-name")]
    assert len(names) == len(store_records(big_app, "flows"))
    assert names == sorted(names, reverse=True)


async def test_pages_arrive_before_the_rest_is_fetched(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    pages = client.list_pages(FLOWS, limit=50)
    first = await anext(pages)
    assert len(first.records) == 50
    assert first.next_href is not None and first.next_href.startswith("/flows?")
    assert len(recorder.flow_service_requests()) == 1
    second = await anext(pages)
    assert {r["id"] for r in first.records}.isdisjoint(r["id"] for r in second.records)
    await pages.aclose()


async def test_last_page_ends_the_list(big_app: Any) -> None:
    client, _ = recording_client(big_app)
    pages = [
        page async for page in client.list_pages(FLOWS, properties=["name==2021 winter campaign"])
    ]
    assert len(pages) == 1 and pages[0].next_href is None
    assert [r["name"] for r in pages[0].records] == ["2021 winter campaign"]


async def test_limit_above_100_is_refused_before_sending(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    with pytest.raises(ValueError, match="between 1 and 100"):
        await anext(client.list_pages(FLOWS, limit=101))
    assert recorder.flow_service_requests() == []


async def test_spec_kinds_come_in_one_page_with_only_property(big_app: Any) -> None:
    client, recorder = recording_client(big_app)
    specs = await client.list_all(CONNECTION_SPECS, orderby="name")
    assert len(specs) == len(store_records(big_app, "connectionSpecs"))
    assert [s["name"] for s in specs] == sorted((s["name"] for s in specs), key=str.lower)
    flow_specs = await client.list_all(FLOW_SPECS, properties=["name==RestStorageToAEP"])
    assert [s["name"] for s in flow_specs] == ["RestStorageToAEP"]
    for request in recorder.flow_service_requests():
        assert set(request.url.params.keys()) <= {"property"}
    assert await client.count(FLOW_SPECS) == len(store_records(big_app, "flowSpecs"))


# --- both readings of the continuation token ------------------------------------------------


@pytest.fixture(scope="module", params=[False, True], ids=["query-in-token", "cursor-token"])
def token_mode_app(request: pytest.FixtureRequest) -> Any:
    """An emulator of 1,200 records per kind whose token carries the query, or is a position."""
    return create_app(EmulatorConfig(records=RECORDS, seed=7, cursor_tokens=request.param))


@pytest.mark.parametrize(
    ("kind", "properties", "orderby"),
    [
        (FLOWS, ["state==enabled"], "name"),
        (FLOWS, ["state==disabled"], "-name"),
        (FLOWS, ["state==enabled"], "-createdAt"),
        (CONNECTIONS, [f"connectionSpec.id=={MAILCHIMP_SPEC_ID}"], "name"),
        (CONNECTIONS, ["state==enabled", f"connectionSpec.id=={MAILCHIMP_SPEC_ID}"], None),
    ],
)
async def test_filtered_sorted_pages_give_what_the_full_listing_says_matches(
    token_mode_app: Any, kind: Any, properties: list[str], orderby: str | None
) -> None:
    client, recorder = recording_client(token_mode_app)
    everything = await client.list_all(kind, orderby=orderby)
    assert len(everything) > 1000
    recorder.requests.clear()
    got = await client.list_all(kind, properties=properties, orderby=orderby, limit=50)

    def matches(record: dict[str, Any]) -> bool:
        for condition in properties:
            path, _, value = condition.partition("==")
            held: Any = record
            for name in path.split("."):
                held = held.get(name) if isinstance(held, dict) else None
            if held != value:
                return False
        return True

    expected = [r["id"] for r in everything if matches(r)]
    assert len(recorder.flow_service_requests()) >= 3, "the filtered list spans several pages"
    assert len(expected) > 100
    assert [r["id"] for r in got] == expected


async def test_a_cursor_token_alone_loses_the_filter_so_the_query_must_go_again() -> None:
    """Guards the test above: in cursor mode, following the bare link gives other records."""
    app = create_app(EmulatorConfig(records=RECORDS, seed=7, cursor_tokens=True))
    client, _ = recording_client(app)
    first = await anext(client.list_pages(FLOWS, properties=["state==enabled"], limit=50))
    assert first.next_href is not None and "property" not in first.next_href
    token = await client.tokens.token()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as raw:
        base = "https://platform.emulator.flowtui.invalid/data/foundation/flowservice"
        answer = await raw.get(
            base + first.next_href,
            headers={
                "Authorization": f"Bearer {token}",
                "x-api-key": client.settings.client_id,
                "x-gw-ims-org-id": client.org_id,
                "x-sandbox-name": "prod",
            },
        )
    states = {r.get("state") for r in answer.json()["items"]}
    assert states != {"enabled"}
