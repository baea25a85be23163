"""Runs: the Runs pane (key 7), its status filter, a run's record view, a flow's runs."""

from __future__ import annotations

import inspect
from typing import Any

from flowtui.api.kinds import FLOWS, RUN_STATUS_PATH, RUNS, TARGET_CONNECTIONS, value_at
from flowtui.emulator.fixtures.ids import EDIT_TARGET_CONNECTION_ID, S3_AUDIENCE_FLOW_ID
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.related import RelatedScreen
from flowtui.tui.widgets.command_line import JumpTo, OpenRecord, parse_command
from flowtui.tui.widgets.run_summary import RunSummary, run_summary_text
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


def main_of(app: FlowTUI) -> MainScreen:
    main = app.main_screen
    assert main is not None
    return main


def shows(app: FlowTUI, kind_name: str, record_id: str) -> bool:
    screen = app.screen
    return (
        isinstance(screen, RecordScreen)
        and screen.kind.name == kind_name
        and screen.record.get("id") == record_id
    )


async def filter_failed_runs(app: FlowTUI, pilot: Any) -> None:
    await pilot.press("7")
    await wait_until(pilot, lambda: pane_loaded(app, "runs"))
    await pilot.press("slash", *"status==Failed", "enter")
    pane = main_of(app).pane(RUNS)
    await wait_until(
        pilot,
        lambda: pane.query_filter.property_filter is not None and pane_loaded(app, "runs"),
    )


async def test_key_7_lists_runs_newest_first_with_status_duration_and_counts(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await pilot.press("7")
        await wait_until(pilot, lambda: pane_loaded(app, "runs"))
        main = main_of(app)
        assert main.current_kind is RUNS
        table = main.pane(RUNS).table
        assert table.row_count > 10
        records = [table.records.get(i) for i in table.shown_ids]
        started = [value_at(r, "metrics.durationSummary.startedAtUTC") for r in records]
        assert started == sorted(started, reverse=True)
        headers = [c.header for c in RUNS.columns]
        completed = next(
            i
            for i, r in enumerate(records)
            if value_at(r, "metrics.durationSummary.completedAtUTC")
        )
        cells = dict(zip(headers, table.cells(table.shown_ids[completed]), strict=True))
        assert cells["Status"] in ("Success", "Failed")
        assert cells["Started"][:2] == "20" and ":" in cells["Started"]  # a date, not ms
        assert cells["Duration"].endswith(("s", "m")) and not cells["Duration"].isdigit()
        assert cells["Read"].isdigit()


async def test_status_filter_lists_only_failed_runs_and_their_errors(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await filter_failed_runs(app, pilot)
        pane = main_of(app).pane(RUNS)
        assert pane.query_filter.property_filter == f"{RUN_STATUS_PATH}==Failed"
        table = pane.table
        assert table.row_count > 0
        statuses = {value_at(table.records.get(i), RUN_STATUS_PATH) for i in table.shown_ids}
        assert statuses == {"Failed"}
        error_column = [c.header for c in RUNS.columns].index("Error")
        assert table.cells(table.shown_ids[0])[error_column]  # the error summary shows


async def test_failed_run_opens_with_a_summary_of_its_errors_and_no_edit_keys(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await filter_failed_runs(app, pilot)
        run_id = main_of(app).pane(RUNS).table.current_id
        assert run_id is not None
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows(app, "runs", run_id))
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        summary = screen.query_one(RunSummary)
        await wait_until(pilot, lambda: "Failed" in str(summary.render()))
        text = str(summary.render())
        errors = value_at(screen.record, "metrics.statusSummary.errors")
        assert errors and errors[0]["code"] in text
        assert "read " in text and "failed " in text and "took " in text
        assert screen.check_action("edit", ()) is False
        assert screen.check_action("toggle_flow", ()) is False
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen  # no editor opened


def test_summary_shows_outside_text_plainly() -> None:
    run = {
        "metrics": {
            "statusSummary": {
                "status": "Failed",
                "errors": [{"code": "[bold]X\x1b[31m", "message": "bad\u202eend"}],
            },
            "durationSummary": {"startedAtUTC": 1_700_000_000_000},
        }
    }
    text = run_summary_text(run)
    assert "\x1b" not in text.plain and "\u202e" not in text.plain
    assert "[bold]X" in text.plain  # markup characters are text, not style
    assert "still running" in text.plain


async def test_g_from_a_failed_run_reaches_its_flow_then_the_flows_target_connection(
    session: Session,
) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        await filter_failed_runs(app, pilot)
        table = main_of(app).pane(RUNS).table
        s3_run = next(
            i for i in table.shown_ids if table.records.get(i)["flowId"] == S3_AUDIENCE_FLOW_ID
        )
        table.select_id(s3_run)
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows(app, "runs", s3_run))
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        related = app.screen
        assert isinstance(related, RelatedScreen)
        assert f"flows:{S3_AUDIENCE_FLOW_ID}" in related.links
        await pilot.press("enter")  # the flow is the first link
        await wait_until(pilot, lambda: shows(app, FLOWS.name, S3_AUDIENCE_FLOW_ID))
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        picker = app.screen
        assert isinstance(picker, RelatedScreen)
        key = f"{TARGET_CONNECTIONS.name}:{EDIT_TARGET_CONNECTION_ID}"
        assert key in picker.links
        picker.dismiss((TARGET_CONNECTIONS, EDIT_TARGET_CONNECTION_ID))
        await wait_until(
            pilot, lambda: shows(app, TARGET_CONNECTIONS.name, EDIT_TARGET_CONNECTION_ID)
        )


async def test_R_on_a_flow_lists_its_runs_in_the_runs_pane(session: Session) -> None:
    app = FlowTUI(session, start=("flows", S3_AUDIENCE_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows(app, "flows", S3_AUDIENCE_FLOW_ID))
        await pilot.press("R")
        main = main_of(app)
        await wait_until(pilot, lambda: app.screen is main and pane_loaded(app, "runs"))
        pane = main.pane(RUNS)
        assert main.current_kind is RUNS
        assert pane.query_filter.property_filter == f"flowId=={S3_AUDIENCE_FLOW_ID}"
        flows = {pane.table.records.get(i)["flowId"] for i in pane.table.shown_ids}
        assert flows == {S3_AUDIENCE_FLOW_ID}
        assert pane.table.row_count >= 10


async def test_a_flows_related_picker_offers_its_runs(session: Session) -> None:
    app = FlowTUI(session, start=("flows", S3_AUDIENCE_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: shows(app, "flows", S3_AUDIENCE_FLOW_ID))
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        picker = app.screen
        assert isinstance(picker, RelatedScreen)
        key = f"runs?flowId=={S3_AUDIENCE_FLOW_ID}"
        assert key in picker.links
        options = picker.query_one("OptionList")
        options.highlighted = options.get_option_index(key)  # type: ignore[attr-defined]
        await pilot.press("enter")
        main = main_of(app)
        await wait_until(pilot, lambda: app.screen is main and pane_loaded(app, "runs"))
        assert main.pane(RUNS).query_filter.property_filter == f"flowId=={S3_AUDIENCE_FLOW_ID}"


def test_runs_is_a_kind_for_the_command_line() -> None:
    command = parse_command("runs")
    assert isinstance(command, JumpTo) and command.kind is RUNS
    opened = parse_command("run 0b23e41a-cb4a-4321-a78f-3b654f5d7d97")
    assert isinstance(opened, OpenRecord) and opened.kind is RUNS


async def test_the_palette_offers_the_runs_pane(session: Session) -> None:
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Runs pane" in commands
        outcome = commands["Runs pane"].callback()
        if inspect.isawaitable(outcome):
            await outcome
        await wait_until(pilot, lambda: main_of(app).current_kind is RUNS)
