"""The editing journeys inside the real app: from the record view, e edits and t toggles."""

from __future__ import annotations

from typing import Any

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.flow_toggle import FlowToggleModal
from flowtui.tui.screens.review import ReviewModal
from tests.tui_edit.host import FLOW_ID, editor_of, replace_text, settle

SIZE = (80, 24)


async def wait_for(pilot: Any, screen_type: type) -> Any:
    for _ in range(50):
        await settle(pilot)
        if isinstance(pilot.app.screen, screen_type):
            return pilot.app.screen
    raise AssertionError(f"{screen_type.__name__} never showed; on {pilot.app.screen!r}")


async def test_e_on_a_record_edits_and_submits_it(open_session: Session, emulator_app: Any) -> None:
    from flowtui.tui.screens.record import RecordScreen

    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        record_screen = await wait_for(pilot, RecordScreen)
        await pilot.press("e")
        await wait_for(pilot, EditorScreen)
        replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Fixed at 2 a.m.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, ReviewModal)
        await pilot.press("y")
        await wait_for(pilot, RecordScreen)
        stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        assert stored["name"] == "Fixed at 2 a.m."
        assert app.screen is record_screen
        assert isinstance(record_screen, RecordScreen)
        assert record_screen.record["etag"] == stored["etag"]


async def test_t_on_a_flow_disables_it(open_session: Session, emulator_app: Any) -> None:
    from flowtui.tui.screens.record import RecordScreen

    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, RecordScreen)
        await pilot.press("t")
        await wait_for(pilot, FlowToggleModal)
        await pilot.press("y")
        record_screen = await wait_for(pilot, RecordScreen)
        assert record_screen.record["state"] == "disabled"
    assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "disabled"
