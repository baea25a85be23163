"""One record as highlighted JSON: the pointer of the cursor line, its etag, secrets masked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Footer, Static, TextArea

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import (
    CONNECTION_SPECS,
    FLOWS,
    RUN_STATUS_PATH,
    RUNS,
    ResourceKind,
    flow_runs_filter,
    value_at,
)
from flowtui.exactjson import MAX_DEPTH, too_deep_reason
from flowtui.patching import (
    MISSING,
    mask_secrets,
    pointer_for_line,
    pretty_json,
    resolve,
    secret_pointers,
)
from flowtui.session import Session
from flowtui.tui import keymap
from flowtui.tui.messages import EditRecord, RecordChanged, RunCommand, ShowList, ShowRecordById
from flowtui.tui.screens.record_copying import RecordCopying, export_bar
from flowtui.tui.screens.record_navigation import RecordNavigation, search_bar
from flowtui.tui.screens.related import ListTarget
from flowtui.tui.widgets.command_line import PromptBar, PromptLine
from flowtui.tui.widgets.json_view import JsonText, RecordJson, cut_long_strings
from flowtui.tui.widgets.run_summary import RunSummary
from flowtui.tui.widgets.session_header import SessionHeader
from flowtui.visible import visible, visible_json

RELATED_KINDS = frozenset(
    {
        "flows",
        "connections",
        "sourceConnections",
        "targetConnections",
        "connectionSpecs",
        "flowSpecs",
        "runs",
    }
)
"""Kinds whose records point at other records (`g` lists them)."""


def record_text(record: dict[str, Any]) -> str:
    """The record's JSON as shown: hidden characters as JSON escapes (``\\u202e``), never raw;
    a string of more than VIEW_STRING_LIMIT characters is cut, saying so (the editor has it all)."""
    return cut_long_strings(visible_json(pretty_json(record)))


class RecordScreen(RecordNavigation, RecordCopying):
    """A record as loaded; `e` edits it, `g` follows its links, `esc` goes back."""

    BINDINGS = keymap.bindings(keymap.RECORD_KEYS)

    DEFAULT_CSS = """
    RecordScreen > #record-title { height: 1; padding: 0 1; background: $boost; }
    RecordScreen > #record-status { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, session: Session, kind: ResourceKind, record: dict[str, Any]) -> None:
        super().__init__()
        self.session = session
        self.spec: dict[str, Any] | None = None
        """The connection spec read to mask secrets: the editor reuses it, not reads it again."""
        self.kind = kind
        self.record = record
        """The record as loaded from the service (unmasked; never shown as is)."""
        self.masked_count = 0
        self.pointer = ""
        self._text = ""
        self.too_deep = too_deep_reason(record)
        """Why the record opens read-only (it nests deeper than exactjson.MAX_DEPTH), or None."""

    def compose(self) -> ComposeResult:
        yield SessionHeader(self.session, context=self.kind.singular)
        yield Static(self._title(), id="record-title")
        if self.kind is RUNS:
            yield RunSummary(id="run-summary")
        yield RecordJson("", id="record-json")
        yield PromptBar(":", id="command", placeholder="kind, id, /pointer or line")
        yield search_bar()
        yield export_bar()
        yield Static("", id="record-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(JsonText).focus()
        self._status("loading connection spec to mask credentials…")
        self.run_worker(self._show(self.record), group="record-show", exclusive=True)

    def _title(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        name = self.record.get("name")
        if not name and self.kind is RUNS:  # runs have no name: say what the run is
            name = f"run, {value_at(self.record, RUN_STATUS_PATH) or 'no status'}"
        text.append(visible(str(name or "(no name)")[:512]), style="bold")
        text.append(f"  {visible(self.record.get('id', ''))}", style="dim")
        return text

    async def _secret_pointers(self, record: dict[str, Any]) -> set[str]:
        spec_id = value_at(record, "connectionSpec.id")
        spec: dict[str, Any] | None = None
        if self.kind is CONNECTION_SPECS:
            spec = record
        elif isinstance(spec_id, str):
            try:
                spec = await self.session.client.get(CONNECTION_SPECS, spec_id)
            except FlowServiceError:
                spec = None
        self.spec = spec if self.kind is not CONNECTION_SPECS else None
        # Without the spec, secret_pointers falls back to names that look secret.
        return set(secret_pointers(record, spec))

    async def _show(self, record: dict[str, Any]) -> None:
        pointers = set() if self.kind is CONNECTION_SPECS else await self._secret_pointers(record)
        self.record = record
        self.too_deep = too_deep_reason(record)
        if self.too_deep is not None:
            self.notify(visible(self.too_deep), severity="warning", timeout=10, markup=False)
        self.refresh_bindings()
        # The spec names every secret field it knows; count only those this record holds.
        self.masked_count = sum(1 for p in pointers if resolve(record, p) is not MISSING)
        shown = mask_secrets(record, pointers) if pointers else record
        self.shown = shown
        self._text = record_text(shown)
        self.refresh_search()
        view = self.query_one(JsonText)
        row = view.cursor_location[0]
        view.load_text(self._text)
        view.move_cursor((min(row, view.document.line_count - 1), 0))
        self.query_one("#record-title", Static).update(self._title())
        if self.kind is RUNS:
            self.query_one(RunSummary).show(record)
        self._update_pointer()

    def show_record(self, record: dict[str, Any]) -> None:
        """Show a newer version of the record (after an edit, a toggle or a reload)."""
        self.run_worker(self._show(record), group="record-show", exclusive=True)

    # --- status --------------------------------------------------------------------------

    def _status(self, message: str) -> None:
        self.query_one("#record-status", Static).update(message)

    def _update_pointer(self) -> None:
        row = self.query_one(JsonText).cursor_location[0]
        self.pointer = pointer_for_line(self._text, row) if self._text else ""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(visible(self.pointer) or "(root)", style="bold")
        self.search_label(text)
        # The masked count before the etag: at 80 columns the etag is what gets cut.
        if self.masked_count:
            text.append(f"  {self.masked_count} masked", style="italic")
        if self.too_deep is not None:
            text.append(f"  read-only: deeper than {MAX_DEPTH} levels", style="bold")
        etag = self.record.get("etag")
        text.append("  etag ", style="dim")
        text.append(visible(etag) if etag else "none (specs are replaced whole)")
        self._status_text = text
        self.query_one("#record-status", Static).update(text)

    @on(TextArea.SelectionChanged)
    def _cursor_moved(self) -> None:
        if self._text:
            self._update_pointer()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action in keymap.WRITE_ACTIONS and session.read_only:
            return False
        if action in ("edit", "edit_external"):
            return self.kind.editable and self.too_deep is None
        if action == "toggle_flow":
            return bool(self.kind.actions)
        if action == "related":
            return self.kind.name in RELATED_KINDS
        if action == "flow_runs":
            return self.kind is FLOWS
        return True

    def on_key(self, event: events.Key) -> None:
        if self.too_deep is not None and event.key in ("e", "E"):
            event.stop()
            self.notify(visible(self.too_deep), severity="warning", markup=False)
            return
        # Read-only removes the write keys (as k9s does); a key that silently does nothing
        # would look broken, so say why.
        if self.session.read_only and event.key in keymap.WRITE_KEYS:
            event.stop()
            self.notify(
                "Read-only session: edits and actions are off. Start flowtui without "
                "--read-only (and without read_only = true in the profile) to change records.",
                severity="warning",
            )

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.run_worker(self._reload(), group="record-show", exclusive=True)

    async def _reload(self) -> None:
        record_id = str(self.record.get("id", ""))
        try:
            record = await self.session.client.get(self.kind, record_id)
        except FlowServiceError as error:
            self.notify(str(error), title="Reload failed", severity="error")
            return
        await self._show(record)
        self.post_message(RecordChanged(self.kind, record))

    def action_edit(self) -> None:
        self._edit(external=False)

    def action_edit_external(self) -> None:
        self._edit(external=True)

    def _edit(self, *, external: bool) -> None:
        if not self.check_action("edit", ()):
            return
        # Through the app, which offers the record's unsaved draft first.
        self.post_message(EditRecord(self.kind, self.record, external=external, spec=self.spec))

    def action_toggle_flow(self) -> None:
        if not self.check_action("toggle_flow", ()):
            return
        from flowtui.tui.screens.flow_toggle import FlowToggleModal

        self.app.push_screen(FlowToggleModal(self.session, self.record), self._changed)

    def _changed(self, record: dict[str, Any] | None) -> None:
        if record is not None:
            self.show_record(record)
            self.post_message(RecordChanged(self.kind, record))

    def action_related(self) -> None:
        from flowtui.tui.screens.related import RelatedScreen

        self.app.push_screen(RelatedScreen(self.session, self.kind, self.record), self._follow)

    def _follow(self, target: tuple[ResourceKind, str] | ListTarget | None) -> None:
        if isinstance(target, ListTarget):
            self.post_message(ShowList(target.kind, target.property_filter))
        elif target is not None:
            kind, record_id = target
            self.post_message(ShowRecordById(kind, record_id))

    def action_flow_runs(self) -> None:
        """This flow's runs, newest first, in the Runs pane (esc there shows every run)."""
        record_id = self.record.get("id")
        if self.kind is FLOWS and isinstance(record_id, str):
            self.post_message(ShowList(RUNS, flow_runs_filter(record_id)))

    def action_command_line(self) -> None:
        self.query_one("#command-bar", PromptBar).open()

    @on(PromptLine.Submitted, "#command")
    def _command_submitted(self, event: PromptLine.Submitted) -> None:
        self.query_one("#command-bar", PromptBar).close()
        self.query_one(JsonText).focus()
        if not self.jump(event.value):
            self.post_message(RunCommand(event.value))

    @on(PromptLine.Dismissed, "#command")
    def _command_dismissed(self) -> None:
        self.query_one("#command-bar", PromptBar).close()
        self.query_one(JsonText).focus()
