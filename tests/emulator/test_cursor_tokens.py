"""Cursor-token mode: the continuation token is only a position, the query is sent again.

The documentation does not say whether the real token carries the query; in this mode the
emulator assumes the worst reading, so a client that follows ``next.href`` alone gets the
unfiltered list from page 2 on, and a client that sends the query again gets the right records.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from flowtui.cli import build_parser
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.emulator.config import CURSOR_TOKENS_VARIABLE
from flowtui.emulator.server import config_from_args

from .conftest import Service, make_app, open_service

QUERY = {"property": "state==enabled", "orderby": "-name", "limit": "20"}


@pytest.fixture(scope="module")
def cursor_app() -> Any:
    return make_app(records=120, seed=11, cursor_tokens=True)


@pytest.fixture(scope="module")
def carrying_app() -> Any:
    return make_app(records=120, seed=11, cursor_tokens=False)


async def _pages(svc: Service, query: dict[str, str], *, resend: bool) -> list[dict[str, Any]]:
    """Every record, following next links; ``resend`` sends the query again beside the token."""
    reply = await svc.get("/flows", params=query)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    records = list(body["items"])
    while body["_links"].get("next"):
        href = body["_links"]["next"]["href"]
        token = parse_qs(urlsplit(href).query)["continuationToken"][0]
        params = {**(query if resend else {}), "continuationToken": token}
        reply = await svc.get("/flows", params=params)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        records.extend(body["items"])
    return records


def _token_of(href: str) -> dict[str, Any]:
    token = parse_qs(urlsplit(href).query)["continuationToken"][0]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return decoded


async def test_cursor_token_holds_only_the_position(cursor_app: Any) -> None:
    async for svc in open_service(cursor_app):
        body = (await svc.get("/flows", params=QUERY)).json()
        href = body["_links"]["next"]["href"]
        assert set(parse_qs(urlsplit(href).query)) == {"continuationToken"}
        assert _token_of(href) == {"k": "flows", "c": 20}


async def test_resending_the_query_gives_the_filtered_sorted_list(
    cursor_app: Any, carrying_app: Any
) -> None:
    async for svc in open_service(cursor_app):
        cursor = await _pages(svc, QUERY, resend=True)
    async for svc in open_service(carrying_app):
        carried = await _pages(svc, QUERY, resend=False)
    everything = cursor_app.store.records("prod", "flows")
    expected = sorted((r["name"] for r in everything if r["state"] == "enabled"), reverse=True)
    assert [r["name"] for r in cursor] == expected
    assert [r["id"] for r in cursor] == [r["id"] for r in carried]


async def test_following_next_href_alone_loses_the_query(cursor_app: Any) -> None:
    async for svc in open_service(cursor_app):
        first = (await svc.get("/flows", params=QUERY)).json()
        second = (await svc.get(first["_links"]["next"]["href"])).json()
    assert len(second["items"]) == 100  # the default page size, not the 20 asked for
    assert {r["state"] for r in second["items"]} == {"enabled", "disabled"}


async def test_a_token_with_another_query_gives_that_query_from_the_position(
    cursor_app: Any,
) -> None:
    async for svc in open_service(cursor_app):
        first = (await svc.get("/flows", params=QUERY)).json()
        token = parse_qs(urlsplit(first["_links"]["next"]["href"]).query)["continuationToken"]
        other = {"property": "state==disabled", "orderby": "name", "limit": "5"}
        reply = await svc.get("/flows", params={**other, "continuationToken": token[0]})
        everything = (await svc.get("/flows", params={**other, "limit": "100"})).json()
    assert reply.status_code == 200
    assert reply.json()["items"] == everything["items"][20:25]


async def test_a_cursor_token_for_another_kind_is_400(cursor_app: Any) -> None:
    async for svc in open_service(cursor_app):
        href = (await svc.get("/flows?limit=5")).json()["_links"]["next"]["href"]
        token = parse_qs(urlsplit(href).query)["continuationToken"][0]
        reply = await svc.get("/connections", params={"continuationToken": token})
        assert reply.status_code == 400
        assert "continuationToken" in reply.json()["detail"]


async def test_carrying_tokens_ignore_a_query_sent_beside_them(carrying_app: Any) -> None:
    async for svc in open_service(carrying_app):
        first = (await svc.get("/flows", params=QUERY)).json()
        href = first["_links"]["next"]["href"]
        token = parse_qs(urlsplit(href).query)["continuationToken"][0]
        alone = (await svc.get(href)).json()
        beside = {"property": "state==disabled", "continuationToken": token}
        other = (await svc.get("/flows", params=beside)).json()
    assert alone == other
    assert {r["state"] for r in alone["items"]} == {"enabled"}


def test_the_environment_variable_sets_the_mode_left_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unset = create_app(EmulatorConfig())
    pinned = create_app(EmulatorConfig(cursor_tokens=False))
    monkeypatch.setenv(CURSOR_TOKENS_VARIABLE, "1")
    assert unset.cursor_tokens is True
    assert pinned.cursor_tokens is False
    monkeypatch.setenv(CURSOR_TOKENS_VARIABLE, "0")
    assert unset.cursor_tokens is False
    assert create_app(EmulatorConfig(cursor_tokens=True)).cursor_tokens is True


def test_the_command_line_flag_turns_the_mode_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CURSOR_TOKENS_VARIABLE, raising=False)
    parser = build_parser()
    on = config_from_args(parser.parse_args(["emulator", "--cursor-tokens"]))
    assert create_app(on).cursor_tokens is True
    assert create_app(config_from_args(parser.parse_args(["emulator"]))).cursor_tokens is False
