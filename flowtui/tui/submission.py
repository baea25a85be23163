"""Sending an edit: PATCH with the etag the edit began from, or re-read and PUT a spec; audit it.

Kept apart from the screens so the review only has to await one call and show what it raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowtui.api.errors import FlowServiceError
from flowtui.patching import invert, redact_ops
from flowtui.session import Session
from flowtui.store.audit import AuditEntry, AuditLog, Method, timestamp
from flowtui.tui.editing import EditSession, EditState, JsonObject


class ChangedOnServerError(Exception):
    """The spec changed on the server since the edit began; nothing was sent."""

    def __init__(self, current: JsonObject) -> None:
        super().__init__("the record changed on the server since it was loaded")
        self.current = current


@dataclass(frozen=True)
class Submitted:
    """A submit the service accepted: the record as re-fetched and its new etag."""

    record: JsonObject
    etag: str | None
    request_id: str | None
    warning: str | None = None
    """Something that went wrong after the service accepted the change (it is applied)."""
    entry: AuditEntry | None = None
    """What the audit log got (None if it could not be written): what undo starts from."""


async def submit_edit(
    session: Session,
    edit: EditSession,
    state: EditState,
    *,
    audit: AuditLog | None = None,
) -> Submitted:
    """Send the edit; raises the client's FlowServiceError subclasses or ChangedOnServerError.

    Once the service has accepted the change nothing raises: a failed re-fetch or audit write
    comes back as ``Submitted.warning``, since the edit must not look unapplied.
    """
    client = session.client
    kind = edit.kind
    previous_body: JsonObject | None = None
    undo_ops: list[JsonObject] | None = None
    before: JsonObject | None = None
    method: Method
    record: JsonObject | None
    warnings: list[str] = []
    if edit.is_put:
        current = await client.get(kind, edit.record_id)
        if current != edit.base:
            raise ChangedOnServerError(current)
        record = await client.put(kind, edit.record_id, edit.put_body(state))
        etag_after, request_id = _etag(record), None
        previous_body = edit.base
        method = "PUT"
    else:
        if edit.base_etag is None:
            raise ValueError(f"this {kind.singular} has no etag to guard the change with")
        result = await client.patch(kind, edit.record_id, state.ops, edit.base_etag)
        etag_after, request_id = result.etag, result.request_id
        method = "PATCH"
        # Undo needs the inverse and the record as it was (both masked: a credential's old
        # value is never kept, so a credential change is refused at undo time).
        undo_ops = list(redact_ops(invert(edit.base, state.ops), edit.secret_paths_for(state)))
        before = edit.shown_base
        try:
            record = await client.get(kind, edit.record_id)
        except FlowServiceError as exc:
            record = None
            warnings.append(f"applied, but the record could not be re-read: {exc.message}")
        etag_after = etag_after or _etag(record)
    if record is None:
        record = dict(state.after or edit.base)
        if etag_after:
            record["etag"] = etag_after
    entry = AuditEntry(
        time=timestamp(),
        profile=session.profile,
        org_id=session.org_id,
        sandbox=session.sandbox,
        kind=kind.name,
        record_id=edit.record_id,
        name=edit.name,
        method=method,
        etag_before=edit.base_etag,
        etag_after=etag_after,
        ops=edit.shown_ops(state),
        request_id=request_id,
        previous_body=previous_body,
        undo_ops=undo_ops,
        before=before,
    )
    kept: AuditEntry | None = entry
    try:
        (audit if audit is not None else AuditLog()).append(entry)
    except OSError as exc:
        kept = None
        warnings.append(f"applied, but not written to the audit log ({exc.__class__.__name__})")
    return Submitted(record, etag_after, request_id, "; ".join(warnings) or None, kept)


def _etag(record: Any) -> str | None:
    etag = record.get("etag") if isinstance(record, dict) else None
    return etag if isinstance(etag, str) else None
