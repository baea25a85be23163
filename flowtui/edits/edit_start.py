"""Starting an edit: the record plus the spec that says which of its fields are secret.

The TUI's editor and ``flowtui edit``/``diff``/``apply`` start an edit the same way, so a record
printed by ``flowtui get`` is exactly the text the editor opens. A spec the caller already read
(the record view reads it to mask secrets) is passed in and not fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowtui.api.client import FlowServiceClient
from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import (
    CONNECTION_SPECS,
    CONNECTIONS,
    FLOW_SPECS,
    FLOWS,
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    ResourceKind,
    value_at,
)
from flowtui.edits.editing import EditSession, JsonObject

CONNECTION_KINDS = (CONNECTIONS, SOURCE_CONNECTIONS, TARGET_CONNECTIONS)
"""Kinds whose secrets a connection spec names."""


@dataclass(frozen=True)
class StartedEdit:
    """An edit ready to show, and why it is weaker than usual (its spec unread), if it is."""

    edit: EditSession
    note: str = ""


def spec_reference(kind: ResourceKind, record: JsonObject) -> tuple[ResourceKind, str] | None:
    """The spec (its kind and id) that describes ``record``, or None if it has none."""
    if kind in CONNECTION_KINDS:
        spec_kind, field = CONNECTION_SPECS, "connectionSpec.id"
    elif kind is FLOWS:
        spec_kind, field = FLOW_SPECS, "flowSpec.id"
    else:
        return None
    spec_id = value_at(record, field)
    return (spec_kind, spec_id) if isinstance(spec_id, str) else None


async def start_edit(
    client: FlowServiceClient,
    kind: ResourceKind,
    record: JsonObject,
    *,
    known_spec: JsonObject | None = None,
) -> StartedEdit:
    """An edit of ``record`` with its spec: ``known_spec`` when it is that spec, else read now.

    When the spec cannot be read the edit goes on: secrets are masked by their names and the
    spec's checks are skipped, which the note says.
    """
    reference = spec_reference(kind, record)
    spec: JsonObject | None = None
    note = ""
    if reference is not None:
        spec_kind, spec_id = reference
        if known_spec is not None and known_spec.get("id") == spec_id:
            spec = known_spec
        else:
            try:
                spec = await client.get(spec_kind, spec_id)
            except FlowServiceError as error:
                note = (
                    f"its spec could not be read ({error.message}): secrets are masked by field "
                    "name and the spec's checks are skipped"
                )
    is_flow = kind is FLOWS
    edit = EditSession(
        kind,
        record,
        connection_spec=None if is_flow else spec,
        flow_spec=spec if is_flow else None,
    )
    return StartedEdit(edit, note)
