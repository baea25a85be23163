"""The `/` and `:` prompts: what the footer offers while one is open, and what typing does."""

from __future__ import annotations

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.command_line import PromptLine
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


def offered(app: FlowTUI) -> set[str]:
    """Descriptions of the keys the footer shows right now."""
    return {
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.show
    }


async def test_an_open_prompt_does_not_offer_the_prompt_keys(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        assert {"Filter", "Command"} <= offered(app)
        await pilot.press("colon")
        prompt = app.focused
        assert isinstance(prompt, PromptLine)
        assert "Filter" not in offered(app)
        assert "Cancel" in offered(app)
        # `/` is text here: it goes into the command line, it does not open the filter.
        await pilot.press("f", "slash", "x")
        assert prompt.value == "f/x"
        await pilot.press("escape")
        main = app.screen
        assert isinstance(main, MainScreen)
        assert app.focused is main.current_pane.table
        assert {"Filter", "Command"} <= offered(app)


async def test_a_single_equals_that_matches_nothing_points_at_double_equals(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        main = app.screen
        assert isinstance(main, MainScreen)
        pane = main.current_pane
        await pilot.press("slash", *"state=enabled", "enter")
        await wait_until(pilot, lambda: pane.table.needle == "state=enabled")
        assert "(no match)  == filters by property" in pane.status_text().plain
        await pilot.press("slash", "ctrl+u", *"winter", "enter")
        await wait_until(pilot, lambda: pane.table.needle == "winter")
        assert "==" not in pane.status_text().plain
