"""The inline editor: masked secrets, live status, refusals, $EDITOR, drafts, read-only."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from flowtui.api.kinds import CONNECTIONS
from flowtui.demo import emulator_session
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.widgets.edit_status import EditStatus
from tests.pilot import PENDING, settle
from tests.tui_edit.host import EditorHost, editor_of, location_of, replace_text

SIZE = (80, 24)


def status_text(app: Any) -> str:
    return str(app.screen.query_one(EditStatus).render())


async def try_to_submit(pilot: Any, app: Any, old: str, new: str) -> str:
    """Make an edit the editor must refuse, press ctrl+s; return the status line it showed."""
    await settle(pilot)
    replace_text(editor_of(pilot), old, new)
    await pilot.pause(0.3)
    status = status_text(app)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, EditorScreen), "a refused edit reached the review"
    return status


async def test_editor_shows_the_record_with_secrets_masked(
    open_session: Session, connection: dict[str, Any], emulator_app: Any
) -> None:
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    real_password = stored["auth"]["params"]["password"]
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = editor_of(pilot).text
        assert '"name": "E2E_SF Base_Connection"' in text
        assert '"password": "********"' in text
        assert real_password not in text
        assert "0 ops" in status_text(app)


async def test_typing_into_the_editor_counts_the_ops(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = editor_of(pilot)
        end = editor.text.index("Base_Connection") + len("Base_Connection")
        editor.cursor_location = location_of(editor.text, end)
        await pilot.press("space", "v", "2")
        await pilot.pause(0.3)
        assert '"E2E_SF Base_Connection v2"' in editor.text
        status = status_text(app)
        assert "✓ JSON" in status
        assert "1 op" in status


async def test_bad_json_is_refused_with_its_line_and_column(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        status = await try_to_submit(pilot, app, '"state": "enabled",', '"state": "enabled",,')
        text = editor_of(pilot).text
        line = text[: text.index(",,")].count("\n") + 1
        assert f"not JSON: line {line}, column" in status


async def test_a_read_only_field_is_refused_naming_its_path(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        old = '"createdBy": "acme-data-eng@AdobeID"'
        assert "/createdBy" in await try_to_submit(pilot, app, old, '"createdBy": "me"')


async def test_a_masked_secret_written_back_is_refused(
    emulator_app: Any, open_session: Session
) -> None:
    # The record on the server has no password yet; pasting the mask into it must not be sent.
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    params = {k: v for k, v in stored["auth"]["params"].items() if k != "password"}
    emulator_app.store.touch(
        "prod",
        "connections",
        SALESFORCE_CONNECTION_ID,
        {"auth": {**stored["auth"], "params": params}},
    )
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditorHost(open_session, CONNECTIONS, record)
    async with app.run_test(size=SIZE) as pilot:
        status = await try_to_submit(
            pilot,
            app,
            '"username": "my-salesforce-account"',
            '"password": "********",\n      "username": "my-salesforce-account"',
        )
        assert "/auth/params/password" in status


async def test_an_unchanged_masked_secret_is_not_sent(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        replace_text(editor_of(pilot), "login.salesforce.com", "test.salesforce.com")
        await pilot.press("ctrl+s")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewModal)
        assert review.state.ops == [
            {"op": "replace", "path": "/auth/params/environmentUrl", "value": "test.salesforce.com"}
        ]


def fake_editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "mode = stat.S_IMODE(os.stat(path).st_mode)\n"
        "text = open(path).read()\n"
        f"{body}\n"
    )
    return f"{sys.executable} {script}"


async def test_external_editor_result_comes_back_into_the_editor(
    open_session: Session,
    connection: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen_mode = tmp_path / "mode"
    monkeypatch.setenv(
        "VISUAL",
        fake_editor(
            tmp_path,
            f"open({str(seen_mode)!r}, 'w').write(oct(mode))\n"
            "open(path, 'w').write(text.replace('E2E_SF Base_Connection', 'From vi'))",
        ),
    )
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause(0.3)
        assert '"name": "From vi"' in editor_of(pilot).text
        assert "1 op" in status_text(app)
    assert seen_mode.read_text() == "0o600"


async def test_a_failing_external_editor_keeps_the_text(
    open_session: Session,
    connection: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "VISUAL", fake_editor(tmp_path, "open(path, 'w').write('garbage')\nsys.exit(3)")
    )
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = editor_of(pilot).text
        await pilot.press("ctrl+e")
        await pilot.pause(0.2)
        assert editor_of(pilot).text == before
        assert any("exited with status 3" in n.message for n in app._notifications)


async def test_opening_with_external_starts_in_the_external_editor(
    open_session: Session,
    connection: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "EDITOR",
        fake_editor(tmp_path, "open(path, 'w').write(text.replace('enabled', 'disabled'))"),
    )
    app = EditorHost(open_session, CONNECTIONS, connection, external=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert '"state": "disabled"' in editor_of(pilot).text


async def test_a_draft_is_saved_while_typing_and_deleted_on_discard(
    open_session: Session, connection: dict[str, Any]
) -> None:
    store = DraftStore()
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Draft name")
        await pilot.pause(0.8)
        draft = store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
        assert draft is not None
        assert '"name": "Draft name"' in draft.text
        assert draft.base_etag == connection["etag"]
        assert stat.S_IMODE(os.stat(store.path_for(*draft.key)).st_mode) == 0o600
        assert "draft saved" in status_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DiscardEditModal"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.result is None
        assert store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is None


async def test_a_restored_draft_starts_from_its_text(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection, draft_text='{"restored": true}\n')
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert editor_of(pilot).text == '{"restored": true}\n'


async def test_opening_a_record_does_not_delete_an_existing_draft(
    open_session: Session, connection: dict[str, Any]
) -> None:
    from flowtui.store.drafts import Draft

    store = DraftStore()
    store.save(
        Draft(
            "demo",
            open_session.org_id,
            "prod",
            "connections",
            SALESFORCE_CONNECTION_ID,
            "n",
            connection["etag"],
            connection,
            "{}",
            1.0,
        )
    )
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.8)
        await pilot.press("escape")
        await settle(pilot)
    assert store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is not None


async def test_a_read_only_session_never_opens_the_editor(
    emulator_app: Any, connection: dict[str, Any]
) -> None:
    session = emulator_session(emulator_app, read_only=True)
    app = EditorHost(session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.result is None
        assert not isinstance(app.screen, EditorScreen)
    await session.client.aclose()


async def test_leaving_an_unchanged_edit_asks_nothing(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.result is None
    assert app.result is not PENDING


async def test_a_missing_external_editor_is_named_and_the_text_kept(
    open_session: Session, connection: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --wait")
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = editor_of(pilot).text
        await pilot.press("ctrl+e")
        await pilot.pause(0.2)
        assert editor_of(pilot).text == before
        assert any("cannot start '/nonexistent/editor'" in n.message for n in app._notifications)


async def test_a_draft_holding_a_typed_credential_says_so(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        replace_text(editor_of(pilot), '"password": "********"', '"password": "typed-secret"')
        await pilot.pause(0.8)
        status = status_text(app)
        assert "draft saved (has a credential" in status
        assert "typed-secret" not in status


async def test_a_missing_spec_still_masks_secrets_by_name_and_says_so(
    emulator_app: Any, open_session: Session
) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    emulator_app.store.touch(
        "prod",
        "connections",
        SALESFORCE_CONNECTION_ID,
        {"connectionSpec": {"id": missing, "version": "1"}},
    )
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    record["auth"]["params"]["password"] = "clear-text-secret"  # as if the service sent it
    app = EditorHost(open_session, CONNECTIONS, record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert '"password": "********"' in editor_of(pilot).text
        assert "clear-text-secret" not in editor_of(pilot).text
        assert "its spec could not be read" in status_text(app)


async def test_a_draft_is_written_even_while_typing_goes_on(
    open_session: Session, connection: dict[str, Any]
) -> None:
    store = DraftStore()
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = editor_of(pilot)
        end = editor.text.index("Base_Connection") + len("Base_Connection")
        editor.cursor_location = location_of(editor.text, end)
        for key in "abcdefgh":  # a key every 0.2 s: the pause-based save alone never fires
            await pilot.press(key)
            await pilot.pause(0.2)
        draft = store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
        assert draft is not None
        assert "Base_Connectionabc" in draft.text


async def test_quitting_with_a_pending_draft_writes_it(
    open_session: Session, connection: dict[str, Any]
) -> None:
    app = EditorHost(open_session, CONNECTIONS, connection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Typed just before quitting")
        app.exit()
    draft = DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert draft is not None and "Typed just before quitting" in draft.text
