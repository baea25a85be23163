"""Driving Textual apps in tests: the one wait, the one host app.

Every Pilot test waits with ``wait_until`` (a condition) or ``until_screen`` (a screen type, built
on it), and hosts a lone screen in ``HostApp``; the session fixtures are in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from flowtui.session import Session

PENDING = object()
"""``HostApp.result`` while the hosted screen has not been dismissed."""


async def wait_until(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    what: str = "the expected state",
    *,
    tries: int = 600,
) -> None:
    """Let the app run (workers, timers, repaints) until ``condition()`` holds, or fail.

    ``tries`` pauses of 10 ms; the failure names ``what`` and the screen the app is on.
    """
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}; on {pilot.app.screen!r}")


async def until_screen(pilot: Pilot[Any], screen_type: type) -> Any:
    """Wait for a screen, then let its workers finish (never while a dialog is awaited)."""
    from flowtui.tui.screens.draft_restore import DraftRestoreModal

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), screen_type.__name__)
    if not isinstance(pilot.app.screen, DraftRestoreModal):
        # The start-up and edit workers await this dialog: waiting on them would never end.
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class HostApp(App[None]):
    """Hosts one screen under test, as the real app would, with an optional session.

    ``results`` collects what the screen was dismissed with; ``result`` is the last of them.
    """

    def __init__(
        self, make_screen: Callable[[], Screen[Any]], session: Session | None = None
    ) -> None:
        super().__init__()
        self.make_screen = make_screen
        if session is not None:
            self.session = session
        self.results: list[Any] = []

    @property
    def result(self) -> Any:
        """What the hosted screen was last dismissed with, or ``PENDING``."""
        return self.results[-1] if self.results else PENDING

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)
