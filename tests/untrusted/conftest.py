"""Fixtures for the untrusted-text tests: the real FlowTUI on emulators serving hostile records."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.session import Session
from tests.support import SEED_FLOW_ID

SIZE = (80, 24)


def pane_ready(app: Any, kind_name: str) -> bool:
    """Whether the main screen shows ``kind_name``'s pane and its load has finished."""
    from flowtui.tui.screens.main import MainScreen

    screen = app.screen
    if not isinstance(screen, MainScreen):
        return False
    if screen.current_kind is not KINDS_BY_NAME[kind_name]:
        return False
    pane = screen.current_pane
    # A load sets the total when it ends (started is set before its worker runs).
    return pane.started and not pane.is_loading and pane.total is not None


def named_flow(emulator: Any, name: str, record_id: str) -> dict[str, Any]:
    """Add a copy of the seed flow named ``name`` under ``record_id`` to the prod sandbox."""
    seed = emulator.store.get("prod", "flows", SEED_FLOW_ID)
    record: dict[str, Any] = copy.deepcopy(seed)
    record["id"] = record_id
    record["name"] = name
    emulator.store.add("prod", "flows", record)
    return record


@pytest.fixture
def hostile_emulator() -> Any:
    """An emulator serving the seed records and the hostile set (flowtui.emulator.hostile)."""
    from flowtui.emulator.hostile import hostile_app

    return hostile_app()


@pytest.fixture
async def hostile_session(hostile_emulator: Any) -> AsyncIterator[Session]:
    """A session on the hostile emulator where ``y`` alone submits (no protected sandbox)."""
    from flowtui.demo import emulator_session

    made = emulator_session(hostile_emulator, protected_sandboxes=frozenset())
    yield made
    await made.client.aclose()
