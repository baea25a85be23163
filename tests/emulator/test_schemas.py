"""Replies checked against the response schemas of the official OpenAPI description.

Where the description disagrees with the tutorials, the tutorials win and a comment says so.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID

from .conftest import Service, make_app, open_service

SPEC_PATH = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "flow-service"
    / "flow-service.yaml"
)

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"
SOURCE = "5e45582a-5336-4ea1-9ec9-d0004a9f344a"
TARGET = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"
MAILCHIMP = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"
REST_FLOW_SPEC = "6499120c-0b15-42dc-936e-847ea3c24d72"


@cache
def _openapi() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(f"the Flow Service OpenAPI description is not at {SPEC_PATH}")
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    _correct(loaded["components"]["schemas"])
    return loaded


def _correct(schemas: dict[str, Any]) -> None:
    """Where the description's schemas contradict the documented examples, follow the examples."""
    # ScheduleSpecDTO types `interval` as a string, but the flow specs' own scheduleSpec (the
    # Batch SDK tutorial's RestStorageToAEP) requires an integer, and a flow must satisfy its
    # spec: the emulator stores integers.
    schemas["ScheduleSpecDTO"]["properties"]["interval"]["type"] = ["integer", "string"]
    # SourceSpecDTO types the uiAttributes icon/description/label/category as strings, but both
    # connection-spec tutorials (MailChimp, generic-streaming) show objects such as
    # {"key": "mailchimpMembersIcon"} or {"text": "Generic"}.
    ui = schemas["SourceSpecDTO"]["properties"]["attributes"]["properties"]["uiAttributes"]
    for name in ("icon", "description", "label", "category", "frequency"):
        ui["properties"][name] = {"type": ["object", "string"]}
    # FlowSpecItemDTO types transformationSpecs as one object; the flow-spec tutorial shows an
    # array of {"name", "spec"} entries.
    schemas["FlowSpecItemDTO"]["properties"]["transformationSpecs"] = {
        "type": "array",
        "items": {"type": "object", "required": ["name", "spec"]},
    }


def _response_schema(method: str, path: str) -> dict[str, Any]:
    operation = _openapi()["paths"][path][method]
    content = operation["responses"]["200"]["content"]["application/json"]
    schema: dict[str, Any] = content["schema"]
    return schema


def check(schema: dict[str, Any], body: Any) -> None:
    """Validate ``body`` against an OpenAPI 3.0 schema (draft 4 plus ignored extras)."""
    root = {**schema, "components": _openapi()["components"]}
    jsonschema.Draft4Validator(root).validate(body)


@pytest.fixture(scope="module")
def generated_app() -> Any:
    return make_app(records=30, seed=1)


@pytest.fixture
async def generated(generated_app: Any) -> Any:
    async for svc in open_service(generated_app):
        yield svc


@pytest.mark.parametrize(
    ("url", "spec_path"),
    [
        ("/flows", "/flows"),
        ("/flows?limit=5", "/flows"),
        (f"/flows/{FLOW}", "/flows/{FLOW_ID}"),
        ("/connections", "/connections"),
        (f"/connections/{SALESFORCE_CONNECTION_ID}", "/connections/{BASE_CONNECTION_ID}"),
        ("/sourceConnections", "/sourceConnections"),
        (f"/sourceConnections/{SOURCE}", "/sourceConnections/{SOURCE_CONNECTION_ID}"),
        ("/targetConnections", "/targetConnections"),
        (f"/targetConnections/{TARGET}", "/targetConnections/{TARGET_CONNECTION_ID}"),
        ("/connectionSpecs", "/connectionSpecs"),
        (f"/connectionSpecs/{MAILCHIMP}", "/connectionSpecs/{CONNECTION_SPEC_ID}"),
        ("/flowSpecs", "/flowSpecs"),
        (f"/flowSpecs/{REST_FLOW_SPEC}", "/flowSpecs/{FLOW_SPEC_ID}"),
        ("/runs", "/runs"),
        (f"/runs?property=flowId=={FLOW}", "/runs"),
    ],
)
async def test_reads_match_the_documented_schema(
    generated: Service, url: str, spec_path: str
) -> None:
    reply = await generated.get(url)
    assert reply.status_code == 200, reply.text
    check(_response_schema("get", spec_path), reply.json())


async def test_flow_count_matches_the_documented_count_field(service: Service) -> None:
    reply = await service.get("/flows?count=true")
    check(_response_schema("get", "/flows"), reply.json())
    assert isinstance(reply.json()["count"], int)


async def test_flow_patch_reply_matches_the_documented_schema(service: Service) -> None:
    etag = (await service.get(f"/flows/{FLOW}")).json()["items"][0]["etag"]
    reply = await service.patch(
        f"/flows/{FLOW}", [{"op": "replace", "path": "/name", "value": "x"}], etag
    )
    check(_response_schema("patch", "/flows/{FLOW_ID}"), reply.json())


async def test_flow_action_reply_matches_the_documented_schema(service: Service) -> None:
    reply = await service.post(f"/flows/{FLOW}/action?op=disable")
    check(_response_schema("post", "/flows/{FLOW_ID}/action"), reply.json())


async def test_connection_patch_reply_follows_the_documented_example(service: Service) -> None:
    # The description gives no schema for this reply, only the example {"id", "etag"}; the
    # source- and target-connection PATCHes claim a list response, but the tutorials show
    # {"id", "etag"} for them too, so the emulator answers that for all three kinds.
    example = _openapi()["paths"]["/connections/{BASE_CONNECTION_ID}/"]["patch"]["responses"][
        "200"
    ]["content"]["application/json"]["example"]
    etag = (await service.get(f"/connections/{SALESFORCE_CONNECTION_ID}")).json()["items"][0][
        "etag"
    ]
    reply = await service.patch(
        f"/connections/{SALESFORCE_CONNECTION_ID}",
        [{"op": "replace", "path": "/name", "value": "x"}],
        etag,
    )
    assert set(reply.json()) == set(example)
    assert reply.json()["etag"].startswith('"')


async def test_spec_put_reply_holds_a_documented_spec_item(service: Service) -> None:
    # The description says PUT returns a bare ConnectionSpecItemDTO; the Streaming SDK tutorial
    # shows {"items": [spec]}. The emulator follows the tutorial; the item itself must still
    # match the documented item schema.
    spec = (await service.get(f"/connectionSpecs/{MAILCHIMP}")).json()["items"][0]
    reply = await service.put(f"/connectionSpecs/{MAILCHIMP}", spec)
    assert reply.status_code == 200
    (item,) = reply.json()["items"]
    check(_response_schema("put", "/connectionSpecs/{CONNECTION_SPEC_ID}"), item)


async def test_list_links_match_the_documented_page_link(generated: Service) -> None:
    body = (await generated.get("/connections?limit=3")).json()
    check({"$ref": "#/components/schemas/PageLinksResponse"}, body["_links"])
    example = _openapi()["components"]["schemas"]["PageLink"]["properties"]["href"]["example"]
    assert body["_links"]["next"]["href"].split("=")[0] == example.split("=")[0]


async def test_runs_of_a_flow_are_listed_by_flow_id(service: Service) -> None:
    flow = (await service.get(f"/flows/{FLOW}")).json()["items"][0]
    reply = await service.get(flow["runs"])
    runs = reply.json()["items"]
    assert len(runs) == 7  # RUN_STORIES: a week of daily runs
    assert {r["flowId"] for r in runs} == {FLOW}
    assert flow["lastRunDetails"]["id"] == runs[0]["id"]  # newest first
