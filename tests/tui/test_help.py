"""The help screen: app keys first, then the screen's own, then movement; prompts where bound."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.help import EVERYWHERE, MOVING, THIS_SCREEN, HelpScreen, KeyRow
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.related import RelatedScreen
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.tui.conftest import SIZE, pane_loaded


def groups_in_order(rows: list[KeyRow]) -> list[str]:
    order: list[str] = []
    for row in rows:
        if not order or order[-1] != row.group:
            order.append(row.group)
    return order


def described(rows: list[KeyRow], group: str) -> dict[str, str]:
    return {row.description: row.keys for row in rows if row.group == group}


async def test_help_puts_app_keys_first_and_widget_keys_last(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_screen.rows
        assert groups_in_order(rows) == [EVERYWHERE, THIS_SCREEN, MOVING]
        assert described(rows, EVERYWHERE)["Quit"] == "^q"
        screen_keys = described(rows, THIS_SCREEN)
        assert {"Open", "Filter", "Command", "Reload", "Sort", "Flows pane"} <= set(screen_keys)
        # Textual's focus keys are movement, not one of this screen's actions.
        assert "Focus Next" not in screen_keys
        assert "Cursor down" in described(rows, MOVING)
        # The main screen has both prompts, so both forms are explained.
        assert {keys for keys, _ in help_screen.prompts} >= {":ID", "/state==enabled"}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_help_of_a_record_explains_its_search_and_jump_forms(session: Session) -> None:
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert {"Edit", "Related", "Copy path", "Back"} <= set(
            described(help_screen.rows, THIS_SCREEN)
        )
        prompt_keys = {keys for keys, _ in help_screen.prompts}
        assert ":ID" in prompt_keys
        # `/` searches the record, so the list filter's forms are not explained here.
        assert "/state==enabled" not in prompt_keys
        assert {"/text", ":/auth/params", ":42"} <= prompt_keys


async def test_help_of_the_editor_lists_the_editor_keys(session: Session) -> None:
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        text_before = editor.query_one(TextArea).text
        # `?` is text inside the editor, so help is on f1 there.
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_screen.rows
        assert groups_in_order(rows)[:2] == [EVERYWHERE, THIS_SCREEN]
        assert described(rows, THIS_SCREEN) == {
            "Review & submit": "^s",
            "$EDITOR": "^e",
            "Leave": "esc",
            "These keys": "f1",
            "Go to line": "^g",
            "Find": "^f",
            "Next": "f3",
            "Previous": "shift+f3",
        }
        assert "Undo" in described(rows, MOVING)
        assert help_screen.prompts == []
        await pilot.press("escape")
        assert app.screen is editor
        assert isinstance(app.focused, TextArea)
        assert app.focused.text == text_before, "f1 typed into the record"


async def test_a_filtered_pane_says_how_to_clear_it(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        main = app.screen
        assert isinstance(main, MainScreen)
        pane = main.current_pane
        assert "esc clears" not in pane.status_text().plain
        await pilot.press("slash", *"winter", "enter")
        await wait_until(pilot, lambda: pane.table.needle == "winter")
        assert "/winter (1 match)  esc clears" in pane.status_text().plain
        await pilot.press("slash", "ctrl+u", *"no such flow", "enter")
        await wait_until(pilot, lambda: pane.table.needle == "no such flow")
        assert "(no match)" in pane.status_text().plain
        await pilot.press("escape")
        await wait_until(pilot, lambda: not pane.table.needle)
        assert "esc clears" not in pane.status_text().plain


async def test_help_opens_over_the_related_picker_and_comes_back(session: Session) -> None:
    app = FlowTUI(session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        related = app.screen
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Back" in described(help_screen.rows, THIS_SCREEN)
        await pilot.press("escape")
        assert app.screen is related
        assert isinstance(app.focused, OptionList)
