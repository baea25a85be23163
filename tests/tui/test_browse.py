"""The main screen against the emulator: panes load, stream, filter, sort, fail and retry."""

from __future__ import annotations

from functools import partial
from typing import Any

import httpx
import pytest

from flowtui.api.kinds import KINDS, KINDS_BY_NAME
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.kind_pane import KindPane
from flowtui.tui.widgets.kind_tabs import KindTabs
from flowtui.tui.widgets.record_table import RecordTable
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.tui.conftest import SIZE, make_session, pane_loaded


def main_screen(app: FlowTUI) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def loaded(pane: KindPane) -> bool:
    return pane.started and not pane.is_loading


async def test_every_pane_loads_with_a_count(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        for number, kind in enumerate(KINDS, start=1):
            await pilot.press(str(number))
            pane = main_screen(app).pane(kind)
            assert main_screen(app).current_kind is kind
            await wait_until(pilot, partial(loaded, pane))
            assert pane.error is None
            assert pane.table.row_count > 0
            assert pane.total == pane.loaded == pane.table.row_count
            assert f"{pane.loaded}/{pane.total}" in pane.status_text().plain


async def test_other_panes_wait_until_first_shown(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: loaded(screen.current_pane))
        assert [screen.pane(kind).started for kind in KINDS] == [True] + [False] * (len(KINDS) - 1)


async def test_only_the_first_pane_is_built_until_another_is_shown(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: loaded(screen.current_pane))
        assert [pane.kind for pane in screen.query(KindPane)] == [KINDS[0]]
        assert screen.built_pane(KINDS[1]) is None
        await pilot.press("2")
        second = screen.pane(KINDS[1])
        await wait_until(pilot, partial(loaded, second))
        assert [pane.kind for pane in screen.query(KindPane)] == [KINDS[0], KINDS[1]]
        assert second.table.row_count > 0 and screen.focused is second.table


async def test_the_first_list_is_asked_for_before_the_screen_is_built(emulator_app: Any) -> None:
    """On a slow link the first page is on its way while the widgets are made."""
    from flowtui.api.client import FlowServiceClient
    from flowtui.demo import demo_settings

    screen_built_when_asked: list[bool] = []
    inner = httpx.ASGITransport(app=emulator_app)

    class Watching(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/flows"):
                screen_built_when_asked.append(
                    any(isinstance(s, MainScreen) and s.is_mounted for s in app.screen_stack)
                )
            return await inner.handle_async_request(request)

    settings = demo_settings()
    client = FlowServiceClient(settings, transport=Watching())
    app = FlowTUI(Session(client=client, profile="demo", org_id=settings.org_id, sandbox="prod"))
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: loaded(screen.current_pane))
        assert screen_built_when_asked[:1] == [False]
        assert screen.current_pane.table.row_count == screen.current_pane.loaded > 0
    await client.aclose()


async def test_pages_stream_into_the_table(
    many_records: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(many_records)
    grown: list[int] = []
    original = RecordTable.append

    def counting_append(table: RecordTable, records: list[dict[str, Any]]) -> None:
        original(table, records)
        if table.kind.name == "flows":
            grown.append(table.row_count)

    monkeypatch.setattr(RecordTable, "append", counting_append)
    try:
        app = FlowTUI(session)
        async with app.run_test(size=SIZE) as pilot:
            pane = main_screen(app).current_pane
            await wait_until(pilot, lambda: loaded(pane), tries=2000)
            assert pane.loaded >= 1200
            assert pane.total == pane.loaded
            assert f"{pane.loaded:,}/{pane.total:,}" in pane.status_text().plain
    finally:
        await session.client.aclose()
    assert len(grown) >= 12, "one table update per page"
    assert grown == sorted(grown) and grown[0] < grown[-1]
    assert grown[0] <= 100


async def test_typed_text_filters_names_and_ids(many_records: Any) -> None:
    session = make_session(many_records)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane), tries=2000)
        await pilot.press("slash", *"winter camp")
        await wait_until(pilot, lambda: pane.table.needle == "winter camp")
        assert pane.table.row_count >= 1
        assert all("winter camp" in str(r.get("name")).lower() for r in shown(pane))
        await pilot.press("enter")
        assert app.focused is pane.table
        assert pane.table.cursor_row == 0
        await pilot.press("slash", "ctrl+u", *SEED_FLOW_ID[:8], "enter")
        assert pane.table.current_id == SEED_FLOW_ID
        await pilot.press("escape")
        assert pane.table.row_count == pane.loaded


async def test_each_filter_key_shows_its_matches_without_waiting_for_a_pause(
    many_records: Any,
) -> None:
    session = make_session(many_records)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane), tries=2000)
        await pilot.press("slash")
        for typed in ("w", "wi", "win"):
            await pilot.press(typed[-1])  # handled, and nothing more: no timer has run
            assert pane.table.needle == typed
            assert "/" + typed + " (" in str(pane.status_text())


def shown(pane: KindPane) -> list[dict[str, Any]]:
    return [pane.table.records[i] for i in pane.table.shown_ids]


async def test_property_expression_is_sent_to_the_service(many_records: Any) -> None:
    session = make_session(many_records)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane), tries=2000)
        everything = pane.loaded
        await pilot.press("slash", *"state==disabled", "enter")
        await wait_until(
            pilot, lambda: loaded(pane) and pane.query_filter.property_filter is not None
        )
        await wait_until(pilot, lambda: loaded(pane), tries=2000)
        assert 0 < pane.loaded < everything
        assert {r["state"] for r in shown(pane)} == {"disabled"}
        assert "where state==disabled" in pane.status_text().plain
        await pilot.press("escape")
        await wait_until(pilot, lambda: loaded(pane) and pane.loaded == everything, tries=2000)


async def test_sort_cycles_columns_and_reverses(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane))
        await pilot.press("s")
        names = [str(r.get("name", "")).casefold() for r in shown(pane)]
        assert names == sorted(names)
        await pilot.press("S")
        names = [str(r.get("name", "")).casefold() for r in shown(pane)]
        assert names == sorted(names, reverse=True)
        assert "sort Name ▼" in pane.status_text().plain


async def test_a_loading_error_shows_in_the_pane_and_r_retries(emulator_app: Any) -> None:
    emulator_app.config.fail_rate = 1.0
    session = make_session(emulator_app, retry=False)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane))
        assert pane.error is not None
        assert pane.has_class("-failed")
        assert pane.table.row_count == 0
        emulator_app.config.fail_rate = 0.0
        await pilot.press("r")
        await wait_until(pilot, lambda: loaded(pane) and pane.error is None)
        assert pane.table.row_count > 0
        assert not pane.has_class("-failed")
    await session.client.aclose()


async def test_service_error_code_is_shown(emulator_app: Any) -> None:
    emulator_app.config.fail_rate = 1.0
    session = make_session(emulator_app, retry=False)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane))
        assert pane.error is not None
        assert "HTTP 50" in pane.error
    await session.client.aclose()


async def test_header_shows_profile_sandbox_and_mode(session: Session) -> None:
    from flowtui.tui.widgets.session_header import SessionHeader

    app = FlowTUI(session)
    async with app.run_test(size=SIZE):
        line = app.screen.query_one(SessionHeader).header_text()
        assert "demo" in line.plain
        assert " PROD " in line.plain
        assert " RW " in line.plain
        assert any("red" in str(span.style) for span in line.spans)


async def test_keys_work_while_pages_stream() -> None:
    from flowtui.emulator import EmulatorConfig, create_app

    emulator = create_app(EmulatorConfig(records=1200, latency_ms=150))
    session = make_session(emulator)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app) or first_rows(app), tries=2000)
        flows = main_screen(app).current_pane
        assert flows.is_loading, "the flows pane is still streaming"
        await pilot.press("2")
        assert main_screen(app).current_kind.name == "connections"
        assert flows.is_loading
        await pilot.press("1", "down", "down")
        assert flows.table.cursor_row == 2
        await wait_until(pilot, lambda: not flows.is_loading, tries=4000)
        assert flows.loaded >= 1200
    await session.client.aclose()


def first_rows(app: FlowTUI) -> bool:
    screen = app.screen
    return (
        isinstance(screen, MainScreen)
        and bool(screen.query(KindPane))
        and screen.current_pane.table.row_count > 0
    )


async def test_reload_keeps_the_cursor_on_its_record(many_records: Any) -> None:
    session = make_session(many_records)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = main_screen(app).current_pane
        await wait_until(pilot, lambda: loaded(pane), tries=2000)
        await pilot.press(*["pagedown"] * 3)
        chosen = pane.table.current_id
        assert chosen is not None and pane.table.cursor_row > 20
        resets: list[int] = []
        original_reset = pane.table.reset

        def counting_reset() -> None:
            resets.append(1)
            original_reset()

        pane.table.reset = counting_reset  # type: ignore[method-assign]
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(resets) and loaded(pane), tries=2000)
        assert pane.table.row_count == pane.loaded > 1000
        assert pane.table.current_id == chosen
    await session.client.aclose()


async def test_a_click_on_a_tab_label_shows_that_kinds_pane(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: loaded(screen.current_pane))
        line = screen.query_one(KindTabs).render().plain
        await pilot.click(KindTabs, offset=(line.index("4 Targets") + 2, 0))
        targets = KINDS_BY_NAME["targetConnections"]
        assert screen.current_kind is targets
        await wait_until(pilot, lambda: loaded(screen.pane(targets)))
        assert screen.query_one(KindTabs).active == "targetConnections"
        assert screen.focused is screen.pane(targets).table
        assert not screen.pane(KINDS[0]).display and screen.pane(targets).display


async def test_a_narrow_tab_bar_names_only_the_shown_pane(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=(64, 20)) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: loaded(screen.current_pane))
        await pilot.press("4")
        await pilot.pause()
        line = screen.query_one(KindTabs).render().plain
        assert line.split() == ["1", "2", "3", "4", "Targets", "5", "6", "7"]
