"""Issue-5 journeys inside the real app (FlowTUI) against the in-process emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from flowtui.session import Session
from flowtui.tui.screens.draft_restore import DraftRestoreModal

SIZE = (80, 24)
CONNECTION_NAME = "E2E_SF Base_Connection"
FLOW_SPEC_ID = "6499120c-0b15-42dc-936e-847ea3c24d72"
MAILCHIMP_SPEC_ID = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"


@pytest.fixture
async def open_session(emulator_app: Any) -> AsyncIterator[Session]:
    """Prod without protection, so ``y`` alone submits (protection has its own tests)."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app, protected_sandboxes=frozenset())
    yield made
    await made.client.aclose()


async def until(pilot: Pilot[Any], check: Callable[[], object], what: str) -> None:
    """Pause (workers and timers run meanwhile) until ``check()`` holds."""
    for _ in range(200):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}; on {pilot.app.screen!r}")


async def until_screen(pilot: Pilot[Any], screen_type: type) -> Any:
    """Wait for a screen, then let its workers finish (never while a dialog is awaited)."""
    await until(pilot, lambda: isinstance(pilot.app.screen, screen_type), screen_type.__name__)
    if not isinstance(pilot.app.screen, DraftRestoreModal):
        # The start-up and edit workers await this dialog: waiting on them would never end.
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


def screen_text(app: Any) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label"))
