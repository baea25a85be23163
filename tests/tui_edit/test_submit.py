"""Review and submit: target and etag shown, focus on Cancel, n keeps the edit, y sends it."""

from __future__ import annotations

import copy
from typing import Any

from textual.widgets import Button, Input

from flowtui.api.kinds import CONNECTIONS
from flowtui.demo import emulator_session
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import settle
from tests.tui_edit.host import EditorHost, editor_of, replace_text

SIZE = (80, 24)


def review_text(app: Any) -> str:
    screen = app.screen
    return "\n".join(str(widget.render()) for widget in screen.query("Static, Label"))


async def open_review(pilot: Any, old: str, new: str) -> ReviewModal:
    await settle(pilot)
    replace_text(editor_of(pilot), old, new)
    await pilot.press("ctrl+s")
    await settle(pilot)
    review = pilot.app.screen
    assert isinstance(review, ReviewModal)
    return review


async def test_review_shows_target_etag_and_ops_with_focus_on_cancel(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "E2E_SF Base_Connection", "Renamed")
        text = review_text(app)
        assert "prod · base connection · E2E_SF Base_Connection" in text
        assert SALESFORCE_CONNECTION_ID in text
        assert f"If-Match {connection['etag']}" in text
        assert "replace" in text and "/name" in text and '"Renamed"' in text
        assert app.focused is None, "no button holds enter: enter submits, esc goes back"


async def test_n_goes_back_to_the_editor_with_the_edit_intact(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "E2E_SF Base_Connection", "Renamed")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert '"name": "Renamed"' in editor_of(pilot).text
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == "E2E_SF Base_Connection"


async def test_submit_sends_the_patch_and_shows_the_new_etag(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "E2E_SF Base_Connection", "Renamed")
        await pilot.pause(0.6)  # let the draft be written, so its deletion is seen
        await pilot.press("y")
        await settle(pilot)
        stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        assert stored["name"] == "Renamed"
        assert stored["etag"] != connection["etag"]
        assert app.result["etag"] == stored["etag"]
        assert app.result["name"] == "Renamed"
        assert any(stored["etag"] in n.message for n in app._notifications)
    assert DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is None
    entry = AuditLog().entries()[0]
    assert (entry.method, entry.etag_before, entry.etag_after) == (
        "PATCH",
        connection["etag"],
        stored["etag"],
    )
    assert entry.ops == [{"op": "replace", "path": "/name", "value": "Renamed"}]


async def test_a_new_credential_is_masked_in_review_and_audit(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(
            pilot, '"password": "********"', '"password": "hunter2-new-secret"'
        )
        text = review_text(app)
        assert "hunter2-new-secret" not in text
        assert "changes a credential" in text
        assert review.state.ops[0]["value"] == "hunter2-new-secret"  # sent as typed
        await pilot.press("y")
        await settle(pilot)
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["auth"]["params"]["password"] == "hunter2-new-secret"
    assert "hunter2-new-secret" not in AuditLog().path.read_text()


async def test_another_error_is_shown_in_the_review_with_its_code(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(
            pilot, '"environmentUrl": "login.salesforce.com"', '"environmentUrl": "x"'
        )
        # Someone else's tool dropped the field without changing the etag: the patch cannot apply.
        stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        broken = copy.deepcopy(stored)
        del broken["auth"]["params"]["environmentUrl"]
        emulator_app.store.replace("prod", "connections", broken)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReviewModal)
        text = review_text(app)
        assert "Not applied" in text
        assert "HTTP 400" in text
        assert "FLOW-1455-400" in text
        await pilot.press("n")
        await settle(pilot)
        assert '"environmentUrl": "x"' in editor_of(pilot).text


async def test_a_protected_sandbox_needs_its_name_typed(
    emulator_app: Any, connection: dict[str, Any]
) -> None:
    session = emulator_session(emulator_app)  # prod is protected by default
    app = EditorHost(session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "E2E_SF Base_Connection", "Renamed")
        submit = app.screen.query_one("#review-submit", Button)
        name_input = app.screen.query_one("#review-sandbox", Input)
        assert submit.disabled
        assert app.focused is name_input, "typing must go to the sandbox name"
        await pilot.press("y", "enter")
        await settle(pilot)
        assert (
            emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
            != "Renamed"
        )
        assert name_input.value == "y" and submit.disabled
        name_input.value = ""
        await pilot.press("p", "r", "o", "d")
        assert not submit.disabled
        await pilot.press("enter")
        await settle(pilot)
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == "Renamed"
    )
    await session.client.aclose()


async def test_a_failed_re_read_after_an_accepted_patch_still_counts_as_submitted(
    emulator_app: Any, connection: dict[str, Any]
) -> None:
    import dataclasses

    import httpx

    from flowtui.api import NO_RETRY, FlowServiceClient
    from flowtui.demo import demo_settings

    settings = dataclasses.replace(demo_settings(), retry=NO_RETRY)
    client = FlowServiceClient(settings, transport=httpx.ASGITransport(app=emulator_app))
    session = Session(client, "demo", settings.org_id, "prod", protected_sandboxes=frozenset())
    app = EditorHost(session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "E2E_SF Base_Connection", "Renamed")
        emulator_app.config.fail_rate = 1.0  # every read fails from now on; writes still pass
        await pilot.press("y")
        await settle(pilot)
        stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
        assert stored["name"] == "Renamed"
        assert app.result["name"] == "Renamed" and app.result["etag"] == stored["etag"]
        assert any("could not be re-read" in n.message for n in app._notifications)
    assert AuditLog().entries()[0].etag_after == stored["etag"]
    await client.aclose()
