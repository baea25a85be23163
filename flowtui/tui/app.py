"""FlowTUI: the Textual app that browses and edits Flow Service records for one session."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.filter import LineFilter, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import KINDS, ResourceKind, find_kind
from flowtui.api.read_ahead import ReadAhead
from flowtui.session import Session
from flowtui.tui import keymap
from flowtui.tui.collector import CollectorThresholds, size_young_generation_for_pages
from flowtui.tui.hangup import install_hang_up_guard
from flowtui.tui.messages import (
    EditRecord,
    RecordChanged,
    RunCommand,
    SessionChanged,
    ShowList,
    ShowRecord,
    ShowRecordById,
    SubmitAccepted,
)
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.terminal import TooSmallScreen, colourless_terminal, too_small
from flowtui.tui.widgets.command_line import (
    CommandProblem,
    JumpTo,
    OpenRecord,
    RunAction,
    SwitchSandbox,
    parse_command,
)
from flowtui.tui.widgets.record_table import RecordTable
from flowtui.visible import visible

if TYPE_CHECKING:
    # The editor, history, audit and drafts load when first used: the first frame needs none.
    from flowtui.store.audit import AuditEntry
    from flowtui.tui.screens.history import HistoryScreen


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
        self.last_submit: AuditEntry | None = None
        """The last change this app submitted (the notice after a submit offers ``u``)."""
        self._start_kind: ResourceKind | None = None
        self._first_pages: ReadAhead | None = None
        self._collector: CollectorThresholds | None = None
        if start is not None:
            self._start_kind = find_kind(start[0])
        # Textual greys colours out under NO_COLOR and sends 24-bit colour to a dumb terminal.
        self.no_color = self.no_color or colourless_terminal(os.environ)
        self._no_colour = [NoColor()]
        self._main_enters = 0
        """Enter keys that reached the app while a list on the main screen had focus."""
        self._enters_cancelled = 0
        """Of those, how many an escape typed after them cancelled."""
        self._enters_answered = 0
        """Of those, how many have had their open request (opened or dropped)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Without colour, every colour goes (not only greyed out); bold and reverse stay."""
        return self._no_colour if self.no_color else super().get_line_filters()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice may carry outside text (a name, an id, a service error): plain, always.

        ``markup`` is accepted for Textual's signature and ignored: no notice is read as markup.
        """
        super().notify(
            visible(message, one_line=False),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_load(self) -> None:
        # The first list is asked for now, before the screen is built: on a slow link its
        # answer is on the way while the widgets are made, and may be in by the first frame.
        self._first_pages = ReadAhead(self.session.client.list_pages(self._initial_kind))
        # Pages of records in flight die young rather than trigger full collections that stop
        # the loop for tens of milliseconds while rows load (flowtui.tui.collector).
        self._collector = size_young_generation_for_pages()

    def on_unmount(self) -> None:
        if self._collector is not None:
            self._collector.restore()
            self._collector = None

    def get_default_screen(self) -> Screen[Any]:
        first_pages, self._first_pages = self._first_pages, None
        return MainScreen(self.session, initial=self._initial_kind, first_pages=first_pages)

    @property
    def _initial_kind(self) -> ResourceKind:
        """The pane shown first: the kind ``start`` names, else flows."""
        return self._start_kind or KINDS[0]

    def on_mount(self) -> None:
        self._exit_on_hang_up()
        self.call_after_refresh(self._check_size)
        # After the first refresh, so the main screen's panes exist behind any dialog.
        self.call_after_refresh(self._run_start_up)

    def _run_start_up(self) -> None:
        # The coroutine is made here, not in on_mount: an app that exits before its first
        # refresh would leave it never awaited.
        self.run_worker(self._start_up(), group="start-up")

    def _exit_on_hang_up(self) -> None:
        """SIGHUP (a dropped SSH session), SIGTERM or a vanished terminal: the drafts are written
        and the process ends within two seconds, busy or not (flowtui.tui.hangup says why).

        Explicit, so an inherited "ignore SIGHUP" (nohup, some multiplexers) cannot leave an
        orphaned flowtui running on a jump host with no terminal.
        """
        if not self.is_headless:
            install_hang_up_guard(self)

    async def _start_up(self) -> None:
        """Offer this session's unsaved edits first; then open what ``start`` names, if any."""
        from flowtui.tui.screens.draft_restore import offer_pending_drafts

        answers = await offer_pending_drafts(self, self.session, done=self._edited)
        if any(choice == "restore" for _, choice in answers):
            return
        self._open_start()

    def _open_start(self) -> None:
        if self.start is None:
            return
        name, record_id = self.start
        if self._start_kind is None and record_id is None:
            # `flowtui open ID`: an id alone, as `:` takes it.
            self.open_by_id(None, name)
            return
        if self._start_kind is None:
            names = ", ".join(kind.name for kind in KINDS)
            self.notify(f"No kind called {name!r}; try one of {names}.", severity="error")
            return
        if record_id:
            self.open_by_id(self._start_kind, record_id)

    # --- terminal hygiene ----------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        """Below the smallest usable size, say which size is needed instead of a broken screen."""
        width, height = self.size
        covering = [s for s in self.screen_stack if isinstance(s, TooSmallScreen)]
        if too_small(width, height):
            if covering:
                covering[-1].show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif covering and self.screen is covering[-1]:
            self.pop_screen()

    async def on_event(self, event: events.Event) -> None:
        # Keys as they arrive, before any widget sees them: an escape pressed on the main
        # screen cancels the records the enters before it would open (see open_from_main).
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and isinstance(self.screen, MainScreen)
        ):
            if event.key == "enter" and isinstance(self.focused, RecordTable):
                self._main_enters += 1
            elif event.key == "escape":
                self._enters_cancelled = self._main_enters
        await super().on_event(event)

    # --- navigation ----------------------------------------------------------------------

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def open_record(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        """Show one record (already fetched) on its own screen."""
        from flowtui.tui.screens.record import RecordScreen

        self.push_screen(RecordScreen(self.session, kind, record))

    def open_from_main(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        """Open a record chosen on the main screen, unless keys since made that moot.

        Under key repeat, enters and escapes reach the main screen before the record screen
        an enter asked for is pushed: only the main screen opens records (never one already
        covered by a record), and an escape typed after an enter cancels its open. A request
        with no enter waiting for it (a click) opens.
        """
        from_enter = self._enters_answered < self._main_enters
        if from_enter:
            self._enters_answered += 1
        if not isinstance(self.screen, MainScreen):
            return
        if from_enter and self._enters_answered <= self._enters_cancelled:
            return
        self.open_record(kind, record)

    def open_by_id(self, kind: ResourceKind | None, record_id: str) -> None:
        """Fetch a record by id (trying every kind when ``kind`` is None) and open it."""
        self.run_worker(self._open_by_id(kind, record_id), group="open-by-id", exclusive=True)

    async def _open_by_id(self, kind: ResourceKind | None, record_id: str) -> None:
        # A whole id or a unique prefix; found in another sandbox, it offers to go there.
        from flowtui.tui.sandbox_switching import find_and_open

        await find_and_open(self, kind, record_id)

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
        elif isinstance(command, SwitchSandbox):
            self.switch_sandbox(command.name)

    def switch_sandbox(self, name: str | None) -> None:
        """Move to sandbox ``name`` in place (None: pick from the known sandboxes)."""
        from flowtui.tui import sandbox_switching

        work = (
            sandbox_switching.choose_sandbox(self)
            if name is None
            else sandbox_switching.switch_sandbox(self, name)
        )
        self.run_worker(work, group="sandbox", exclusive=True)

    def record_changed(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        """A record changed (edit, toggle, reload): update its row in the main screen."""
        main = self.main_screen
        if main is not None:
            main.record_changed(kind, record)

    def _edited(self, kind: ResourceKind, record: dict[str, Any] | None) -> None:
        """An editor closed: show the submitted record in its row, its views and the History."""
        if record is None:
            return
        self.record_changed(kind, record)
        from flowtui.tui.screens.history import HistoryScreen
        from flowtui.tui.screens.record import RecordScreen

        for screen in self.screen_stack:
            if isinstance(screen, RecordScreen) and screen.record.get("id") == record.get("id"):
                screen.show_record(record)
            elif isinstance(screen, HistoryScreen):
                screen.load()

    # --- edits: drafts first, history, undo ------------------------------------------------

    def edit_record(
        self,
        kind: ResourceKind,
        record: dict[str, Any],
        *,
        external: bool,
        spec: dict[str, Any] | None = None,
    ) -> None:
        """Open the editor on a record, offering its unsaved draft first if it has one."""
        self.run_worker(
            self._edit_record(kind, record, external, spec), group="edit", exclusive=True
        )

    async def _edit_record(
        self,
        kind: ResourceKind,
        record: dict[str, Any],
        external: bool,
        spec: dict[str, Any] | None = None,
    ) -> None:
        from flowtui.tui.screens.draft_restore import offer_draft_of
        from flowtui.tui.screens.edited_elsewhere import edited_elsewhere, show_edited_elsewhere
        from flowtui.tui.screens.editor import EditorScreen

        record_id = str(record.get("id", ""))
        owner = edited_elsewhere(self.session, kind.name, record_id)
        if owner is not None:  # its draft belongs to the other flowtui: look, never take
            show_edited_elsewhere(self, self.session, kind, record, owner)
            return
        choice = await offer_draft_of(self, self.session, kind.name, record_id, done=self._edited)
        if choice in (None, "discard"):
            self.push_screen(
                EditorScreen(self.session, kind, record, external=external, spec=spec),
                partial(self._edited, kind),
            )

    def remember_submit(self, entry: AuditEntry) -> None:
        """The editor reports each accepted submit: ``u`` undoes the last one."""
        self.last_submit = entry

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in keymap.WRITE_ACTIONS and self.session.read_only:
            return False
        if action == "undo_last":
            entry = self.last_submit
            if entry is None:
                return False
            from flowtui.tui.screens.record import RecordScreen

            screen = self.screen
            if isinstance(screen, RecordScreen):
                # On a record, u undoes only that record's last submit.
                return entry.record_id == screen.record.get("id")
            return entry is not None
        return True

    def action_history(self) -> None:
        from flowtui.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(session=self.session))

    def action_undo_last(self) -> None:
        # Undo reads the record first: an exclusive worker keeps a second `u` pressed during
        # that read from opening a second editor (History does the same).
        if self.last_submit is not None:
            self.run_worker(self.undo_entry(self.last_submit), group="undo", exclusive=True)

    async def undo_entry(self, entry: AuditEntry) -> None:
        """Open the review of the change that undoes ``entry`` (the History view's ``u``)."""
        from flowtui.edits.undo import UndoRefusedError, plan_undo
        from flowtui.store.drafts import DraftStore
        from flowtui.tui.screens.editor import EditorScreen

        session = self.session
        if session.read_only:
            self.notify("Read-only session: undo is not available.", severity="warning")
            return
        if entry.method == "ACTION":
            await self._undo_toggle(entry)
            return
        try:
            plan = await plan_undo(session.client, entry)
        except UndoRefusedError as refused:
            self.notify(str(refused), title="Cannot undo", severity="warning", timeout=8)
            return
        except FlowServiceError as error:
            self.notify(str(error), title="Cannot undo", severity="error")
            return
        if DraftStore().find(session.profile, session.sandbox, entry.kind, entry.record_id):
            self.notify(
                "This record has an unsaved edit: open it with e to restore or discard it, "
                "then undo.",
                title="Cannot undo yet",
                severity="warning",
                timeout=8,
            )
            return
        if plan.changed_since:
            self.notify(
                f"The {plan.kind.singular} changed since this submit: submitting the undo will "
                "show what changed and let you rebase or choose per path.",
                severity="warning",
                timeout=8,
            )
        self.push_screen(
            EditorScreen(
                self.session,
                plan.kind,
                plan.base,
                start_ops=plan.ops,
                purpose="Undo",
                start_note=plan.note,
            ),
            partial(self._edited, plan.kind),
        )

    async def _undo_toggle(self, entry: AuditEntry) -> None:
        """Undo a flow toggle with the opposite action, through the toggle's confirmation."""
        from flowtui.api.kinds import FLOWS
        from flowtui.edits.undo import UndoRefusedError, plan_toggle_undo
        from flowtui.tui.screens.flow_toggle import FlowToggleModal

        try:
            plan = await plan_toggle_undo(self.session.client, entry)
        except UndoRefusedError as refused:
            self.notify(str(refused), title="Cannot undo", severity="warning", timeout=8)
            return
        except FlowServiceError as error:
            self.notify(str(error), title="Cannot undo", severity="error")
            return
        self.push_screen(
            FlowToggleModal(self.session, plan.flow, op=plan.op, note=plan.changed_since),
            partial(self._edited, FLOWS),
        )

    # --- messages from screens and widgets (flowtui.tui.messages) --------------------------

    def on_show_record(self, message: ShowRecord) -> None:
        if message.from_main:
            self.open_from_main(message.kind, message.record)
        else:
            self.open_record(message.kind, message.record)

    def on_show_record_by_id(self, message: ShowRecordById) -> None:
        self.open_by_id(message.kind, message.record_id)

    def on_show_list(self, message: ShowList) -> None:
        main = self.main_screen
        if main is None:
            return
        while self.screen is not main:
            self.pop_screen()
        main.show_list(message.kind, message.property_filter)

    def on_record_changed(self, message: RecordChanged) -> None:
        self.record_changed(message.kind, message.record)

    def on_edit_record(self, message: EditRecord) -> None:
        self.edit_record(message.kind, message.record, external=message.external, spec=message.spec)

    def on_run_command(self, message: RunCommand) -> None:
        self.run_command(message.typed)
        main = self.main_screen
        if main is not None and self.screen is main:
            main.focus_table()

    def on_submit_accepted(self, message: SubmitAccepted) -> None:
        self.remember_submit(message.entry)

    def on_history_screen_undo_requested(self, message: HistoryScreen.UndoRequested) -> None:
        # Undo reads the record first: an exclusive worker keeps a second `u` pressed during
        # that read from opening a second editor.
        self.run_worker(self.undo_entry(message.entry), group="undo", exclusive=True)

    def on_session_changed(self, message: SessionChanged) -> None:
        """Screens made from now on get the new session; those open keep the one they show."""
        self.session = message.session
        self.last_submit = None  # `u` undoes only in the session it was made in

    # --- help and palette ----------------------------------------------------------------

    def action_help(self) -> None:
        from flowtui.tui.screens.help import HelpScreen, key_rows

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
        yield SystemCommand(
            "Switch sandbox",
            f"now {self.session.sandbox}; or type :sandbox NAME",
            partial(self.switch_sandbox, None),
        )
        yield from super().get_system_commands(screen)
