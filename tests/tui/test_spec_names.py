"""Names over ids: spec columns show spec names (read once per client), and names cut to a
column keep what tells them apart."""

from __future__ import annotations

from rich.cells import cell_len

from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, FLOW_SPECS, FLOWS
from flowtui.edits.spec_names import spec_names
from flowtui.emulator.fixtures.ids import (
    DESTINATION_FLOW_SPEC_ID,
    S3_BASE_CONNECTION_ID,
    S3_SPEC_ID,
)
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.widgets.cells import fit, fit_apart, keep_end
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.tui.conftest import SIZE, pane_loaded

LATAM = {
    "aaaaaaaa-0000-4000-8000-000000000001": "Returns LATAM data-eng inbound (Salesforce)",
    "bbbbbbbb-0000-4000-8000-000000000002": "Returns LATAM data-eng inbound (Marketo)",
    "cccccccc-0000-4000-8000-000000000003": "Short",
}


def test_cut_names_that_would_read_the_same_keep_their_distinguishing_end() -> None:
    width = 24
    plain = {key: fit(name, width) for key, name in LATAM.items()}
    assert len(set(plain.values())) == 2  # the plain cut makes the two LATAM names one
    labels = fit_apart(LATAM, width)
    assert len(set(labels.values())) == 3
    assert labels["cccccccc-0000-4000-8000-000000000003"] == "Short"
    assert labels["aaaaaaaa-0000-4000-8000-000000000001"].endswith("Salesforce)")
    assert all(cell_len(label) <= width for label in labels.values())


def test_names_alike_to_the_end_show_the_short_id_beside_them() -> None:
    names = {
        "aaaaaaaa-0000-4000-8000-000000000001": "Returns LATAM data-eng inbound",
        "bbbbbbbb-0000-4000-8000-000000000002": "Returns LATAM data-eng inbound",
        "cccccccc-0000-4000-8000-000000000003": "Returns LATAM data-eng also inbound",
    }
    labels = fit_apart(names, 20)
    assert len(set(labels.values())) == 3
    assert labels["aaaaaaaa-0000-4000-8000-000000000001"].endswith("aaaaaaaa")
    assert all(cell_len(label) <= 20 for label in labels.values())


def test_keep_end_cuts_in_the_middle_by_terminal_cells() -> None:
    assert keep_end("short", 10) == "short"
    cut = keep_end("数据工程团队的入站数据流量", 11)
    assert cell_len(cut) <= 11 and "…" in cut and cut.endswith("流量")


async def test_spec_names_are_read_once_per_client(session: Session) -> None:
    first = await spec_names(session.client)
    specs = await session.client.list_all(FLOW_SPECS)
    destination = next(s for s in specs if s["id"] == DESTINATION_FLOW_SPEC_ID)
    assert first[DESTINATION_FLOW_SPEC_ID] == destination["name"]
    assert S3_SPEC_ID in first
    assert await spec_names(session.client) is first  # kept, not fetched again


async def test_flow_and_connection_tables_show_spec_names_not_ids(session: Session) -> None:
    spec = await session.client.get(FLOW_SPECS, DESTINATION_FLOW_SPEC_ID)
    connection_spec = await session.client.get(CONNECTION_SPECS, S3_SPEC_ID)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: pane_loaded(app))
        flows = main.pane(FLOWS).table
        column = [c.header for c in FLOWS.columns].index("Flow spec")
        await wait_until(pilot, lambda: not flows.cells(SEED_FLOW_ID)[column].startswith("7147"))
        cell = flows.cells(SEED_FLOW_ID)[column]
        assert cell.rstrip("…")[:6] == spec["name"][:6]
        await pilot.press("2")
        await wait_until(pilot, lambda: pane_loaded(app, "connections"))
        connections = main.pane(CONNECTIONS).table
        column = [c.header for c in CONNECTIONS.columns].index("Spec")
        cell = connections.cells(S3_BASE_CONNECTION_ID)[column]
        assert cell.rstrip("…")[:6] == connection_spec["name"][:6]
        assert not cell.startswith(S3_SPEC_ID[:8])
