"""flowtui list: the `/` filter syntax, every page followed, three output forms, safe cells."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowtui.emulator.server import RunningServer
from tests.commands.conftest import S3_SPEC_ID, Flowtui, start_emulator

pytestmark = pytest.mark.loopback


@pytest.fixture(scope="module")
def cursor_emulator() -> Iterator[RunningServer]:
    """The same records, with continuation tokens that are only a position."""
    server = start_emulator(cursor_tokens=True)
    yield server
    server.stop()


@pytest.fixture(params=["carrying-tokens", "cursor-tokens"])
def paging(
    request: pytest.FixtureRequest,
    flowtui: Flowtui,
    cursor_emulator: RunningServer,
    tmp_path: Path,
) -> Flowtui:
    """flowtui against each token mode (nothing documents which one the service uses)."""
    return Flowtui(cursor_emulator, tmp_path) if request.param == "cursor-tokens" else flowtui


def test_a_property_filter_returns_exactly_the_matching_records_across_pages(
    paging: Flowtui,
) -> None:
    flowtui = paging
    expected = [r["id"] for r in flowtui.records("flows") if r["state"] == "enabled"]
    assert 3 < len(expected) < len(flowtui.records("flows"))
    result = flowtui("list", "flows", "--filter", "state==enabled", "--limit", "3", "-o", "ids")
    assert result.code == 0, result.err
    listed = result.out.split()
    assert sorted(listed) == sorted(expected)
    assert len(listed) == len(set(listed))


def test_filters_combine_a_service_filter_and_text_matched_in_names(paging: Flowtui) -> None:
    flowtui = paging
    records = flowtui.records("targetConnections")
    expected = {
        r["id"]
        for r in records
        if r["connectionSpec"]["id"] == S3_SPEC_ID and "#000" in r["name"].casefold()
    }
    assert expected
    result = flowtui(
        "list",
        "targetConnections",
        "--filter",
        f"connectionSpec.id == {S3_SPEC_ID}",
        "--filter",
        "#000",
        "--limit",
        "2",
        "-o",
        "json",
    )
    assert result.code == 0, result.err
    listed = result.json()
    assert isinstance(listed, list) and {r["id"] for r in listed} == expected
    assert all("etag" in r for r in listed)  # whole records, not just ids


def test_json_masks_credentials_as_get_does(flowtui: Flowtui) -> None:
    result = flowtui("list", "connections", "-o", "json")
    assert result.code == 0, result.err
    with_secret = [r for r in result.json() if "secretKey" in r.get("auth", {}).get("params", {})]
    assert with_secret
    assert {r["auth"]["params"]["secretKey"] for r in with_secret} == {"********"}


def test_the_table_shows_the_kinds_columns_without_raw_control_characters(
    flowtui: Flowtui,
) -> None:
    target = flowtui.s3_targets()[10]
    evil = "Evil \x1b[31mred\x1b[0m \u202eslaem"
    ops = [{"op": "replace", "path": "/name", "value": evil}]
    patched = flowtui("patch", "targetConnections", target, "--ops", "-", stdin=json.dumps(ops))
    assert patched.code == 0, patched.err
    assert "\x1b" not in patched.err and "\u202e" not in patched.err

    table = flowtui("list", "targetConnections", "--filter", target)
    assert table.code == 0, table.err
    header, row = table.out.splitlines()
    assert header.split()[:3] == ["NAME", "BASE", "CONNECTION"]
    assert target in row and "Evil" in row
    assert "\x1b" not in table.out and "\u202e" not in table.out
    assert "\u241b[31mred" in row  # ESC shown as its control picture

    as_json = flowtui("list", "targetConnections", "--filter", target, "-o", "json")
    assert "\x1b" not in as_json.out and "\u202e" not in as_json.out
    assert as_json.json()[0]["name"] == evil  # escaped in JSON, the same value once parsed


def test_an_unknown_kind_is_a_usage_error(flowtui: Flowtui) -> None:
    result = flowtui("list", "dataflowz")
    assert result.code == 2 and "unknown kind" in result.err


def test_a_filter_the_service_would_refuse_is_a_usage_error_with_the_reason(
    flowtui: Flowtui,
) -> None:
    result = flowtui("list", "flows", "--filter", "colour==red")
    assert result.code == 2
    assert "colour==red" in result.err and result.out == ""


def test_orderby_is_sent_and_holds_across_pages(paging: Flowtui) -> None:
    flowtui = paging
    result = flowtui("list", "flows", "--orderby=-updatedAt", "--limit", "7", "-o", "json")
    assert result.code == 0, result.err
    stamps = [r["updatedAt"] for r in result.json()]
    assert len(stamps) == len(flowtui.records("flows")) > 7
    assert stamps == sorted(stamps, reverse=True)


def test_a_single_equals_is_text_with_a_hint(flowtui: Flowtui) -> None:
    result = flowtui("list", "flows", "--filter", "state=enabled", "-o", "ids")
    assert result.code == 0 and result.out == ""
    assert "property filter takes ==" in result.err and "'state==enabled'" in result.err
