"""Messages screens and widgets post up to the app: the one way a screen asks for app work.

Screens are handed the Session when they are made and never import ``flowtui.tui.app``; what
they cannot do themselves (open another record, tell the main list a record changed, run a
``:`` command, remember a submit for ``u``) they post as one of these, and FlowTUI's
``on_...`` handlers carry it out. A host app in a test that does not handle one ignores it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from flowtui.api.kinds import ResourceKind
from flowtui.session import Session

if TYPE_CHECKING:
    from flowtui.store.audit import AuditEntry


class ShowRecord(Message):
    """Show this record (already fetched) on its own screen.

    ``from_main`` marks a choice made in a list on the main screen: the app drops it when an
    escape typed after its enter cancelled it (key repeat over SSH).
    """

    def __init__(self, kind: ResourceKind, record: dict[str, Any], *, from_main: bool) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.from_main = from_main


class ShowRecordById(Message):
    """Fetch a record by id (every kind when ``kind`` is None) and open it."""

    def __init__(self, kind: ResourceKind | None, record_id: str) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id


class RecordChanged(Message):
    """A record changed (edit, toggle, reload): its row and its other views show the new one."""

    def __init__(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        super().__init__()
        self.kind = kind
        self.record = record


class EditRecord(Message):
    """Open the editor on a record (the app offers its unsaved draft first).

    ``spec`` is the record's spec if the sender has read it: the editor does not read it again.
    """

    def __init__(
        self,
        kind: ResourceKind,
        record: dict[str, Any],
        *,
        external: bool,
        spec: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.external = external
        self.spec = spec


class RunCommand(Message):
    """Carry out a line typed at the ``:`` prompt."""

    def __init__(self, typed: str) -> None:
        super().__init__()
        self.typed = typed


class SubmitAccepted(Message):
    """The service accepted a submit: ``u`` now offers to undo it."""

    def __init__(self, entry: AuditEntry) -> None:
        super().__init__()
        self.entry = entry


class SessionChanged(Message):
    """Work on another session from now on (another sandbox or profile)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class ShowList(Message):
    """Show ``kind``'s pane on the main screen filtered by ``property_filter`` (a flow's runs,
    a spec's connections)."""

    def __init__(self, kind: ResourceKind, property_filter: str) -> None:
        super().__init__()
        self.kind = kind
        self.property_filter = property_filter
