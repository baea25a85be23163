"""Undo from the History view or right after a submit: the inverse, reviewed, guarded, audited."""

from __future__ import annotations

from typing import Any

from flowtui.emulator import EmulatorConfig
from flowtui.emulator.faults import Faults
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.history import HistoryScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.screens.stale import StaleRecordScreen
from tests.pilot import until_screen, wait_until
from tests.safety.conftest import (
    CONNECTION_NAME,
    FLOW_SPEC_ID,
    MAILCHIMP_SPEC_ID,
    SIZE,
    screen_text,
)
from tests.tui_edit.host import editor_of, replace_text


def notices(app: Any) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def submit_in_the_app(pilot: Any, old: str, new: str) -> RecordScreen:
    """From the record view: e, replace ``old`` by ``new``, review, y; back on the record."""
    record_screen = await until_screen(pilot, RecordScreen)
    await pilot.press("e")
    await until_screen(pilot, EditorScreen)
    replace_text(editor_of(pilot), old, new)
    await pilot.press("ctrl+s")
    await until_screen(pilot, ReviewModal)
    await pilot.press("y")
    await wait_until(pilot, lambda: pilot.app.screen is record_screen, "back on the record")
    await pilot.app.workers.wait_for_complete()
    assert isinstance(record_screen, RecordScreen)
    return record_screen


async def test_undo_of_a_connection_patch_from_history(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, CONNECTION_NAME, "Renamed at 2 a.m.")
        submitted = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        assert submitted["name"] == "Renamed at 2 a.m."
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        review = await until_screen(pilot, ReviewModal)
        assert review.edit.base_etag == submitted["etag"]
        assert f"If-Match {submitted['etag']}" in screen_text(app)
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": CONNECTION_NAME}]
        await pilot.press("y")
        history = await until_screen(pilot, HistoryScreen)
        assert len(history.entries) == 2, "the undo is itself in the History"
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == CONNECTION_NAME
    undo, edit = AuditLog().entries()
    assert (undo.method, undo.etag_before, undo.etag_after) == (
        "PATCH",
        edit.etag_after,
        stored["etag"],
    )
    assert undo.ops == [{"op": "replace", "path": "/name", "value": CONNECTION_NAME}]


async def test_u_right_after_a_submit_undoes_it(open_session: Session, emulator_app: Any) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        record_screen = await submit_in_the_app(pilot, CONNECTION_NAME, "Oops")
        assert "Press u to undo" in notices(app)
        await pilot.press("u")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is record_screen, "back on the record")
        await wait_until(
            pilot, lambda: record_screen.record["name"] == CONNECTION_NAME, "the view updated"
        )
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
        == CONNECTION_NAME
    )


async def test_u_pressed_twice_on_a_slow_link_opens_one_undo(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, CONNECTION_NAME, "Oops")
        fast = emulator_app.faults
        emulator_app.faults = Faults(EmulatorConfig(latency_ms=300))  # an SSH hop away
        try:
            await pilot.press("u", "u")  # the second while the first is still reading
            await until_screen(pilot, ReviewModal)
            await pilot.pause(0.8)
        finally:
            emulator_app.faults = fast
        editors = [screen for screen in app.screen_stack if isinstance(screen, EditorScreen)]
        assert len(editors) == 1


async def test_undo_that_meets_a_concurrent_change_rebases_after_a_new_review(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, CONNECTION_NAME, "Renamed")
        after_submit = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)[
            "etag"
        ]
        theirs = emulator_app.store.touch(
            "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "set by a colleague"}
        )
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        review = await until_screen(pilot, ReviewModal)
        assert review.edit.base_etag == after_submit, "the undo is guarded by the submit's etag"
        await pilot.press("y")
        await until_screen(pilot, StaleRecordScreen)
        text = screen_text(app)
        assert "/description" in text and "No overlap" in text
        assert (
            emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
            == "Renamed"
        )
        await pilot.press("r")
        review = await until_screen(pilot, ReviewModal)
        assert review.edit.base_etag == theirs["etag"]
        assert f"If-Match {theirs['etag']}" in screen_text(app)
        await pilot.press("y")
        await until_screen(pilot, HistoryScreen)
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert (stored["name"], stored["description"]) == (CONNECTION_NAME, "set by a colleague")


async def test_undo_that_overlaps_a_concurrent_change_is_resolved_path_by_path(
    open_session: Session, emulator_app: Any
) -> None:
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, CONNECTION_NAME, "Renamed")
        emulator_app.store.touch(
            "prod", "connections", SALESFORCE_CONNECTION_ID, {"name": "Theirs"}
        )
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await until_screen(pilot, StaleRecordScreen)
        text = screen_text(app)
        assert "Overlap" in text and "/name" in text and '"Theirs"' in text
        await pilot.press("m", "r")
        review = await until_screen(pilot, ReviewModal)
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": CONNECTION_NAME}]
        await pilot.press("y")
        await until_screen(pilot, HistoryScreen)
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
        == CONNECTION_NAME
    )


async def test_undo_of_a_spec_put_puts_the_previous_body_back(
    open_session: Session, emulator_app: Any
) -> None:
    original = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
    ids = original["sourceConnectionSpecIds"]
    app = FlowTUI(open_session, start=("flowSpecs", FLOW_SPEC_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, f'"{ids[-1]}"', f'"{ids[-1]}",\n "{MAILCHIMP_SPEC_ID}"')
        changed = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
        assert changed["sourceConnectionSpecIds"] == [*ids, MAILCHIMP_SPEC_ID]
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        await until_screen(pilot, ReviewModal)
        assert "PUT replaces the whole flow spec" in screen_text(app)
        await pilot.press("y")
        await until_screen(pilot, HistoryScreen)
    stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
    assert stored["sourceConnectionSpecIds"] == ids
    undo, put = AuditLog().entries()
    assert (undo.method, put.method) == ("PUT", "PUT")
    assert undo.previous_body is not None
    assert MAILCHIMP_SPEC_ID in undo.previous_body["sourceConnectionSpecIds"]


async def test_undo_of_a_spec_changed_since_leads_to_the_conflict_view(
    open_session: Session, emulator_app: Any
) -> None:
    ids = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)["sourceConnectionSpecIds"]
    app = FlowTUI(open_session, start=("flowSpecs", FLOW_SPEC_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, f'"{ids[-1]}"', f'"{ids[-1]}",\n "{MAILCHIMP_SPEC_ID}"')
        emulator_app.store.touch("prod", "flowSpecs", FLOW_SPEC_ID, {"version": "9.9"})
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await until_screen(pilot, StaleRecordScreen)
        assert '"9.9"' in screen_text(app)
        stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
        assert MAILCHIMP_SPEC_ID in stored["sourceConnectionSpecIds"], "nothing sent yet"
        await pilot.press("r")
        await until_screen(pilot, ReviewModal)
        await pilot.press("y")
        await until_screen(pilot, HistoryScreen)
    stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
    assert (stored["sourceConnectionSpecIds"], stored["version"]) == (ids, "9.9")


async def test_a_rotated_password_is_never_in_the_audit_log_and_cannot_be_undone(
    open_session: Session, emulator_app: Any
) -> None:
    typed = "Rotated-Secret-4711"
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await submit_in_the_app(pilot, '"password": "********"', f'"password": "{typed}"')
        assert emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["auth"][
            "params"
        ]["password"] == (typed)
        assert "Press u to undo" not in notices(app)
        assert "old value is never kept" in notices(app)
        await pilot.press("h")
        await until_screen(pilot, HistoryScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen), "no review for an undo that cannot be"
        assert "credential" in notices(app)
    text = AuditLog().path.read_text(encoding="utf-8")
    assert typed not in text
    assert "/auth/params/password" in text
