"""A tiny Textual app that opens one screen and records what it was dismissed with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen

from flowtui.session import Session
from flowtui.store.audit import AuditEntry
from flowtui.tui.screens.history import HistoryScreen


class HostApp(App[None]):
    """Hosts a screen under test, as the real app would, with an optional session."""

    def __init__(self, make_screen: Callable[[], Screen[Any]], session: Session | None = None):
        super().__init__()
        self.make_screen = make_screen
        if session is not None:
            self.session = session
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)


class UndoingApp(HostApp):
    """A host that handles the History view's undo request, as FlowTUI does."""

    def __init__(self, make_screen: Callable[[], Screen[Any]], session: Session | None = None):
        super().__init__(make_screen, session)
        self.undone: list[AuditEntry] = []

    def on_history_screen_undo_requested(self, message: HistoryScreen.UndoRequested) -> None:
        self.undone.append(message.entry)
