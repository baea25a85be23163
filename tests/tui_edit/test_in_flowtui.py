"""The editing journeys inside the real app: from the record view, e edits and t toggles."""

from __future__ import annotations

from typing import Any

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.flow_toggle import FlowToggleModal
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import until_screen
from tests.tui_edit.host import FLOW_ID, editor_of, replace_text

SIZE = (80, 24)


async def test_e_on_a_record_edits_and_submits_it(open_session: Session, emulator_app: Any) -> None:
    from flowtui.tui.screens.record import RecordScreen

    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        record_screen = await until_screen(pilot, RecordScreen)
        await pilot.press("e")
        await until_screen(pilot, EditorScreen)
        replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Fixed at 2 a.m.")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await until_screen(pilot, RecordScreen)
        stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        assert stored["name"] == "Fixed at 2 a.m."
        assert app.screen is record_screen
        assert isinstance(record_screen, RecordScreen)
        assert record_screen.record["etag"] == stored["etag"]


async def test_t_on_a_flow_disables_it(open_session: Session, emulator_app: Any) -> None:
    from flowtui.tui.screens.record import RecordScreen

    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RecordScreen)
        await pilot.press("t")
        await until_screen(pilot, FlowToggleModal)
        await pilot.press("y")
        record_screen = await until_screen(pilot, RecordScreen)
        assert record_screen.record["state"] == "disabled"
    assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "disabled"
