"""Relations both ways: from a base connection, a connection spec and a flow spec, the picker
lists what points at them, found by property filters the service (the emulator) takes."""

from __future__ import annotations

from typing import Any

from flowtui.api.kinds import (
    CONNECTION_SPECS,
    CONNECTIONS,
    FLOW_SPECS,
    FLOWS,
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    ResourceKind,
)
from flowtui.api.property_filter import refusal_of
from flowtui.emulator.fixtures.ids import (
    DESTINATION_FLOW_SPEC_ID,
    EDIT_TARGET_CONNECTION_ID,
    S3_AUDIENCE_FLOW_ID,
    S3_BASE_CONNECTION_ID,
    S3_SPEC_ID,
    S3_TARGET_CONNECTION_ID,
    WINTER_FLOW_ID,
)
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.related import RelatedScreen, reverse_queries
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


async def picker_for(app: FlowTUI, pilot: Any, kind: ResourceKind, record_id: str) -> RelatedScreen:
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, RecordScreen) and app.screen.record.get("id") == record_id,
    )
    await pilot.press("g")
    await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
    picker = app.screen
    assert isinstance(picker, RelatedScreen)
    await wait_until(pilot, lambda: picker.filled, "every query answered")
    return picker


def test_every_backward_filter_is_one_the_client_lets_through() -> None:
    for kind in (CONNECTIONS, SOURCE_CONNECTIONS, TARGET_CONNECTIONS, CONNECTION_SPECS, FLOW_SPECS):
        queries = reverse_queries(kind, "0b23e41a-cb4a-4321-a78f-3b654f5d7d97")
        assert queries, kind.name
        for _, listed, expression in queries:
            assert refusal_of(listed.name, expression) is None, expression


async def test_a_base_connection_lists_its_target_connections_and_the_flows_using_them(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connections", S3_BASE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        picker = await picker_for(app, pilot, CONNECTIONS, S3_BASE_CONNECTION_ID)
        links = picker.links
        assert f"targetConnections:{S3_TARGET_CONNECTION_ID}" in links
        assert f"targetConnections:{EDIT_TARGET_CONNECTION_ID}" in links
        assert f"flows:{S3_AUDIENCE_FLOW_ID}" in links
        assert f"flows:{WINTER_FLOW_ID}" in links
        assert f"connectionSpecs:{S3_SPEC_ID}" in links  # and its own spec, forward
        using = links[f"flows:{S3_AUDIENCE_FLOW_ID}"]
        assert using.name is not None and "Amazon S3" in using.name  # named from the list
        assert not any(link.kind is SOURCE_CONNECTIONS for link in links.values())


async def test_a_target_connection_lists_the_flows_that_use_it(session: Session) -> None:
    app = FlowTUI(session, start=("targetConnections", EDIT_TARGET_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        picker = await picker_for(app, pilot, TARGET_CONNECTIONS, EDIT_TARGET_CONNECTION_ID)
        flows = [link for link in picker.links.values() if link.kind is FLOWS]
        assert [link.record_id for link in flows] == [S3_AUDIENCE_FLOW_ID]
        picker.dismiss((FLOWS, S3_AUDIENCE_FLOW_ID))
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordScreen)
                and app.screen.record.get("id") == S3_AUDIENCE_FLOW_ID
            ),
        )


async def test_a_connection_spec_lists_its_connections_and_opens_them_as_a_list(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connectionSpecs", S3_SPEC_ID))
    async with app.run_test(size=SIZE) as pilot:
        picker = await picker_for(app, pilot, CONNECTION_SPECS, S3_SPEC_ID)
        assert f"connections:{S3_BASE_CONNECTION_ID}" in picker.links
        targets = [
            link
            for link in picker.links.values()
            if link.kind is TARGET_CONNECTIONS and link.property_filter is None
        ]
        assert len(targets) >= 2
        whole = f"targetConnections?connectionSpec.id=={S3_SPEC_ID}"
        assert whole in picker.links
        options = picker.query_one("OptionList")
        options.highlighted = options.get_option_index(whole)  # type: ignore[attr-defined]
        await pilot.press("enter")
        main = app.main_screen
        assert isinstance(main, MainScreen)
        await wait_until(
            pilot, lambda: app.screen is main and pane_loaded(app, "targetConnections")
        )
        pane = main.pane(TARGET_CONNECTIONS)
        assert pane.query_filter.property_filter == f"connectionSpec.id=={S3_SPEC_ID}"
        assert pane.table.row_count == len(targets)


async def test_a_flow_spec_lists_its_flows(session: Session) -> None:
    app = FlowTUI(session, start=("flowSpecs", DESTINATION_FLOW_SPEC_ID))
    async with app.run_test(size=SIZE) as pilot:
        picker = await picker_for(app, pilot, FLOW_SPECS, DESTINATION_FLOW_SPEC_ID)
        flows = {link.record_id for link in picker.links.values() if link.kind is FLOWS}
        assert {WINTER_FLOW_ID, S3_AUDIENCE_FLOW_ID} <= flows
        assert all(link.name for link in picker.links.values())
