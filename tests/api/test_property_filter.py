"""The client's check of a ``property`` filter: the same verdicts as the service, and refusals
that name the field, the operator and what would be accepted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from flowtui.api.property_filter import (
    FILTER_FIELDS,
    PropertyFilterError,
    check_property_filter,
    refusal_of,
)
from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID, create_app

BASE = "/data/foundation/flowservice"

CASES: list[tuple[str, str, str | None]] = [
    ("flows", "state==enabled", None),
    ("flows", "state==enabled,disabled", None),
    ("flows", "state!=enabled", None),
    ("flows", "createdAt>=1600000000000", None),
    ("flows", "lastRunDetails.startedAtUTC<1670880253121", None),
    ("flows", "inheritedAttributes.sourceConnections[].id==x", None),
    ("flows", "flowSpec.id==6499120c-0b15-42dc-936e-847ea3c24d72", None),
    ("connections", "connectionSpec.id==x", None),
    ("runs", "metrics.statusSummary.status==Failed", None),
    ("flows", "createdAt==", "FLOW-1453-400"),
    ("flows", "state!=", "FLOW-1453-400"),
    ("flows", "connections==x", "FLOW-1449-400"),
    ("connections", "flowSpec.id==x", "FLOW-1449-400"),
    ("flows", "a b==c", "FLOW-1449-400"),
    ("flows", "id>=x", "FLOW-1448-400"),
    ("flows", "name<a", "FLOW-1448-400"),
    ("flows", "createdAt==1,2", "FLOW-1452-400"),
    ("flows", "updatedAt>soon", "FLOW-1452-400"),
    ("flows", "name~x", "FLOW-1440-400"),
    ("flows", "name=~x", "FLOW-1440-400"),
    ("flows", "createdAt!>5", "FLOW-1450-400"),
    ("flows", "name===x", "FLOW-1450-400"),
    ("flows", "name<>x", "FLOW-1450-400"),
    ("flows", "createdAt<=1,2", "FLOW-1443-400"),
    ("flows", "id>1,2", "FLOW-1443-400"),
]


@pytest.mark.parametrize(("kind", "expression", "code"), CASES)
def test_client_check_gives_the_services_code(kind: str, expression: str, code: str | None) -> None:
    refusal = refusal_of(kind, expression)
    assert (refusal.code if refusal else None) == code


@pytest.fixture(scope="module")
def emulator() -> Any:
    return create_app()


@pytest.mark.parametrize(("kind", "expression", "code"), CASES)
async def test_client_check_agrees_with_the_emulator(
    emulator: Any, kind: str, expression: str, code: str | None
) -> None:
    # Two implementations on purpose: the client's and the emulator's must give one verdict.
    transport = httpx.ASGITransport(app=emulator)
    async with httpx.AsyncClient(transport=transport, base_url="http://emu.test") as http:
        token = (
            await http.post(
                "/ims/token/v3",
                data={
                    "grant_type": "client_credentials",
                    "client_id": DEMO_CLIENT_ID,
                    "client_secret": DEMO_CLIENT_SECRET,
                },
            )
        ).json()["access_token"]
        headers = {
            "Authorization": f"Bearer {token}",
            "x-api-key": DEMO_CLIENT_ID,
            "x-gw-ims-org-id": DEMO_ORG_ID,
        }
        reply = await http.get(f"{BASE}/{kind}", params={"property": expression}, headers=headers)
    if code is None:
        assert reply.status_code == 200, reply.text
    else:
        assert reply.status_code == 400
        assert reply.json()["type"].endswith(code)


def test_unknown_field_refusal_names_it_and_lists_the_fields() -> None:
    with pytest.raises(PropertyFilterError) as caught:
        check_property_filter("flows", "connections==x")
    message = str(caught.value)
    assert "no field 'connections'" in message
    for field in ("state", "flowSpec", "createdAt"):
        assert field in message
    assert "state==enabled" in message  # an example that works


def test_range_on_text_refusal_names_the_operator_field_and_alternative() -> None:
    refusal = refusal_of("flows", "id>=x")
    assert refusal is not None
    assert (refusal.field, refusal.operator) == ("id", ">=")
    assert "'>=' does not work on id" in refusal.message
    assert "createdAt" in refusal.message and "==" in refusal.message


def test_tilde_refusal_lists_the_operators_and_offers_text_search() -> None:
    refusal = refusal_of("flows", "name~camp")
    assert refusal is not None
    assert "==, !=, >, <, >=, <=" in refusal.message
    assert "without an operator" in refusal.message


def test_empty_value_refusal_says_what_is_missing() -> None:
    refusal = refusal_of("flows", "createdAt==")
    assert refusal is not None
    assert "no value after '=='" in refusal.message


def test_accepted_filter_comes_back_trimmed() -> None:
    assert check_property_filter("flows", "  state==enabled ") == "state==enabled"


def test_every_kind_the_client_lists_has_fields() -> None:
    from flowtui.api.kinds import KINDS

    for kind in KINDS:
        assert kind.name in FILTER_FIELDS, kind.name
