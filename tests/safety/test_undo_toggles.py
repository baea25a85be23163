"""Undo that does what people expect: a flow toggle is undone by the opposite action, and a
change with a credential is undone for its other parts, naming the one it cannot restore."""

from __future__ import annotations

from typing import Any

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID as CONNECTION_ID
from flowtui.emulator.fixtures.ids import WINTER_FLOW_ID as FLOW_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.flow_toggle import FlowToggleModal
from flowtui.tui.screens.history import HistoryScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import until_screen, wait_until
from tests.safety.conftest import CONNECTION_NAME, SIZE, screen_text
from tests.safety.test_undo import notices
from tests.tui_edit.host import editor_of, replace_text


async def disable_the_flow(pilot: Any) -> RecordScreen:
    record_screen = await until_screen(pilot, RecordScreen)
    await pilot.press("t")
    toggle = await until_screen(pilot, FlowToggleModal)
    assert toggle.op == "disable"
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen is record_screen, "back on the flow")
    await pilot.app.workers.wait_for_complete()
    assert isinstance(record_screen, RecordScreen)
    return record_screen


async def test_u_after_disabling_a_flow_enables_it_through_the_toggle_confirmation(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await disable_the_flow(pilot)
        disabled = emulator_app.store.get("prod", "flows", FLOW_ID)
        assert disabled["state"] == "disabled"
        assert "Press u to undo" in notices(app)
        await pilot.press("u")
        undo = await until_screen(pilot, FlowToggleModal)
        assert undo.op == "enable"
        assert f"If-Match {disabled['etag']}" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen), "back on the flow")
        await app.workers.wait_for_complete()
    assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "enabled"
    undone, toggled = AuditLog().entries()
    assert (undone.method, undone.ops[0]["value"]) == ("ACTION", "enabled")
    assert undone.etag_before == toggled.etag_after, "guarded by the etag the toggle left"


async def test_u_on_a_toggle_in_the_history_enables_the_flow(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await disable_the_flow(pilot)
        await pilot.press("h")
        history = await until_screen(pilot, HistoryScreen)
        row = [str(cell) for cell in history.query_one("DataTable").get_row_at(0)]  # type: ignore[attr-defined]
        assert row[2:] == ["flow", "2021 winter campaign", "disabled"]
        await pilot.press("u")
        undo = await until_screen(pilot, FlowToggleModal)
        assert undo.op == "enable"
        await pilot.press("enter")
        history = await until_screen(pilot, HistoryScreen)
        await wait_until(pilot, lambda: len(history.entries) == 2, "the undo is in the History")
    assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "enabled"


async def test_a_toggle_whose_flow_changed_state_since_is_not_undone(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        record_screen = await disable_the_flow(pilot)
        emulator_app.store.touch("prod", "flows", FLOW_ID, {"state": "enabled"})
        await pilot.press("u")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert app.screen is record_screen, "no confirmation for an undo with nothing to do"
        assert "is enabled now: its state changed since it was disabled" in notices(app)
    assert len(AuditLog().entries()) == 1


async def test_a_toggle_undo_after_another_change_says_the_flow_changed(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("flows", FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await disable_the_flow(pilot)
        touched = emulator_app.store.touch("prod", "flows", FLOW_ID, {"description": "theirs"})
        await pilot.press("u")
        await until_screen(pilot, FlowToggleModal)
        text = screen_text(app)
        assert "The flow changed since it was disabled" in text
        assert f"If-Match {touched['etag']}" in text


async def test_undo_of_a_rename_with_a_new_password_restores_the_name_only(
    open_session: Session, emulator_app: Any
) -> None:
    typed = "Rotated-Secret-4711"
    app = FlowTUI(open_session, start=("connections", CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        record_screen = await until_screen(pilot, RecordScreen)
        await pilot.press("e")
        await until_screen(pilot, EditorScreen)
        replace_text(editor_of(pilot), CONNECTION_NAME, "Renamed at 2 a.m.")
        replace_text(editor_of(pilot), '"password": "********"', f'"password": "{typed}"')
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReviewModal)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is record_screen, "back on the record")
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        review = await until_screen(pilot, ReviewModal)
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": CONNECTION_NAME}]
        text = screen_text(app)
        assert "the password cannot be restored: it was never stored; set it again by hand" in (
            " ".join(text.split())
        )
        await pilot.press("enter")
        await until_screen(pilot, HistoryScreen)
    stored = emulator_app.store.get("prod", "connections", CONNECTION_ID)
    assert stored["name"] == CONNECTION_NAME
    assert stored["auth"]["params"]["password"] == typed, "the credential is left as set"
