"""Reading a record as an edit begins: the record, the spec that says which fields are secret.

The same reads the TUI's editor makes before it shows any text, so a record printed by ``get``
is exactly the text ``edit`` opens and the base ``diff`` and ``apply`` compare against.
"""

from __future__ import annotations

from collections.abc import Callable

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import KINDS, ResourceKind, find_kind
from flowtui.commands.failures import from_service, usage
from flowtui.commands.workflow import EditSession, JsonObject
from flowtui.edits.edit_start import start_edit
from flowtui.session import Session


def kind_named(name: str) -> ResourceKind:
    """The kind called ``name`` (any alias the ``:`` line takes), or a usage failure."""
    kind = find_kind(name)
    if kind is None:
        names = ", ".join(k.name for k in KINDS)
        raise usage(f"unknown kind {name!r}; use one of: {names}")
    return kind


async def read_record(session: Session, kind: ResourceKind, record_id: str) -> JsonObject:
    """The record as the service holds it now (real values, never printed as is)."""
    try:
        return await session.client.get(kind, record_id)
    except FlowServiceError as error:
        raise from_service(error) from None


async def load_edit(
    session: Session,
    kind: ResourceKind,
    record_id: str,
    *,
    base: JsonObject | None = None,
    note: Callable[[str], None] | None = None,
) -> EditSession:
    """An edit of the record (read now, or ``base`` as a draft began from) with its spec.

    When the spec cannot be read the edit goes on as the TUI's does: secrets are masked by
    their names and the spec's checks are skipped; ``note`` is told so.
    """
    record = base if base is not None else await read_record(session, kind, record_id)
    started = await start_edit(session.client, kind, record)
    if started.note and note is not None:
        note(started.note)
    return started.edit
