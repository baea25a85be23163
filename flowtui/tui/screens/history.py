"""The History view: changes the service accepted from this machine, newest first, with undo."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from flowtui.edits.undo import refusal_before_reading
from flowtui.exactjson import dumps as exact_dumps
from flowtui.patching.pointers import split
from flowtui.session import Session
from flowtui.store.audit import AuditEntry, AuditLog
from flowtui.tui.widgets.cells import fit, plain_cell
from flowtui.tui.widgets.session_header import SessionHeader
from flowtui.visible import visible, visible_json

KIND_LABELS: dict[str, str] = {
    "flows": "flow",
    "connections": "conn",
    "sourceConnections": "source",
    "targetConnections": "target",
    "connectionSpecs": "conn spec",
    "flowSpecs": "flow spec",
}
ETAG_CHARS = 6
NAME_WIDTH = 14
"""The narrowest the name column gets; it takes whatever width the other columns leave."""
CHANGE_WIDTH = 14
FIXED_WIDTHS = 11 + 7 + 9 + CHANGE_WIDTH
"""Time, sandbox, kind and change columns (each column also has one cell of padding a side)."""
OP_VERBS = {
    "replace": "set",
    "add": "added",
    "remove": "removed",
    "move": "moved",
    "copy": "copied",
}


def short_time(iso: str) -> str:
    """``2026-11-25T01:02:03Z`` as ``11-25 01:02`` (UTC, as stored)."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:11]
    return moment.strftime("%m-%d %H:%M")


def short_etag(etag: str | None) -> str:
    """The first characters of an etag without its quotes; ``-`` where there is none (specs)."""
    if not etag:
        return "-"
    return etag.strip('"')[:ETAG_CHARS]


def etag_change(entry: AuditEntry) -> str:
    """``3a00f3→4b00f3``; specs carry no etag, which is said rather than drawn as dashes."""
    if not entry.etag_before and not entry.etag_after:
        return "(no etag)"
    return f"{short_etag(entry.etag_before)}→{short_etag(entry.etag_after)}"


def clip(text: str, width: int) -> str:
    """Outside text for a narrow cell: every character visible, cut to ``width`` cells."""
    return fit(visible(text[: width * 4]), width)


def _last_name(path: str) -> str:
    try:
        named = [s for s in split(path) if not s.isdigit() and s != "-"]
    except ValueError:
        return path
    return named[-1] if named else "record"


def change_summary(entry: AuditEntry) -> str:
    """What changed, in a word or two: ``disabled``, ``renamed``, ``set description``,
    ``renamed +2``, ``3 fields``; the entry's own view (enter) lists every op."""
    ops = entry.ops
    if entry.method == "ACTION":
        states = [op.get("value") for op in ops if op.get("path") == "/state"]
        return str(states[0]) if states and isinstance(states[0], str) else "action"
    if not ops:
        return "no change"
    paths = [str(op.get("path", "")) for op in ops]
    renamed = "/name" in paths
    others = len([path for path in paths if path != "/name"])
    if renamed:
        return "renamed" if not others else f"renamed +{others}"
    if len(ops) == 1:
        verb = OP_VERBS.get(str(ops[0].get("op", "")), str(ops[0].get("op", "?")))
        return f"{verb} {_last_name(paths[0])}"
    return f"{len(ops)} fields"


def entry_row(entry: AuditEntry, name_width: int = NAME_WIDTH) -> tuple[Text, ...]:
    """The cells of one entry in the table, never read as markup; the name gets ``name_width``."""
    cells = (
        visible(short_time(entry.time)),
        clip(entry.sandbox, 7),
        KIND_LABELS.get(entry.kind, clip(entry.kind, 9)),
        clip(entry.name or entry.record_id, name_width),
        clip(change_summary(entry), CHANGE_WIDTH),
    )
    return tuple(plain_cell(cell) for cell in cells)


def name_width_for(table_width: int) -> int:
    """What the name column can take at this width: all the others leave (scrollbar included)."""
    return max(NAME_WIDTH, table_width - FIXED_WIDTHS - 5 * 2 - 2)


def op_line(op: dict[str, Any]) -> str:
    """``replace /name "new name"``: one op per line, as the review shows them."""
    line = f"{visible(op.get('op', '?')):<8} {visible(op.get('path', ''))}"
    if "value" in op:
        line += "  " + visible_json(exact_dumps(op["value"], ensure_ascii=False))
    return line


class AuditEntryModal(ModalScreen[None]):
    """One entry in full: where it went, the etags around it, its ops (credentials redacted)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_entry", "Back", id="history.entry.back"),
        Binding("enter", "dismiss_entry", "Back", show=False),
    ]
    DEFAULT_CSS = """
    AuditEntryModal { align: center middle; }
    AuditEntryModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 22;
        border: round $accent; background: $surface; padding: 0 1;
    }
    AuditEntryModal #entry-target { height: auto; }
    AuditEntryModal VerticalScroll { height: auto; max-height: 14; }
    """

    def __init__(self, entry: AuditEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        lines = [
            visible(f"{entry.method} {entry.kind} '{entry.name}'"),
            visible(f"id {entry.record_id}"),
            visible(f"{entry.time}  profile {entry.profile}  sandbox {entry.sandbox}"),
            visible(f"etag {entry.etag_before or '-'} -> {entry.etag_after or '-'}"),
            visible(f"request id {entry.request_id or '-'}"),
        ]
        if entry.previous_body is not None:
            lines.append("previous body kept: undo PUTs it back")
        with Vertical():
            yield Static(Text("\n".join(lines)), id="entry-target")
            with VerticalScroll():
                yield Static(Text("\n".join(map(op_line, entry.ops)) or "(no ops)"), id="entry-ops")

    def action_dismiss_entry(self) -> None:
        self.dismiss(None)


class HistoryScreen(Screen[None]):
    """Lists the audit log newest first; ``enter`` shows an entry's ops, ``u`` asks to undo it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("u", "undo", "Undo", id="history.undo"),
        Binding("r", "reload", "Reload", id="history.reload"),
        Binding("q", "back", "Back", show=False, id="history.quit"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #history-title { height: 1; padding: 0 1; background: $boost; }
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #history-empty { padding: 1 2; }
    """

    class UndoRequested(Message):
        """Posted when ``u`` is pressed on an entry undo can start from; the app opens the undo."""

        def __init__(self, entry: AuditEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, audit: AuditLog | None = None, *, session: Session | None = None) -> None:
        super().__init__()
        self.session = session
        """Where undo would write; None shows every entry and leaves the refusal to the app."""
        self.audit = audit if audit is not None else AuditLog()
        self.entries: list[AuditEntry] = []

    def compose(self) -> ComposeResult:
        if self.session is not None:
            yield SessionHeader(self.session, context="history")
        yield Static(Text("History"), id="history-title")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("Time", "Sandbox", "Kind", "Name", "Change")
        yield table
        yield Static(
            "No changes yet: every submit the service accepts is listed here.",
            id="history-empty",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the audit log again and fill the table, keeping the cursor where it was."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.entries = self.audit.entries()
        table.clear()
        name_width = name_width_for(self.app.size.width)
        for index, entry in enumerate(self.entries):
            table.add_row(*entry_row(entry, name_width), key=str(index))
        empty = not self.entries
        table.display = not empty
        self.query_one("#history-empty", Static).display = empty
        title = f"History: {len(self.entries)} change{'s' if len(self.entries) != 1 else ''}"
        title += ", newest first"
        if self.audit.skipped:
            title += (
                f" ({self.audit.skipped} unreadable line{'s' if self.audit.skipped > 1 else ''})"
            )
        self.query_one("#history-title", Static).update(Text(title))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
            table.focus()

    @property
    def selected(self) -> AuditEntry | None:
        if not self.entries:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @on(DataTable.RowSelected)
    def show_entry(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.selected
        if entry is not None:
            self.app.push_screen(AuditEntryModal(entry))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # History is read-only and always there; undo writes, so a read-only session hides it.
        session = self.session
        return not (action == "undo" and session is not None and session.read_only)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.load()

    def action_undo(self) -> None:
        entry = self.selected
        if entry is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        refusal = self.undo_refusal(entry)
        if refusal:
            self.notify(refusal, severity="warning", timeout=6)
            return
        # The app reads the record in one exclusive worker: a second `u` pressed during that
        # read does not open a second editor.
        self.post_message(self.UndoRequested(entry))

    def undo_refusal(self, entry: AuditEntry) -> str | None:
        """Why undo cannot start from here, or None; the session decides where requests go."""
        refusal = refusal_before_reading(entry)
        if refusal is not None:
            return refusal
        session = self.session
        if session is None:
            return None
        if session.read_only:
            return "Read-only session: undo is not available."
        if (entry.sandbox, entry.org_id) != (session.sandbox, session.org_id):
            return (
                f"This change was made in sandbox {entry.sandbox!r} of {entry.org_id}; "
                f"flowtui is on {session.sandbox!r}. Start it there to undo."
            )
        return None
