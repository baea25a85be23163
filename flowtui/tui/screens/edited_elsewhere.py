"""A read-only look at a record another flowtui process is editing: who, since when, its draft.

The draft belongs to that process while its editor is open (flowtui.store.locks): this screen
shows it and changes nothing, so neither side can delete or overwrite the other's edit.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from flowtui.api.kinds import ResourceKind
from flowtui.edits.editing import EditSession
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.store.locks import DraftLocks, LockOwner
from flowtui.visible import visible


def edited_elsewhere(
    session: Session, kind_name: str, record_id: str, locks: DraftLocks | None = None
) -> LockOwner | None:
    """The other flowtui process editing this record now, or None."""
    return (locks or DraftLocks()).holder(session.profile, session.sandbox, kind_name, record_id)


def edited_elsewhere_text(kind: ResourceKind, name: str, owner: LockOwner) -> str:
    """What the person is told (plain text): who edits the record, since when, what is kept."""
    return (
        f"The {kind.singular} {visible(name)} is being edited in another flowtui "
        f"({owner.describe()}). This is a read-only look at its draft: finish or discard the "
        "edit there. Nothing here changes or deletes it."
    )


class EditedElsewhereScreen(Screen[None]):
    """The record's draft (or the record) shown read-only, with who is editing it."""

    DEFAULT_CSS = """
    EditedElsewhereScreen #elsewhere-intro {
        padding: 0 1;
        background: $warning 20%;
        height: auto;
    }
    """

    BINDINGS = [Binding("escape,q", "close", "Close", id="elsewhere.close")]

    def __init__(
        self, kind: ResourceKind, record: dict[str, Any], owner: LockOwner, draft: Draft | None
    ) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.owner = owner
        self.draft = draft

    def compose(self) -> ComposeResult:
        name = str(self.record.get("name") or self.record.get("id", ""))
        intro = Text(edited_elsewhere_text(self.kind, name, self.owner))
        if self.draft is None:
            intro.append("\nIt has no draft on disk yet: the record as loaded is shown.")
            text = EditSession(self.kind, self.record).initial_text()
        else:
            text = self.draft.text
        yield Static(intro, id="elsewhere-intro")
        yield TextArea(text, read_only=True, id="elsewhere-text", soft_wrap=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


def show_edited_elsewhere(
    app: App[Any],
    session: Session,
    kind: ResourceKind,
    record: dict[str, Any],
    owner: LockOwner,
    store: DraftStore | None = None,
) -> None:
    """Open the read-only look at the record's draft, which says who edits it and since when."""
    record_id = str(record.get("id", ""))
    draft = (store or DraftStore()).find(session.profile, session.sandbox, kind.name, record_id)
    app.push_screen(EditedElsewhereScreen(kind, draft.base if draft else record, owner, draft))
