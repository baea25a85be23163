"""Undo of an audited submit: work out the edit that puts the record back, or say why not.

The undo is an ordinary edit through the editor and the review: a PATCH of the inverse ops
guarded by the etag the submit produced, or a PUT of the spec's previous body. When the record
changed since, its base is the record as the submit left it, so the service's 412 (or the spec's
re-read) leads to the conflict view with base, theirs and the undo as mine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowtui.api.errors import NotFoundError
from flowtui.api.kinds import ResourceKind, find_kind
from flowtui.edits.editing import JsonObject
from flowtui.patching import PatchError, apply_ops, diff, strip_read_only
from flowtui.store.audit import REDACTED, AuditEntry

if TYPE_CHECKING:
    from flowtui.api.client import FlowServiceClient


class UndoRefusedError(Exception):
    """This entry cannot be undone from flowtui; the message says why and what to do."""


@dataclass(frozen=True)
class UndoPlan:
    """The edit that undoes an entry: open the editor on ``base`` with ``ops`` applied."""

    kind: ResourceKind
    base: JsonObject
    """The record the undo starts from; for a PATCH it carries the etag the submit produced."""
    ops: list[JsonObject]
    """Applied to the masked base, they give the editor's text (the review shows them)."""
    changed_since: bool
    """The record changed after the submit: the review's submit will meet a conflict."""


def _has_redacted(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_redacted(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_redacted(v) for v in value)
    return bool(value == REDACTED)


def _credential_refusal(ops: list[JsonObject]) -> None:
    if any("value" in op and _has_redacted(op["value"]) for op in ops):
        raise UndoRefusedError(
            "This change set a credential, whose old value is never kept: undo it by hand."
        )


def refusal_before_reading(entry: AuditEntry) -> str | None:
    """Why the entry cannot be undone whatever the server holds now, or None."""
    if entry.method == "PATCH" and entry.undo_ops is None:
        return "This entry has no inverse recorded (written by an older flowtui): undo by hand."
    if entry.method == "PUT" and entry.previous_body is None:
        return "This entry keeps no previous body: undo by hand."
    if entry.method not in ("PATCH", "PUT"):
        return f"A {entry.method} cannot be undone from the history: do it again."
    try:
        _credential_refusal(entry.undo_ops or [])
    except UndoRefusedError as exc:
        return str(exc)
    return None


async def plan_undo(client: FlowServiceClient, entry: AuditEntry) -> UndoPlan:
    """Read the record now and build the undo; raises UndoRefusedError or FlowServiceError."""
    kind = find_kind(entry.kind)
    if kind is None:
        raise UndoRefusedError(f"Unknown kind {entry.kind!r} in the audit log.")
    try:
        current = await client.get(kind, entry.record_id)
    except NotFoundError:
        raise UndoRefusedError(
            f"The {kind.singular} {entry.name!r} no longer exists (or you lost access to it)."
        ) from None
    if entry.method == "PATCH":
        return _plan_patch(kind, entry, current)
    if entry.method == "PUT":
        return _plan_put(kind, entry, current)
    raise UndoRefusedError(f"A {entry.method} cannot be undone from the history: do it again.")


def _plan_patch(kind: ResourceKind, entry: AuditEntry, current: JsonObject) -> UndoPlan:
    if entry.undo_ops is None:
        raise UndoRefusedError(
            "This entry has no inverse recorded (written by an older flowtui): undo by hand."
        )
    _credential_refusal(entry.undo_ops)
    if entry.etag_after is not None and current.get("etag") == entry.etag_after:
        return UndoPlan(kind, current, list(entry.undo_ops), changed_since=False)
    if entry.before is None or entry.etag_after is None:
        raise UndoRefusedError(
            f"The {kind.singular} changed since this submit and the entry does not keep the "
            "record as it was: undo by hand."
        )
    try:
        after = apply_ops(entry.before, entry.ops)
    except PatchError as exc:
        raise UndoRefusedError(f"The entry's ops no longer rebuild the record: {exc}") from None
    if not isinstance(after, dict):
        raise UndoRefusedError("The entry's ops do not rebuild a record.")
    after["etag"] = entry.etag_after
    return UndoPlan(kind, after, list(entry.undo_ops), changed_since=True)


def _plan_put(kind: ResourceKind, entry: AuditEntry, current: JsonObject) -> UndoPlan:
    previous = entry.previous_body
    if previous is None:
        raise UndoRefusedError("This entry keeps no previous body: undo by hand.")
    try:
        expected = apply_ops(previous, entry.ops)
    except PatchError as exc:
        raise UndoRefusedError(f"The entry's ops no longer rebuild the spec: {exc}") from None
    if not isinstance(expected, dict):
        raise UndoRefusedError("The entry's ops do not rebuild a spec.")
    unchanged = strip_read_only(kind, current) == strip_read_only(kind, expected)
    base = current if unchanged else expected
    ops = diff(strip_read_only(kind, base), strip_read_only(kind, previous))
    if not ops:
        raise UndoRefusedError("The spec already has its previous body: nothing to undo.")
    _credential_refusal(ops)
    return UndoPlan(kind, base, ops, changed_since=not unchanged)
