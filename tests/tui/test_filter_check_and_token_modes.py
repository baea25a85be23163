"""The `/` filter: a property filter the service would refuse is explained and not sent, and a
filtered, sorted pane of 1,000 flows shows exactly the records the full listing says match, in
both continuation-token modes."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.api.kinds import FLOWS
from flowtui.edits.list_query import parse_query
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.kind_pane import KindPane
from tests.pilot import wait_until
from tests.support import asgi_client
from tests.tui.conftest import SIZE, make_session, pane_loaded


def _pane(app: FlowTUI) -> KindPane:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen.current_pane


def _shown(pane: KindPane) -> list[dict[str, Any]]:
    return [pane.table.records[i] for i in pane.table.shown_ids]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("connections==x", ["no field 'connections'", "state"]),
        ("name ~ camp", ["'~'", "==, !=, >, <, >=, <="]),
        ("id>=abc", ["'>=' does not work on id", "createdAt"]),
        ("createdAt==", ["no value after '=='"]),
        ("createdAt<=1,2", ["takes one value"]),
    ],
)
def test_a_refused_filter_carries_the_reason(typed: str, words: list[str]) -> None:
    query = parse_query(typed, "flows")
    assert query.property_filter is None
    assert query.problem is not None
    for word in words:
        assert word in query.problem


def test_accepted_filters_and_plain_text_are_unchanged() -> None:
    assert parse_query("state == enabled", "flows").property_filter == "state==enabled"
    assert parse_query("winter camp", "flows").text == "winter camp"
    assert parse_query("state=enabled", "flows").problem is None  # the == hint covers it
    assert parse_query("wow!", "flows").text == "wow!"


async def test_refused_filter_is_explained_and_not_sent() -> None:
    app = FlowTUI(make_session(create_app()))
    notices: list[tuple[str, str]] = []
    shown_notice = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notices.append((kwargs.get("title", ""), message))
        shown_notice(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        pane = _pane(app)
        before = pane.loaded
        await pilot.press("slash", *"connections==x", "enter")
        await wait_until(pilot, lambda: bool(notices))
        title, message = notices[-1]
        assert title == "Filter not sent"
        assert "no field 'connections'" in message
        assert pane.query_filter.property_filter is None
        assert pane.loaded == before and not pane.is_loading
        assert pane.error is None
        # The bar stays open with the text, so it can be corrected in place.
        await pilot.press("ctrl+u", *"state==enabled", "enter")
        await wait_until(
            pilot, lambda: pane_loaded(app) and pane.query_filter.property_filter is not None
        )
        assert pane.query_filter.property_filter == "state==enabled"


@pytest.mark.parametrize("cursor_tokens", [False, True], ids=["carrying-tokens", "cursor-tokens"])
async def test_filtered_sorted_pane_of_1000_flows_matches_the_full_listing(
    cursor_tokens: bool,
) -> None:
    emulator = create_app(EmulatorConfig(records=1000, seed=31, cursor_tokens=cursor_tokens))
    reference = asgi_client(emulator)
    everything = await reference.list_all(FLOWS)
    await reference.aclose()
    expected = {r["id"] for r in everything if r["state"] == "disabled"}
    assert 100 < len(expected) < len(everything)
    app = FlowTUI(make_session(emulator))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app), tries=3000)
        pane = _pane(app)
        await pilot.press("slash", *"state==disabled", "enter")
        await wait_until(
            pilot, lambda: pane_loaded(app) and pane.query_filter.property_filter is not None
        )
        await wait_until(pilot, lambda: pane_loaded(app), tries=3000)
        await pilot.press("s")
        rows = _shown(pane)
        assert {r["id"] for r in rows} == expected
        assert len(rows) == len(expected)
        names = [str(r.get("name", "")).casefold() for r in rows]
        assert names == sorted(names)
        assert pane.total == len(expected)
