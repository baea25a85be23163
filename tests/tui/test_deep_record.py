"""A record nested 5,000 deep: the page loads, it opens read-only saying why, reload works."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.emulator.hostile import DEEP_ID, HOSTILE_RECORDS, hostile_app
from flowtui.exactjson import MAX_DEPTH, TooDeepValue, too_deep_pointers
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.json_view import JsonText
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, make_session


@pytest.fixture
async def hostile_session() -> Any:
    made = make_session(hostile_app())
    yield made
    await made.client.aclose()


def _deep_screen(app: FlowTUI) -> RecordScreen | None:
    screen = app.screen
    if not isinstance(screen, RecordScreen) or screen.record.get("id") != DEEP_ID:
        return None
    return screen if screen.query(JsonText) and screen.query_one(JsonText).text else None


async def test_the_flows_page_holding_a_too_deep_record_loads_every_row(
    hostile_session: Session,
) -> None:
    app = FlowTUI(hostile_session)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        wanted = {r.id for r in HOSTILE_RECORDS if r.kind == "flows"}

        def loaded() -> set[str]:
            return {str(key) for key in main.current_pane.table.records} & wanted

        await wait_until(pilot, lambda: loaded() == wanted)
        assert main.current_pane.table.row_count >= len(wanted)


async def test_the_too_deep_record_opens_read_only_and_names_the_limit(
    hostile_session: Session,
) -> None:
    app = FlowTUI(hostile_session, start=("flows", DEEP_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: _deep_screen(app) is not None)
        screen = _deep_screen(app)
        assert screen is not None
        text = screen.query_one(JsonText).text
        assert "deeper than 128 levels" in text  # the cut part says so where it was
        assert '"name": "5,000-deep array"' in text
        assert f"deeper than {MAX_DEPTH} levels" in str(screen.query_one("#record-status").render())
        assert not screen.check_action("edit", ())
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)


async def test_reloading_the_too_deep_record_shows_it_again(hostile_session: Session) -> None:
    app = FlowTUI(hostile_session, start=("flows", DEEP_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: _deep_screen(app) is not None)
        first = _deep_screen(app)
        assert first is not None
        before = first.record
        await pilot.press("r")

        def reloaded() -> bool:
            screen = _deep_screen(app)
            return screen is not None and screen.record is not before

        await wait_until(pilot, reloaded)
        again = _deep_screen(app)
        assert again is not None
        (pointer,) = too_deep_pointers(again.record)
        assert pointer.startswith("/nested/")
        assert app.is_running


async def test_the_edit_model_refuses_to_submit_a_too_deep_record(
    hostile_session: Session,
) -> None:
    from flowtui.api.kinds import FLOWS
    from flowtui.edits.editing import EditSession

    record = await hostile_session.client.get(FLOWS, DEEP_ID)
    edit = EditSession(FLOWS, record)
    state = edit.evaluate(edit.initial_text().replace("5,000-deep array", "renamed", 1))
    assert not state.submittable
    assert any(f"deeper than {MAX_DEPTH} levels" in str(p) for p in state.problems)
    cut = [v for v in _leaves(record) if isinstance(v, TooDeepValue)]
    assert len(cut) == 1


def _leaves(value: Any) -> list[Any]:
    found: list[Any] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        else:
            found.append(node)
    return found
