"""Undo of an audited submit: work out the edit that puts the record back, or say why not.

The undo is an ordinary edit through the editor and the review: a PATCH of the inverse ops
guarded by the etag the submit produced, or a PUT of the spec's previous body. When the record
changed since, its base is the record as the submit left it, so the service's 412 (or the spec's
re-read) leads to the conflict view with base, theirs and the undo as mine.

A credential's old value is never stored, so the undo of a change that set one restores the
other parts and names the credentials it cannot. A flow toggle is undone by the opposite action,
through the same confirmation as the toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowtui.api.errors import NotFoundError
from flowtui.api.kinds import FLOWS, ResourceKind, find_kind
from flowtui.edits.editing import JsonObject
from flowtui.patching import PatchError, apply_ops, diff, strip_read_only
from flowtui.patching.pointers import split
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
    lost: tuple[str, ...] = ()
    """Paths of credentials the submit set, whose old values were never stored."""

    @property
    def note(self) -> str:
        """What the undo cannot restore, in a sentence; empty when it restores everything."""
        return lost_credentials_note(self.lost)


@dataclass(frozen=True)
class ToggleUndo:
    """The flow action that undoes a toggle: ``op`` on ``flow`` as read now, with its etag."""

    flow: JsonObject
    op: str
    """``enable`` undoes ``disabled`` and ``disable`` undoes ``enabled``."""
    changed_since: str
    """A sentence when the flow changed after the toggle (its etag moved); empty otherwise."""


def _has_redacted(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_redacted(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_redacted(v) for v in value)
    return bool(value == REDACTED)


def split_credential_ops(ops: list[JsonObject]) -> tuple[list[JsonObject], tuple[str, ...]]:
    """The ops that can be sent back, and the paths of those that would write a scrubbed value."""
    kept: list[JsonObject] = []
    lost: list[str] = []
    for op in ops:
        if "value" in op and _has_redacted(op["value"]):
            lost.append(str(op.get("path", "")))
        else:
            kept.append(op)
    return kept, tuple(lost)


def _part_name(path: str) -> str:
    try:
        named = [s for s in split(path) if not s.isdigit() and s != "-"]
    except ValueError:
        return path
    return named[-1] if named else path or "(record)"


def lost_credentials_note(paths: tuple[str, ...] | list[str]) -> str:
    """``the password cannot be restored: it was never stored; set it again by hand``."""
    if not paths:
        return ""
    names = list(dict.fromkeys(_part_name(path) for path in paths))
    if len(names) == 1:
        return f"the {names[0]} cannot be restored: it was never stored; set it again by hand"
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"the {listed} cannot be restored: they were never stored; set them again by hand"


def _credential_refusal(ops: list[JsonObject]) -> None:
    """Refuse only when every op writes a credential: otherwise the rest is restored."""
    kept, lost = split_credential_ops(ops)
    if lost and not kept:
        raise UndoRefusedError(
            "This change only set a credential, whose old value is never kept: "
            f"{lost_credentials_note(lost)}."
        )


def toggled_to(entry: AuditEntry) -> str | None:
    """The state a toggle entry left the flow in (``enabled``/``disabled``), None if not one."""
    if entry.method != "ACTION" or entry.kind != "flows" or len(entry.ops) != 1:
        return None
    op = entry.ops[0]
    value = op.get("value")
    if op.get("path") != "/state" or value not in ("enabled", "disabled"):
        return None
    return str(value)


def toggle_undo_op(entry: AuditEntry) -> str | None:
    """The action that undoes a toggle entry: ``enable`` for ``disabled`` and the reverse."""
    state = toggled_to(entry)
    if state is None:
        return None
    return "enable" if state == "disabled" else "disable"


def refusal_before_reading(entry: AuditEntry) -> str | None:
    """Why the entry cannot be undone whatever the server holds now, or None."""
    if entry.method == "ACTION":
        if toggle_undo_op(entry) is None:
            return "This action is not a flow toggle: undo it by hand."
        return None
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


async def plan_toggle_undo(client: FlowServiceClient, entry: AuditEntry) -> ToggleUndo:
    """Read the flow now and name the action that undoes the toggle; refuse if it moved on."""
    op = toggle_undo_op(entry)
    left = toggled_to(entry)
    if op is None or left is None:
        raise UndoRefusedError("This action is not a flow toggle: undo it by hand.")
    try:
        current = await client.get(FLOWS, entry.record_id)
    except NotFoundError:
        raise UndoRefusedError(
            f"The flow {entry.name!r} no longer exists (or you lost access to it)."
        ) from None
    state = current.get("state")
    if state != left:
        raise UndoRefusedError(
            f"The flow {entry.name!r} is {state or 'in no known state'} now: its state changed "
            f"since it was {left}, so there is nothing to undo."
        )
    changed = ""
    etag = current.get("etag")
    if entry.etag_after is not None and etag != entry.etag_after:
        changed = (
            f"The flow changed since it was {left} (etag {entry.etag_after} is now {etag}): "
            "the undo is sent with its current etag."
        )
    return ToggleUndo(current, op, changed)


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
    if entry.method == "ACTION":
        raise UndoRefusedError("A flow toggle is undone by the opposite action: plan_toggle_undo.")
    raise UndoRefusedError(f"A {entry.method} cannot be undone from the history: do it again.")


def _plan_patch(kind: ResourceKind, entry: AuditEntry, current: JsonObject) -> UndoPlan:
    if entry.undo_ops is None:
        raise UndoRefusedError(
            "This entry has no inverse recorded (written by an older flowtui): undo by hand."
        )
    _credential_refusal(entry.undo_ops)
    ops, lost = split_credential_ops(entry.undo_ops)
    if entry.etag_after is not None and current.get("etag") == entry.etag_after:
        return UndoPlan(kind, current, ops, changed_since=False, lost=lost)
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
    return UndoPlan(kind, after, ops, changed_since=True, lost=lost)


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
    kept, lost = split_credential_ops(ops)
    return UndoPlan(kind, base, kept, changed_since=not unchanged, lost=lost)
