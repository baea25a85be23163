"""The restore offer: what, how old, whether the server moved; nothing lost by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Button, Static

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.store.drafts import Draft, DraftStore
from flowtui.tui.screens.draft_restore import (
    CREDENTIAL_NOTE,
    DraftRestoreModal,
    ask_about_draft,
    changed_on_server,
    describe_age,
    drafts_of_session,
)
from tests.pilot import HostApp

SAVED_AT = 1_764_000_000.0


def make_draft(**kw: object) -> Draft:
    fields: dict[str, object] = {
        "profile": "demo",
        "org_id": "DEMO0000000000000000000@AdobeOrg",
        "sandbox": "prod",
        "kind": "connections",
        "record_id": SALESFORCE_CONNECTION_ID,
        "name": "E2E_SF Base_Connection",
        "base_etag": '"old-etag"',
        "base": {"id": SALESFORCE_CONNECTION_ID, "name": "E2E_SF Base_Connection"},
        "text": '{"name": "typed"}',
        "saved_at": SAVED_AT,
    }
    fields.update(kw)
    return Draft(**fields)  # type: ignore[arg-type]


def modal_app(changed: bool | None = False) -> HostApp:
    return HostApp(lambda: DraftRestoreModal(make_draft(), changed, now=SAVED_AT + 180))


def text_of(app: HostApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_it_shows_the_record_its_age_and_the_credential_note() -> None:
    app = modal_app(changed=False)
    async with app.run_test(size=(80, 24)):
        record = text_of(app, "#draft-record")
        assert "E2E_SF Base_Connection" in record and SALESFORCE_CONNECTION_ID in record
        assert "sandbox prod" in record
        assert "Saved 3 minutes ago." in record
        assert "unchanged on the server" in text_of(app, "#draft-server")
        assert text_of(app, "#draft-credentials") == CREDENTIAL_NOTE
        assert "0600" in CREDENTIAL_NOTE


@pytest.mark.parametrize(
    ("changed", "words"),
    [(True, "changed on the server"), (None, "Could not check")],
)
async def test_it_says_whether_the_record_changed_on_the_server(
    changed: bool | None, words: str
) -> None:
    app = modal_app(changed=changed)
    async with app.run_test(size=(80, 24)):
        assert words in text_of(app, "#draft-server")


async def test_focus_starts_on_later_so_enter_decides_nothing() -> None:
    app = modal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is not None and app.focused.id == "later"
        await pilot.press("enter")
        assert app.results == ["later"]


async def test_r_restores() -> None:
    app = modal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert app.results == ["restore"]


async def test_restore_button_restores() -> None:
    app = modal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#restore")
        assert app.results == ["restore"]


async def test_discard_asks_once_before_discarding() -> None:
    app = modal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert app.results == []
        assert isinstance(app.screen, DraftRestoreModal)
        assert app.screen.query_one("#draft-confirm").display
        assert str(app.screen.query_one("#discard", Button).label) == "Confirm"
        await pilot.press("d")
        assert app.results == ["discard"]


async def test_discard_by_buttons_needs_two_presses_and_escape_backs_out() -> None:
    app = modal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#discard")
        assert app.results == []
        await pilot.press("escape")
        assert app.results == ["later"]


async def test_the_whole_dialog_fits_80_by_24() -> None:
    app = modal_app(changed=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        for button_id in ("#restore", "#discard", "#later"):
            region = app.screen.query_one(button_id).region
            assert region.bottom <= 24 and region.right <= 80, button_id


def test_age_reads_like_a_person_would_say_it() -> None:
    assert describe_age(3) == "just now"
    assert describe_age(42) == "42 seconds ago"
    assert describe_age(60) == "1 minute ago"
    assert describe_age(180) == "3 minutes ago"
    assert describe_age(2 * 3600 + 5) == "2 hours ago"
    assert describe_age(3 * 86400) == "3 days ago"
    assert describe_age(-5) == "just now"


async def test_changed_on_server_compares_the_etag_the_edit_started_from() -> None:
    from flowtui.api.kinds import CONNECTIONS
    from flowtui.demo import emulator_session
    from flowtui.emulator import create_app

    emulator = create_app()
    session = emulator_session(emulator)
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    draft = make_draft(base_etag=record["etag"], base=record)
    assert await changed_on_server(session.client, draft) is False

    emulator.store.touch(
        "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "someone else"}
    )
    assert await changed_on_server(session.client, draft) is True

    gone = make_draft(record_id="00000000-0000-0000-0000-000000000000")
    assert await changed_on_server(session.client, gone) is None
    await session.client.aclose()


async def test_changed_on_server_compares_spec_bodies() -> None:
    from flowtui.api.kinds import FLOW_SPECS
    from flowtui.demo import emulator_session

    session = emulator_session()
    spec_id = "6499120c-0b15-42dc-936e-847ea3c24d72"
    spec = await session.client.get(FLOW_SPECS, spec_id)
    draft = make_draft(kind="flowSpecs", record_id=spec_id, base_etag=None, base=spec)
    assert await changed_on_server(session.client, draft) is False
    changed = make_draft(
        kind="flowSpecs", record_id=spec_id, base_etag=None, base={**spec, "name": "older name"}
    )
    assert await changed_on_server(session.client, changed) is True
    await session.client.aclose()


async def test_ask_about_draft_checks_the_server_and_discard_deletes_the_draft(
    tmp_path: Path,
) -> None:
    from flowtui.api.kinds import CONNECTIONS
    from flowtui.demo import emulator_session
    from flowtui.emulator import create_app

    emulator = create_app()
    session = emulator_session(emulator)
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    store = DraftStore(tmp_path / "drafts")
    draft = make_draft(base_etag=record["etag"], base=record, org_id=session.org_id)
    store.save(draft)
    emulator.store.touch(
        "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "someone else"}
    )

    choices: list[str] = []
    app = HostApp(lambda: Screen(), session)

    async def ask() -> None:
        choices.append(await ask_about_draft(app, session, draft, store))

    async with app.run_test(size=(80, 24)) as pilot:
        app.run_worker(ask())
        await pilot.pause()
        for _ in range(50):  # the server check is a real request to the emulator
            if isinstance(app.screen, DraftRestoreModal):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, DraftRestoreModal)
        assert app.screen.changed_on_server is True
        assert store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is not None
        await pilot.press("d", "d")
        await pilot.pause()
    assert choices == ["discard"]
    assert store.find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is None
    await session.client.aclose()


async def test_drafts_of_session_are_those_of_its_profile_org_and_sandbox(
    tmp_path: Path,
) -> None:
    from flowtui.demo import emulator_session

    session = emulator_session()
    store = DraftStore(tmp_path / "drafts")
    mine = make_draft(org_id=session.org_id, record_id="mine")
    store.save(mine)
    store.save(make_draft(org_id=session.org_id, record_id="dev", sandbox="dev"))
    store.save(make_draft(org_id=session.org_id, record_id="ops", profile="ops"))
    store.save(make_draft(org_id="OTHER@AdobeOrg", record_id="other-org"))
    assert drafts_of_session(session, store) == [mine]
    read_only = emulator_session(read_only=True)
    assert drafts_of_session(read_only, store) == []
    await session.client.aclose()
    await read_only.client.aclose()
