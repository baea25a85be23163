"""Opening records: by row, by `:` id, at startup; the pointer line, masking, related links."""

from __future__ import annotations

from typing import Any

from flowtui.api.kinds import FLOW_SPECS, FLOWS, TARGET_CONNECTIONS
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.patching import MASK
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.related import RelatedScreen
from flowtui.tui.widgets.json_view import JsonText
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID, SEED_FLOW_TARGET_CONNECTION_ID, SEED_TARGET_CONNECTION_ID
from tests.tui.conftest import SIZE, make_session


def record_screen(app: FlowTUI) -> RecordScreen:
    assert isinstance(app.screen, RecordScreen)
    return app.screen


def shows_record(app: FlowTUI, record_id: str) -> bool:
    screen = app.screen
    if not isinstance(screen, RecordScreen) or screen.record.get("id") != record_id:
        return False
    views = screen.query(JsonText)
    return bool(views) and bool(views.first().text)


async def test_enter_opens_the_row_and_the_pointer_follows_the_cursor(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.current_pane.table.row_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_ID))
        screen = record_screen(app)
        assert screen.pointer == ""
        text = screen.query_one(JsonText).text
        line = next(i for i, row in enumerate(text.splitlines()) if '"flowSpec"' in row)
        screen.query_one(JsonText).move_cursor((line, 0))
        await pilot.pause()
        assert screen.pointer == "/flowSpec"
        await pilot.press("down")
        assert screen.pointer == "/flowSpec/id"
        status = str(screen.query_one("#record-status").render())
        assert "/flowSpec/id" in status
        assert str(screen.record["etag"]) in status
        await pilot.press("escape")
        assert app.screen is main


async def test_credentials_are_masked(session: Session, emulator_app: Any) -> None:
    raw = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    password = raw["auth"]["params"]["password"]
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, SALESFORCE_CONNECTION_ID))
        screen = record_screen(app)
        text = screen.query_one(JsonText).text
        assert password not in text
        assert f'"password": "{MASK}"' in text
        assert screen.masked_count == 2  # password and securityToken
        assert "2 masked" in str(screen.query_one("#record-status").render())


async def test_a_record_without_secrets_says_nothing_is_masked(session: Session) -> None:
    # The Amazon S3 spec has a secret (secretKey) but the target connection holds none.
    target_id = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"
    app = FlowTUI(session, start=("targetConnections", target_id))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, target_id))
        screen = record_screen(app)
        assert screen.masked_count == 0
        assert "masked" not in str(screen.query_one("#record-status").render())


async def test_start_opens_a_record_directly(session: Session) -> None:
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_ID))
        assert record_screen(app).kind is FLOWS


async def test_colon_kind_jumps_to_its_pane(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"fs", "enter")
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.current_kind is FLOW_SPECS
        await wait_until(pilot, lambda: main.current_pane.table.row_count > 0)


async def test_colon_id_opens_a_record_whose_page_never_loaded(many_records: Any) -> None:
    session = make_session(many_records)
    last = many_records.store.records("prod", "targetConnections")[-1]["id"]
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        assert not main.pane(TARGET_CONNECTIONS).started
        await pilot.press("colon", *last, "enter")
        await wait_until(pilot, lambda: shows_record(app, last))
        assert record_screen(app).kind is TARGET_CONNECTIONS
        await pilot.press("colon", *f"targets {SEED_TARGET_CONNECTION_ID}", "enter")
        await wait_until(pilot, lambda: shows_record(app, SEED_TARGET_CONNECTION_ID))
    await session.client.aclose()


async def test_colon_unknown_id_says_so(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        missing = "00000000-0000-0000-0000-000000000000"
        await pilot.press("colon", *missing, "enter")
        await wait_until(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert any(f"with id {missing}" in m for m in messages)
        assert isinstance(app.screen, MainScreen)


async def test_g_goes_from_the_flow_to_its_target_connection_and_back(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_ID))
        flow_screen = app.screen
        await pilot.press("g")
        related = app.screen
        assert isinstance(related, RelatedScreen)
        key = f"targetConnections:{SEED_FLOW_TARGET_CONNECTION_ID}"
        await wait_until(
            pilot, lambda: key in related.links and related.links[key].name is not None
        )
        assert {"connections", "flowSpecs", "connectionSpecs"} <= {
            link.kind.name for link in related.links.values()
        }
        position = list(related.links).index(key)
        await pilot.press(*["down"] * position, "enter")
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_TARGET_CONNECTION_ID))
        assert record_screen(app).kind is TARGET_CONNECTIONS
        await pilot.press("escape")
        assert app.screen is flow_screen


async def test_read_only_hides_edit_and_toggle(emulator_app: Any) -> None:
    session = make_session(emulator_app, read_only=True)
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_ID))
        screen = record_screen(app)
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert "related" in actions
        assert "edit" not in actions
        assert "toggle_flow" not in actions
        await pilot.press("e", "t")
        assert app.screen is screen
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Read-only session") and "--read-only" in m for m in messages)
    await session.client.aclose()


async def test_specs_have_no_toggle(session: Session) -> None:
    from tests.support import REST_FLOW_SPEC_ID

    app = FlowTUI(session, start=("flowSpecs", REST_FLOW_SPEC_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, REST_FLOW_SPEC_ID))
        actions = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "edit" in actions
        assert "toggle_flow" not in actions
        assert "related" in actions  # a spec's flows or connections (relations both ways)


async def test_help_lists_the_screen_keys(session: Session) -> None:
    from flowtui.tui.screens.help import HelpScreen

    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        descriptions = {row.description for row in app.screen.rows}
        assert {"Filter", "Command", "Reload", "Sort", "Open", "Quit"} <= descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_lists_the_screen_actions(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Filter", "Command", "Reload", "Sort"} <= titles


async def test_start_with_an_id_alone_finds_its_kind(session: Session) -> None:
    app = FlowTUI(session, start=(SEED_TARGET_CONNECTION_ID, None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows_record(app, SEED_TARGET_CONNECTION_ID))
        assert record_screen(app).kind is TARGET_CONNECTIONS


async def test_toggle_shows_the_new_state_and_updates_the_row(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.current_pane.table.row_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows_record(app, SEED_FLOW_ID))
        screen = record_screen(app)
        assert screen.record["state"] == "enabled"
        await pilot.press("t")
        await pilot.pause()
        # prod is protected: the modal opens in the sandbox-name box.
        await pilot.press(*"prod", "enter")
        await wait_until(
            pilot, lambda: app.screen is screen and screen.record["state"] == "disabled"
        )
        await wait_until(pilot, lambda: '"state": "disabled"' in screen.query_one(JsonText).text)
        row = main.current_pane.table.records[SEED_FLOW_ID]
        assert row["state"] == "disabled"
        assert "disabled" in main.current_pane.table.get_row(SEED_FLOW_ID)
