"""Ids as the tables show them, in the app: `:` and `flowtui open` take a unique prefix; an
ambiguous one lists its candidates; an id that lives in another sandbox says where, and enter
goes there."""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any

from flowtui.api.kinds import FLOWS, KINDS, TARGET_CONNECTIONS
from flowtui.demo import emulator_session
from flowtui.emulator.fixtures import EDIT_TARGET_CONNECTION_ID, WINTER_FLOW_ID
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.choice import ChoiceModal
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


def notices(app: FlowTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


def opened(app: FlowTUI, record_id: str) -> bool:
    screen = app.screen
    return isinstance(screen, RecordScreen) and screen.record.get("id") == record_id


async def test_eight_characters_open_the_record(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("colon", *EDIT_TARGET_CONNECTION_ID[:8], "enter")
        await wait_until(pilot, lambda: opened(app, EDIT_TARGET_CONNECTION_ID))
        screen = app.screen
        assert isinstance(screen, RecordScreen) and screen.kind is TARGET_CONNECTIONS


async def test_flowtui_open_takes_a_prefix(session: Session) -> None:
    app = FlowTUI(session, start=(WINTER_FLOW_ID[:8], None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: opened(app, WINTER_FLOW_ID))


async def test_a_kind_and_a_prefix_open_the_record(session: Session) -> None:
    app = FlowTUI(session, start=("flows", WINTER_FLOW_ID[:8]))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: opened(app, WINTER_FLOW_ID))
        screen = app.screen
        assert isinstance(screen, RecordScreen) and screen.kind is FLOWS


async def test_an_id_in_another_sandbox_says_where_and_enter_goes_there(
    emulator_app: Any,
) -> None:
    session = emulator_session(emulator_app, sandbox="dev")
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("colon", *WINTER_FLOW_ID[:8], "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        question = app.screen
        assert isinstance(question, ChoiceModal)
        assert "found in sandbox prod" in question.title_text
        await pilot.press("enter")
        await wait_until(pilot, lambda: opened(app, WINTER_FLOW_ID))
        assert app.session.sandbox == "prod" and app.session.sandbox_is_protected
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.session.sandbox == "prod"
    await session.client.aclose()


async def test_escape_stays_in_the_sandbox(emulator_app: Any) -> None:
    session = emulator_session(emulator_app, sandbox="dev")
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("colon", *WINTER_FLOW_ID, "enter")  # a whole id: a cross-sandbox read
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.session is session
    await session.client.aclose()


async def test_an_ambiguous_prefix_lists_the_candidates_to_pick(
    session: Session, emulator_app: Any
) -> None:
    ids = [r["id"] for k in KINDS for r in emulator_app.store.records("prod", k.name)]
    first, count = Counter(i[0] for i in ids).most_common(1)[0]
    assert count > 1
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        for number, kind in enumerate(KINDS, start=1):  # every pane loaded: all rows searched
            await pilot.press(str(number))
            await wait_until(pilot, partial(pane_loaded, app, kind.name))
        await pilot.press("colon", first, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        picker = app.screen
        assert isinstance(picker, ChoiceModal)
        assert len(picker.choices) == count
        assert f"{count} records have an id starting with {first}" in picker.title_text
        chosen = picker.choices[0][0].rsplit("/", 1)[1]
        assert chosen[:8] in picker.choices[0][1]
        await pilot.press("enter")
        await wait_until(pilot, lambda: opened(app, chosen))


async def test_an_unknown_prefix_says_what_was_searched(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("colon", *"0000000z", "enter")
        await wait_until(pilot, lambda: any("0000000z" in n for n in notices(app)))
        said = next(n for n in notices(app) if "0000000z" in n)
        assert "searched" in said and "dev" in said
