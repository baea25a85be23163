"""Switching sandbox in place: `:sandbox NAME` and the palette's Switch sandbox move the
header, the panes, protection, drafts and `u` to the other sandbox; an unknown name says
which sandboxes there are and changes nothing."""

from __future__ import annotations

import time
from typing import Any

from flowtui.api.kinds import FLOWS
from flowtui.emulator.fixtures import DEV_FLOW_ID, WINTER_FLOW_ID
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.choice import ChoiceModal
from flowtui.tui.screens.draft_restore import DraftRestoreModal
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.session_header import SessionHeader
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


def notices(app: FlowTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


def header(app: FlowTUI) -> str:
    return app.screen.query_one(SessionHeader).header_text().plain


def flow_ids(app: FlowTUI) -> set[str]:
    assert isinstance(app.screen, MainScreen)
    return set(app.screen.pane(FLOWS).table.records)


async def test_sandbox_command_moves_header_panes_and_protection(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        assert WINTER_FLOW_ID in flow_ids(app)
        assert " PROD " in header(app)
        await pilot.press("colon", *"sandbox dev", "enter")
        await wait_until(pilot, lambda: app.session.sandbox == "dev" and pane_loaded(app))
        assert flow_ids(app) == {DEV_FLOW_ID}
        assert " dev " in header(app) and "PROD" not in header(app)
        main = app.screen
        assert isinstance(main, MainScreen) and main.focused is main.pane(FLOWS).table
        assert not app.session.sandbox_is_protected
        assert app.session.client.sandbox == "dev"
        assert app.session.profile == session.profile
        await pilot.press("colon", *"sandbox prod", "enter")
        await wait_until(pilot, lambda: app.session.sandbox == "prod" and pane_loaded(app))
        assert WINTER_FLOW_ID in flow_ids(app) and app.session.sandbox_is_protected


async def test_an_unknown_sandbox_says_which_exist_and_changes_nothing(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("colon", *"sandbox staging", "enter")
        await wait_until(pilot, lambda: any("staging" in n for n in notices(app)))
        said = next(n for n in notices(app) if "staging" in n)
        assert "dev" in said and "prod" in said
        assert app.session is session
        assert WINTER_FLOW_ID in flow_ids(app)


async def test_the_palette_entry_picks_from_the_known_sandboxes(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"switch sandbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        picker = app.screen
        assert isinstance(picker, ChoiceModal)
        assert [value for value, _ in picker.choices] == ["prod", "dev"]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.session.sandbox == "dev" and pane_loaded(app))
        assert flow_ids(app) == {DEV_FLOW_ID}


async def test_switching_closes_the_record_and_offers_the_new_sandboxs_drafts(
    session: Session,
) -> None:
    draft = Draft(
        session.profile, session.org_id, "dev", "flows", DEV_FLOW_ID, "dev flow",
        None, {"id": DEV_FLOW_ID}, "{}", time.time(),
    )  # fmt: skip
    DraftStore().save(draft)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.press("colon", *"sandbox dev", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DraftRestoreModal))
        assert app.session.sandbox == "dev"
        assert not any(isinstance(s, RecordScreen) for s in app.screen_stack)


async def test_a_switch_forgets_the_last_submit_for_u(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        app.last_submit = object()  # type: ignore[assignment]
        await pilot.press("colon", *"sandbox dev", "enter")
        await wait_until(pilot, lambda: app.session.sandbox == "dev")
        assert app.last_submit is None
        assert not app.check_action("undo_last", ())


def test_sandbox_line_parses(emulator_app: Any) -> None:
    from flowtui.tui.widgets.command_line import CommandProblem, SwitchSandbox, parse_command

    assert parse_command("sandbox dev") == SwitchSandbox("dev")
    assert parse_command("sandbox") == SwitchSandbox(None)
    assert isinstance(parse_command("sandbox a b"), CommandProblem)
