"""FlowTUI: the Textual app that browses and edits Flow Service records for one session."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from flowtui.api.errors import FlowServiceError, NotFoundError
from flowtui.api.kinds import KINDS, ResourceKind, find_kind
from flowtui.session import Session
from flowtui.tui import keymap
from flowtui.tui.screens.help import HelpScreen, key_rows
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.command_line import (
    CommandProblem,
    JumpTo,
    OpenRecord,
    RunAction,
    parse_command,
)


class FlowTUI(App[None]):
    """Browse flows, connections and specs of one sandbox; open, edit and submit records."""

    TITLE = "flowtui"
    CSS_PATH = "app.tcss"
    BINDINGS = keymap.bindings(keymap.APP_KEYS)
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, session: Session, start: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.start = start
        # Over SSH every redraw costs: no sliding tab underlines, no blinking cursors.
        self.animation_level = "none"
        self._start_kind: ResourceKind | None = None
        if start is not None:
            self._start_kind = find_kind(start[0])

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(initial=self._start_kind or KINDS[0])

    def on_mount(self) -> None:
        if self.start is None:
            return
        name, record_id = self.start
        if self._start_kind is None and record_id is None:
            # `flowtui open ID`: an id alone, as `:` takes it.
            self.call_after_refresh(self.open_by_id, None, name)
            return
        if self._start_kind is None:
            names = ", ".join(kind.name for kind in KINDS)
            self.notify(f"No kind called {name!r}; try one of {names}.", severity="error")
            return
        if record_id:
            # After the first refresh, so the main screen's panes exist behind the record.
            self.call_after_refresh(self.open_by_id, self._start_kind, record_id)

    # --- navigation ----------------------------------------------------------------------

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def open_record(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        """Show one record (already fetched) on its own screen."""
        self.push_screen(RecordScreen(kind, record))

    def open_by_id(self, kind: ResourceKind | None, record_id: str) -> None:
        """Fetch a record by id (trying every kind when ``kind`` is None) and open it."""
        self.run_worker(self._open_by_id(kind, record_id), group="open-by-id", exclusive=True)

    async def _open_by_id(self, kind: ResourceKind | None, record_id: str) -> None:
        client = self.session.client
        for candidate in (kind,) if kind is not None else KINDS:
            try:
                record = await client.get(candidate, record_id)
            except NotFoundError:
                continue
            except FlowServiceError as error:
                self.notify(str(error), title=f"Could not open {record_id}", severity="error")
                return
            main = self.main_screen
            if main is not None and self.screen is main:
                main.show_kind(candidate)
                main.pane(candidate).table.select_id(record_id)
            self.open_record(candidate, record)
            return
        where = f"{kind.singular}" if kind is not None else "record of any kind"
        self.notify(f"No {where} with id {record_id}.", severity="warning")

    def run_command(self, typed: str) -> None:
        """Carry out a `:` command line."""
        command = parse_command(typed)
        if command is None:
            return
        if isinstance(command, CommandProblem):
            self.notify(command.message, severity="warning")
        elif isinstance(command, RunAction):
            self.call_later(self.run_action, command.action)
        elif isinstance(command, JumpTo):
            main = self.main_screen
            if main is None:
                return
            while self.screen is not main:
                self.pop_screen()
            main.show_kind(command.kind)
        elif isinstance(command, OpenRecord):
            self.open_by_id(command.kind, command.record_id)

    def record_changed(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        """A record changed (edit, toggle, reload): update its row in the main screen."""
        main = self.main_screen
        if main is not None:
            main.record_changed(kind, record)

    # --- help and palette ----------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(key_rows(self.screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.action in seen or binding.id is None:
                continue
            seen.add(binding.action)
            keys = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"key {keys}",
                partial(screen.run_action, binding.action),
            )
        yield from super().get_system_commands(screen)
