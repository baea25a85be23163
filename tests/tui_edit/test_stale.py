"""A 412 from a concurrent change: the edit is kept, the change shown, reload or discard."""

from __future__ import annotations

from typing import Any

from flowtui.api.kinds import CONNECTIONS
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.screens.stale import StaleRecordScreen
from tests.pilot import settle
from tests.tui_edit.host import EditorHost, editor_of, replace_text

SIZE = (80, 24)


def screen_text(app: Any) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label"))


async def submit_after_a_concurrent_change(
    pilot: Any, emulator_app: Any, changes: dict[str, Any]
) -> None:
    """Rename the connection, let a colleague change it meanwhile, then press y."""
    await settle(pilot)
    replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Renamed")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewModal)
    emulator_app.store.touch("prod", "connections", SALESFORCE_CONNECTION_ID, changes)
    await pilot.press("y")
    await settle(pilot)


async def test_a_stale_etag_keeps_the_edit_and_shows_what_changed(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(
            pilot, emulator_app, {"description": "set by a colleague"}
        )
        assert isinstance(app.screen, StaleRecordScreen)
        text = screen_text(app)
        assert "changed on the server since you loaded it" in text
        assert "/description" in text and '"set by a colleague"' in text
        assert "No overlap" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert '"name": "Renamed"' in editor_of(pilot).text
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == "E2E_SF Base_Connection"


async def test_reload_on_the_new_version_then_submit_keeps_both_changes(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(
            pilot, emulator_app, {"description": "set by a colleague"}
        )
        theirs_etag = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)[
            "etag"
        ]
        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewModal)
        assert review.edit.base_etag == theirs_etag
        assert f"If-Match {theirs_etag}" in screen_text(app)
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": "Renamed"}]
        await pilot.press("y")
        await settle(pilot)
        assert app.result is not None and app.result["name"] == "Renamed"
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert (stored["name"], stored["description"]) == ("Renamed", "set by a colleague")


async def test_an_overlapping_change_names_the_conflicting_path(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(pilot, emulator_app, {"name": "Colleague's name"})
        assert isinstance(app.screen, StaleRecordScreen)
        text = screen_text(app)
        assert "Overlap" in text and "/name" in text
        assert '"Colleague\'s name"' in text and '"Renamed"' in text
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, StaleRecordScreen)  # nothing chosen yet
        await pilot.press("escape")
        await settle(pilot)
        assert '"name": "Renamed"' in editor_of(pilot).text


async def test_an_overlap_resolved_with_mine_goes_to_a_new_review(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(
            pilot, emulator_app, {"name": "Colleague's name", "description": "theirs too"}
        )
        theirs_etag = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)[
            "etag"
        ]
        await pilot.press("m", "r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewModal)
        assert review.edit.base_etag == theirs_etag
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": "Renamed"}]
        await pilot.press("y")
        await settle(pilot)
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert (stored["name"], stored["description"]) == ("Renamed", "theirs too")


async def test_an_overlap_resolved_with_theirs_leaves_nothing_to_send(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(pilot, emulator_app, {"name": "Colleague's name"})
        await pilot.press("t", "r")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert '"name": "Colleague\'s name"' in editor_of(pilot).text
        assert any("Nothing to submit" in n.message for n in app._notifications)


async def test_finishing_an_overlap_by_hand_opens_the_editor_on_the_new_version(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(pilot, emulator_app, {"name": "Colleague's name"})
        theirs_etag = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)[
            "etag"
        ]
        await pilot.press("h")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.edit is not None and editor.edit.base_etag == theirs_etag
        assert '"name": "Renamed"' in editor_of(pilot).text


async def test_discard_after_a_412_asks_once_and_drops_the_draft(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await submit_after_a_concurrent_change(pilot, emulator_app, {"name": "Theirs"})
        await pilot.pause(0.6)
        assert (
            DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is not None
        )
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DiscardEditModal"
        await pilot.press("y")
        await settle(pilot)
        assert app.result is None
    assert DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is None
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == "Theirs"
    )


async def test_a_restored_draft_whose_record_changed_leads_to_the_stale_screen(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    from flowtui.store.drafts import Draft

    draft = Draft(
        "demo",
        open_session.org_id,
        "prod",
        "connections",
        SALESFORCE_CONNECTION_ID,
        connection["name"],
        connection["etag"],
        connection,
        "",
        0.0,
    )
    draft.text = connection_text(connection, "Restored name")
    emulator_app.store.touch(
        "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "meanwhile"}
    )
    app = EditorHost(open_session, CONNECTIONS, draft.base, draft_text=draft.text)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewModal)
        assert f"If-Match {connection['etag']}" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, StaleRecordScreen)
        assert "/description" in screen_text(app)


def connection_text(connection: dict[str, Any], name: str) -> str:
    from flowtui.edits.editing import pretty

    return pretty({**connection, "name": name})
