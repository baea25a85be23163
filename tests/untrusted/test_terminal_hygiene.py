"""Terminal hygiene: no colour when none is wanted, a plain message when the screen is too small,
and no record screens stacking up under key repeat."""

from __future__ import annotations

import pytest
from textual import events
from textual.filter import NoColor
from textual.widgets import Static

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.terminal import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen, colourless_terminal
from tests.pilot import wait_until
from tests.untrusted.conftest import SIZE, pane_ready


@pytest.mark.parametrize(
    ("environ", "colourless"),
    [
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "dumb"}, True),
        ({"TERM": "unknown"}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": ""}, False),
        ({}, False),
    ],
)
def test_no_color_and_dumb_terminals_are_colourless(
    environ: dict[str, str], colourless: bool
) -> None:
    assert colourless_terminal(environ) is colourless


async def test_a_dumb_terminal_gets_the_no_colour_filter_alone(
    open_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = FlowTUI(open_session)
    assert app.no_color
    filters = app.get_line_filters()
    assert len(filters) == 1 and isinstance(filters[0], NoColor)


async def test_below_the_smallest_size_the_app_names_the_size_it_needs(
    open_session: Session,
) -> None:
    app = FlowTUI(open_session)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        message = str(app.screen.query_one("#too-small", Static).render())
        assert f"{MIN_WIDTH}x{MIN_HEIGHT}" in message
        assert "40x12" in message
        await pilot.press("escape")  # does not uncover the unusable screen
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.current_pane.table.row_count > 0
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        await pilot.resize_terminal(MIN_WIDTH - 1, MIN_HEIGHT)
        await wait_until(pilot, lambda: isinstance(app.screen, TooSmallScreen))


async def test_key_repeat_of_enter_and_escape_leaves_only_the_main_screen(
    open_session: Session,
) -> None:
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        # A burst, as key repeat over SSH delivers it: every key queued before any is handled.
        for _ in range(250):
            app.post_message(events.Key("enter", "\r"))
            app.post_message(events.Key("escape", "\x1b"))
        for _ in range(60):
            await app.workers.wait_for_complete()
            await pilot.pause(0.02)
        assert [type(screen) for screen in app.screen_stack] == [MainScreen]


async def test_enter_after_the_burst_still_opens_one_record(open_session: Session) -> None:
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        for _ in range(20):
            app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert [type(screen) for screen in app.screen_stack] == [MainScreen, RecordScreen]
        await pilot.press("escape")
        assert [type(screen) for screen in app.screen_stack] == [MainScreen]


async def test_a_click_opens_a_record_after_an_escape_on_the_list(open_session: Session) -> None:
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        await pilot.press("escape")
        main = app.screen
        assert isinstance(main, MainScreen)
        table = main.current_pane.table
        await pilot.click(table, offset=(4, 1))  # the cursor row, just under the header
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert [type(screen) for screen in app.screen_stack] == [MainScreen, RecordScreen]


async def test_enter_in_the_filter_line_then_escape_does_not_swallow_the_next_open(
    open_session: Session,
) -> None:
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        await pilot.press("slash", "c", "enter")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
