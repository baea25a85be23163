"""The History view's host: tests.pilot.HostApp that also takes the undo request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from flowtui.session import Session
from flowtui.store.audit import AuditEntry
from flowtui.tui.screens.history import HistoryScreen
from tests.pilot import HostApp


class UndoingApp(HostApp):
    """A host that handles the History view's undo request, as FlowTUI does."""

    def __init__(self, make_screen: Callable[[], Screen[Any]], session: Session | None = None):
        super().__init__(make_screen, session)
        self.undone: list[AuditEntry] = []

    def on_history_screen_undo_requested(self, message: HistoryScreen.UndoRequested) -> None:
        self.undone.append(message.entry)
