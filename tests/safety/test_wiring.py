"""FlowTUI wires issue 5 in: drafts offered at start and before an edit, `h` for History."""

from __future__ import annotations

import time
from typing import Any

from flowtui.api.kinds import CONNECTIONS
from flowtui.edits.editing import EditSession
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.draft_restore import DraftRestoreModal
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.history import HistoryScreen
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.screens.stale import StaleRecordScreen
from tests.pilot import until_screen, wait_until
from tests.safety.conftest import CONNECTION_NAME, SIZE
from tests.tui_edit.host import editor_of


async def leave_a_draft(session: Session, new_name: str) -> Draft:
    """A draft as the editor writes it, left behind by a session that vanished."""
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    edit = EditSession(CONNECTIONS, record)
    draft = Draft(
        profile=session.profile,
        org_id=session.org_id,
        sandbox=session.sandbox,
        kind="connections",
        record_id=SALESFORCE_CONNECTION_ID,
        name=edit.name,
        base_etag=edit.base_etag,
        base=record,
        text=edit.initial_text().replace(CONNECTION_NAME, new_name),
        saved_at=time.time() - 120,
    )
    DraftStore().save(draft)
    return draft


async def test_start_offers_a_pending_draft_and_restore_opens_it(open_session: Session) -> None:
    await leave_a_draft(open_session, "Half-typed fix")
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, DraftRestoreModal)
        assert isinstance(app.screen_stack[-2], MainScreen)
        await pilot.press("r")
        await until_screen(pilot, EditorScreen)
        assert '"name": "Half-typed fix"' in editor_of(pilot).text


async def test_later_opens_the_start_record_and_e_offers_the_draft_again(
    open_session: Session, emulator_app: Any
) -> None:
    await leave_a_draft(open_session, "Half-typed fix")
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, DraftRestoreModal)
        await pilot.press("escape")
        record_screen = await until_screen(pilot, RecordScreen)
        await pilot.press("e")
        await until_screen(pilot, DraftRestoreModal)
        await pilot.press("r")
        await until_screen(pilot, EditorScreen)
        assert '"name": "Half-typed fix"' in editor_of(pilot).text
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is record_screen, "back on the record")
        await wait_until(
            pilot, lambda: record_screen.record["name"] == "Half-typed fix", "the view updated"
        )
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
        == "Half-typed fix"
    )
    assert DraftStore().all() == [], "a submitted edit deletes its draft"


async def test_e_with_a_discarded_draft_opens_a_fresh_editor(open_session: Session) -> None:
    await leave_a_draft(open_session, "Half-typed fix")
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, DraftRestoreModal)
        await pilot.press("escape")
        await until_screen(pilot, RecordScreen)
        await pilot.press("e")
        await until_screen(pilot, DraftRestoreModal)
        await pilot.press("d", "d")
        await until_screen(pilot, EditorScreen)
        assert f'"name": "{CONNECTION_NAME}"' in editor_of(pilot).text
    assert DraftStore().all() == []


async def test_a_restored_draft_of_a_changed_record_reaches_the_conflict_view(
    open_session: Session, emulator_app: Any
) -> None:
    await leave_a_draft(open_session, "Half-typed fix")
    emulator_app.store.touch(
        "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "colleague"}
    )
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        offer = await until_screen(pilot, DraftRestoreModal)
        assert offer.changed_on_server is True
        await pilot.press("r")
        await until_screen(pilot, EditorScreen)
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await until_screen(pilot, StaleRecordScreen)
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == CONNECTION_NAME, "nothing sent before a new review"
    assert len(DraftStore().all()) == 1, "the edit is still kept"


async def test_h_opens_the_history_from_the_main_and_record_screens(
    open_session: Session,
) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RecordScreen)
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("escape", "escape")
        await until_screen(pilot, MainScreen)
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)


async def test_read_only_keeps_history_but_not_undo(emulator_app: Any) -> None:
    from flowtui.demo import emulator_session

    session = emulator_session(emulator_app, read_only=True)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, MainScreen)
        assert app.check_action("history", ()) is True
        assert app.check_action("undo_last", ()) is False
        await pilot.press("h")
        history = await until_screen(pilot, HistoryScreen)
        assert history.check_action("undo", ()) is False, "no Undo key in read-only mode"
    await session.client.aclose()
