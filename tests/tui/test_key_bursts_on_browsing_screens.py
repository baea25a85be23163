"""Keys typed on the main and record screens in one burst (one terminal read over a slow SSH
link) act in the order typed: what follows ``/`` or ``:`` goes into the prompt it opened, never
to the table or the JSON, and a pane switch earlier in the burst leaves the prompt its focus."""

from __future__ import annotations

from typing import Any

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.command_line import PromptLine
from tests.pilot import until_screen, wait_until
from tests.tui.conftest import SIZE, pane_loaded
from tests.upstream.bursts import post_burst, typed


async def loaded_app(pilot: Any, app: FlowTUI) -> MainScreen:
    """The main screen once its first pane has loaded (tests.pilot's waits)."""
    main: MainScreen = await until_screen(pilot, MainScreen)
    await wait_until(pilot, lambda: pane_loaded(app), "the first pane loaded")
    return main


async def test_text_typed_with_the_slash_goes_to_the_filter(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = await loaded_app(pilot, app)
        post_burst(app, ["slash", *typed("win")])
        prompt = main.query_one("#filter", PromptLine)
        await wait_until(pilot, lambda: main.current_pane.table.needle == "win", "the filter")
        assert prompt.value == "win" and main.focused is prompt


async def test_a_pane_switch_in_the_burst_leaves_the_prompt_focused(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = await loaded_app(pilot, app)
        post_burst(app, ["2", "slash", *typed("win")])
        connections = KINDS_BY_NAME["connections"]
        await wait_until(pilot, lambda: main.pane(connections).table.needle == "win", "filter")
        await pilot.pause(0.2)  # the switched-to pane's own focus request has been drawn
        prompt = main.query_one("#filter", PromptLine)
        assert main.current_kind is connections
        assert prompt.value == "win" and main.focused is prompt


async def test_enter_at_the_end_of_the_burst_applies_the_filter_not_a_record(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = await loaded_app(pilot, app)
        post_burst(app, ["slash", *typed("daily"), "enter"])
        table = main.current_pane.table
        await wait_until(pilot, lambda: table.needle == "daily" and main.focused is table)
        await pilot.pause(0.2)
        assert isinstance(app.screen, MainScreen), "enter opened a record instead"
        assert table.row_count > 0


async def test_a_command_typed_with_the_colon_runs_as_typed(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = await loaded_app(pilot, app)
        post_burst(app, ["colon", *typed("targetConnections"), "enter"])
        targets = KINDS_BY_NAME["targetConnections"]
        await wait_until(pilot, lambda: main.current_kind is targets, "the jump to targets")
        await wait_until(pilot, lambda: main.focused is main.pane(targets).table, "its focus")
        assert not isinstance(app.screen, RecordScreen)


async def test_text_typed_with_the_slash_on_a_record_goes_to_its_search(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await loaded_app(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        record = app.screen
        post_burst(app, ["slash", *typed("etag")])
        prompt = record.query_one("#record-search", PromptLine)
        await wait_until(pilot, lambda: prompt.value == "etag", "the search text")
        assert record.focused is prompt and app.screen is record
