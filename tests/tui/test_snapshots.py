"""How the browsing screens look at 80x24 (after a deliberate change: --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.json_view import JsonText
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.tui.conftest import SIZE, make_session, pane_loaded

SnapCompare = Callable[..., bool]


def test_main_screen(snap_compare: SnapCompare, emulator_app: Any) -> None:
    app = FlowTUI(make_session(emulator_app))

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: pane_loaded(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_connections_pane_sorted(snap_compare: SnapCompare, emulator_app: Any) -> None:
    app = FlowTUI(make_session(emulator_app))

    async def sorted_connections(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("2")
        await wait_until(pilot, lambda: pane_loaded(app, "connections"))
        await pilot.press("s", "down")

    assert snap_compare(app, terminal_size=SIZE, run_before=sorted_connections)


def _record_shown(app: FlowTUI, record_id: str) -> Callable[[], bool]:
    def shown() -> bool:
        screen = app.screen
        if not isinstance(screen, RecordScreen) or screen.record.get("id") != record_id:
            return False
        views = screen.query(JsonText)
        return bool(views) and bool(views.first().text)

    return shown


def test_record_screen(snap_compare: SnapCompare, emulator_app: Any) -> None:
    app = FlowTUI(make_session(emulator_app), start=("flows", SEED_FLOW_ID))

    async def opened(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, _record_shown(app, SEED_FLOW_ID))
        await pilot.press(*["down"] * 13)

    assert snap_compare(app, terminal_size=SIZE, run_before=opened)


def test_record_screen_with_masked_credentials(
    snap_compare: SnapCompare, emulator_app: Any
) -> None:
    app = FlowTUI(make_session(emulator_app), start=("connections", SALESFORCE_CONNECTION_ID))

    async def opened(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, _record_shown(app, SALESFORCE_CONNECTION_ID))
        view = app.screen.query_one(JsonText)
        line = next(i for i, row in enumerate(view.text.splitlines()) if '"password"' in row)
        view.move_cursor((line, 0), center=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=opened)


def test_related_records(snap_compare: SnapCompare, emulator_app: Any) -> None:
    app = FlowTUI(make_session(emulator_app), start=("flows", SEED_FLOW_ID))

    async def related(pilot: Pilot[Any]) -> None:
        from flowtui.tui.screens.related import RelatedScreen

        await wait_until(pilot, _record_shown(app, SEED_FLOW_ID))
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        await wait_until(
            pilot,
            lambda: len(screen.links) >= 7 and all(v.name for v in screen.links.values()),
        )

    assert snap_compare(app, terminal_size=SIZE, run_before=related)


def test_help_screen(snap_compare: SnapCompare, emulator_app: Any) -> None:
    app = FlowTUI(make_session(emulator_app))

    async def help_shown(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("question_mark")

    assert snap_compare(app, terminal_size=SIZE, run_before=help_shown)
