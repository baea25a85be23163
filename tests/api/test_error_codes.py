"""Every code of the error catalogue has its documented meaning, and a refusal shows it."""

from __future__ import annotations

import re

import pytest

from flowtui.api.error_codes import meaning_of, with_meaning
from flowtui.api.errors import FlowServiceError, ValidationError
from flowtui.api.kinds import FLOWS
from flowtui.emulator import create_app
from tests.support import asgi_client, shared_path


def _catalogue() -> str:
    return shared_path("reference", "flow-service", "errors.md").read_text(encoding="utf-8")


def test_every_flow_service_code_in_the_catalogue_has_a_meaning() -> None:
    codes = set(re.findall(r"\b(\d{4})-\d{3}\b", _catalogue()))
    assert len(codes) > 50
    missing = sorted(c for c in codes if meaning_of(c) is None)
    assert missing == []


def test_every_gateway_code_in_the_catalogue_has_a_meaning() -> None:
    codes = set(re.findall(r"\|\s*(\d{6})\s*\|", _catalogue()))
    assert {"403010", "401013", "403000"} <= codes
    assert sorted(c for c in codes if meaning_of(c) is None) == []


@pytest.mark.parametrize("code", ["FLOW-1449-400", "1449-400", "1449"])
def test_the_code_is_found_in_every_written_form(code: str) -> None:
    assert meaning_of(code) == "the filter names a field the service does not know"


def test_unknown_codes_add_nothing() -> None:
    assert meaning_of("FLOW-9999-400") is None
    assert with_meaning("as said", "FLOW-9999-400") == "as said"
    assert with_meaning("as said", None) == "as said"


async def test_a_refused_filter_shows_the_text_and_the_documented_meaning() -> None:
    client = asgi_client(create_app())
    with pytest.raises(ValidationError) as caught:
        await client.list_all(FLOWS, properties=["connections==x"])
    message = str(caught.value)
    assert "Invalid field 'connections'" in message  # what the service said
    assert "the filter names a field the service does not know" in message  # what it means
    assert caught.value.code == "FLOW-1449-400"
    await client.aclose()


async def test_an_unknown_sandbox_comes_back_as_2100_naming_it() -> None:
    client = asgi_client(create_app(), sandbox="nowhere")
    with pytest.raises(FlowServiceError) as caught:
        await client.list_all(FLOWS)
    assert caught.value.code == "FLOW-2100-404"
    assert caught.value.detail is not None and "nowhere" in caught.value.detail
    await client.aclose()


def test_a_gateway_code_gets_its_meaning() -> None:
    shown = with_meaning("Oauth token is missing.", "403010")
    assert shown == "Oauth token is missing. (the code means: the Authorization header is missing)"
