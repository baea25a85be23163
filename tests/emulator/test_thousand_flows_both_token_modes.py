"""1,000 flows, filtered and sorted through flowtui's client, in both token modes: exactly the
records a full unfiltered listing says match, in the order asked for.

The reference side reads the full list through the emulator itself (no filter, no order, every
page) and applies the filter in the test, so a filter the client loses on page 2 shows up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowtui.api.kinds import CONNECTIONS, FLOWS, ResourceKind
from flowtui.emulator import EmulatorConfig, create_app
from tests.support import asgi_client

RECORDS = 1000
REST_FLOW_SPEC = "6499120c-0b15-42dc-936e-847ea3c24d72"
SALESFORCE = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"

Record = dict[str, Any]


@pytest.fixture(scope="module", params=[False, True], ids=["carrying-tokens", "cursor-tokens"])
def thousand(request: pytest.FixtureRequest) -> Any:
    return create_app(EmulatorConfig(records=RECORDS, seed=23, cursor_tokens=request.param))


async def _full_listing(app: Any, kind: ResourceKind) -> list[Record]:
    """Every record, unfiltered, in the service's default order, through the same client."""
    client = asgi_client(app)
    try:
        return await client.list_all(kind)
    finally:
        await client.aclose()


CASES: list[tuple[ResourceKind, list[str], str, Callable[[Record], bool]]] = [
    (FLOWS, ["state==enabled"], "name", lambda r: r["state"] == "enabled"),
    (FLOWS, ["state==disabled"], "-createdAt", lambda r: r["state"] == "disabled"),
    (
        FLOWS,
        ["state==enabled", f"flowSpec.id=={REST_FLOW_SPEC}"],
        "-name",
        lambda r: r["state"] == "enabled" and r["flowSpec"]["id"] == REST_FLOW_SPEC,
    ),
    (FLOWS, ["createdAt>=1500000000000"], "updatedAt", lambda r: r["createdAt"] >= 1.5e12),
    (
        CONNECTIONS,
        [f"connectionSpec.id=={SALESFORCE}"],
        "-updatedAt",
        lambda r: r["connectionSpec"]["id"] == SALESFORCE,
    ),
]


@pytest.mark.parametrize(("kind", "properties", "orderby", "keep"), CASES)
async def test_filtered_sorted_list_is_exactly_what_the_full_listing_says(
    thousand: Any,
    kind: ResourceKind,
    properties: list[str],
    orderby: str,
    keep: Callable[[Record], bool],
) -> None:
    everything = await _full_listing(thousand, kind)
    assert len(everything) > RECORDS
    field = orderby.lstrip("-")
    expected = sorted(
        (r for r in everything if keep(r)), key=lambda r: r[field], reverse=orderby[0] == "-"
    )
    assert 100 < len(expected) < len(everything), "the filter should span pages but not all"
    client = asgi_client(thousand)
    try:
        got = await client.list_all(kind, properties=properties, orderby=orderby)
        counted = await client.count(kind, properties=properties)
    finally:
        await client.aclose()
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    assert counted == len(expected)


async def test_full_listing_is_newest_first_and_complete(thousand: Any) -> None:
    everything = await _full_listing(thousand, FLOWS)
    stored = thousand.store.records("prod", "flows")
    assert sorted(r["id"] for r in everything) == sorted(r["id"] for r in stored)
    stamps = [r["updatedAt"] for r in everything]
    assert stamps == sorted(stamps, reverse=True)
