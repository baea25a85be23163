"""Numbers keep their exact text through the client, and a too-deep record cannot stop a page."""

from __future__ import annotations

import httpx
import pytest

from flowtui.api import AnswerError, FlowServiceClient
from flowtui.api.kinds import FLOWS
from flowtui.emulator.hostile import (
    DEEP_ID,
    HOSTILE_RECORDS,
    NUMBERS,
    NUMBERS_ID,
    hostile_app,
)
from flowtui.exactjson import ExactNumber, TooDeepValue, too_deep_pointers
from tests.support import demo_client_settings, recording_client


def _text(value: object) -> str:
    return value.text if isinstance(value, ExactNumber) else str(value)


async def test_numbers_are_read_with_the_text_the_service_sent() -> None:
    client, _ = recording_client(hostile_app())
    flow = await client.get(FLOWS, NUMBERS_ID)
    assert {key: _text(value) for key, value in flow["metrics"].items()} == NUMBERS
    assert flow["metrics"]["overflow"] != float("inf")
    assert type(flow["metrics"]["big"]) is int


async def test_a_patch_sends_each_number_as_its_exact_text() -> None:
    client, recorder = recording_client(hostile_app())
    flow = await client.get(FLOWS, NUMBERS_ID)
    ops = [
        {"op": "replace", "path": "/metrics/overflow", "value": ExactNumber("2e400")},
        {"op": "add", "path": "/metrics/precise2", "value": flow["metrics"]["precise"]},
        {"op": "add", "path": "/metrics/big2", "value": 123456789012345678901234567890},
    ]
    await client.patch(FLOWS, NUMBERS_ID, ops, flow["etag"])
    sent = recorder.flow_service_requests()[-1].content.decode()
    assert '"value":2e400' in sent
    assert '"value":0.1000000000000000055511151231257827' in sent
    assert '"value":123456789012345678901234567890' in sent
    assert "Infinity" not in sent
    again = await client.get(FLOWS, NUMBERS_ID)
    assert _text(again["metrics"]["overflow"]) == "2e400"
    assert _text(again["metrics"]["precise2"]) == NUMBERS["precise"]


async def test_a_page_holding_a_too_deep_record_loads_every_record() -> None:
    client, _ = recording_client(hostile_app())
    flows = {flow["id"]: flow for flow in await client.list_all(FLOWS)}
    assert {r.id for r in HOSTILE_RECORDS if r.kind == "flows"} <= set(flows)
    deep = flows[DEEP_ID]
    (pointer,) = too_deep_pointers(deep)
    assert pointer.startswith("/nested/0/0/")
    assert deep["name"] == "5,000-deep array"


async def test_reading_the_too_deep_record_alone_cuts_it_the_same_way() -> None:
    client, _ = recording_client(hostile_app())
    deep = await client.get(FLOWS, DEEP_ID)
    pointers = too_deep_pointers(deep)
    assert len(pointers) == 1
    cut = deep
    for token in pointers[0].split("/")[1:]:
        cut = cut[token] if isinstance(cut, dict) else cut[int(token)]
    assert isinstance(cut, TooDeepValue)


async def test_an_error_body_nested_too_deep_is_an_answer_error_not_a_crash() -> None:
    deep = "[" * 5000 + "]" * 5000

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text=deep, headers={"content-type": "application/json"})

    settings = demo_client_settings(access_token="t0k3n", client_secret=None)
    client = FlowServiceClient(settings, transport=httpx.MockTransport(answer))
    with pytest.raises(AnswerError):
        await client.get(FLOWS, NUMBERS_ID)
