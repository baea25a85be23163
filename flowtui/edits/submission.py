"""Sending an edit or a flow action, and saying honestly what happened: applied, not, or unknown.

Only a 2xx that left the record changed is success. When the request went out and no usable
answer came back (a timeout, a reset, a gateway error, a redirect), the record is read again and
the outcome is one of three: applied (audited, undo available), not applied (the edit stays), or
still unknown (the edit is kept as a draft; the person reloads before retrying). Kept apart from
the screens so the review, the flow toggle and the command line share one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from flowtui.api.errors import (
    AnswerError,
    ConnectionFailedError,
    FlowServiceError,
    NoAnswerError,
    OutcomeUnknownError,
    PreconditionFailedError,
    ServerError,
    UnexpectedAnswerError,
)
from flowtui.api.kinds import FLOWS
from flowtui.edits.editing import EditSession, EditState, JsonObject, masked_value
from flowtui.patching import MISSING, invert, redact_ops, resolve, strip_read_only
from flowtui.session import Session
from flowtui.store.audit import AuditEntry, AuditLog, Method, timestamp


class ChangedOnServerError(Exception):
    """The spec changed on the server since the edit began; nothing was sent."""

    def __init__(self, current: JsonObject) -> None:
        super().__init__("the record changed on the server since it was loaded")
        self.current = current


@dataclass(frozen=True)
class Submitted:
    """A submit the service applied: the record as re-fetched and its new etag."""

    record: JsonObject
    etag: str | None
    request_id: str | None
    warning: str | None = None
    """Something that went wrong after the service accepted the change (it is applied)."""
    entry: AuditEntry | None = None
    """What the audit log got (None if it could not be written): what undo starts from."""


class OutcomeKind(Enum):
    """What a submit did to the record on the service."""

    APPLIED = "applied"
    NOT_APPLIED = "not applied"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SubmitOutcome:
    """The result of one submit (edit, spec PUT or flow action), with a sentence for a person.

    APPLIED carries ``submitted`` (audited, so undo can reach it); NOT_APPLIED keeps the edit in
    the editor; UNKNOWN means the request may have landed or may still land: keep the edit as a
    draft and reload the record before retrying.
    """

    kind: OutcomeKind
    message: str
    submitted: Submitted | None = None
    error: FlowServiceError | None = None
    """What the wire said, when it said something other than success."""
    current: JsonObject | None = None
    """The record as re-read, when it was."""
    stale: bool = False
    """Not applied because the record changed on the server since the edit began (412, or a
    spec that changed before its PUT): the conflict view takes over, under its own "nothing was
    applied", so ``message`` then only says why."""

    @property
    def applied(self) -> bool:
        return self.kind is OutcomeKind.APPLIED


def outcome_may_have_landed(error: FlowServiceError) -> bool:
    """Whether a failed write may still have been applied, so the record must be re-read.

    A definite refusal (4xx) applied nothing, and a connection that never opened sent nothing;
    a lost answer, a gateway or server error, or a redirect says nothing about the backend.
    """
    if isinstance(error, ConnectionFailedError):
        return False
    if isinstance(error, (OutcomeUnknownError, NoAnswerError, ServerError, UnexpectedAnswerError)):
        return True
    if isinstance(error, AnswerError) or error.status is not None:
        return error.status is None or not 400 <= error.status < 500
    return False


def _why(error: FlowServiceError) -> str:
    cause = error.cause if isinstance(error, OutcomeUnknownError) else error
    return str(cause)


def _etag(record: Any) -> str | None:
    etag = record.get("etag") if isinstance(record, dict) else None
    return etag if isinstance(etag, str) else None


def _holds_edit(edit: EditSession, state: EditState, current: JsonObject) -> bool:
    """Whether ``current`` holds every value the ops set (credentials compared masked)."""
    after = state.after if state.after is not None else edit.base
    secrets = edit.secret_paths_for(state) | edit.shown_secrets(current)
    for op in state.ops:
        path = str(op["path"])
        wanted = masked_value(path, resolve(after, path), secrets)
        found = masked_value(path, resolve(current, path), secrets)
        if (wanted is MISSING) != (found is MISSING) or wanted != found:
            return False
    return True


def _spec_holds(edit: EditSession, body: JsonObject, current: JsonObject) -> bool:
    return strip_read_only(edit.kind, current) == strip_read_only(edit.kind, body)


async def submit(
    session: Session, edit: EditSession, state: EditState, *, audit: AuditLog | None = None
) -> SubmitOutcome:
    """Send the edit (PATCH with the etag it began from, or re-read and PUT a spec); never raises
    for what the service or the network did: the outcome says it."""
    try:
        submitted = await submit_edit(session, edit, state, audit=audit)
    except ChangedOnServerError as exc:
        return SubmitOutcome(OutcomeKind.NOT_APPLIED, str(exc), current=exc.current, stale=True)
    except PreconditionFailedError as exc:
        return SubmitOutcome(
            OutcomeKind.NOT_APPLIED,
            f"The service refused the etag: {exc.code or 'HTTP 412'}.",
            error=exc,
            stale=True,
        )
    except _Unconfirmed as unconfirmed:
        return await _settle(session, edit, state, unconfirmed.error, audit=audit)
    except FlowServiceError as exc:
        if outcome_may_have_landed(exc):
            return await _settle(session, edit, state, exc, audit=audit)
        return SubmitOutcome(OutcomeKind.NOT_APPLIED, f"Not applied: {exc}", error=exc)
    return SubmitOutcome(OutcomeKind.APPLIED, "Applied.", submitted=submitted)


class _Unconfirmed(FlowServiceError):
    """A write answered 2xx that did not change the record: ``submit`` settles it by re-reading.

    A FlowServiceError, so a caller of ``submit_edit`` that catches those never reports it saved.
    """

    def __init__(self, error: FlowServiceError) -> None:
        super().__init__(error.message, request_id=error.request_id)
        self.error = error


async def _settle(
    session: Session,
    edit: EditSession,
    state: EditState,
    error: FlowServiceError,
    *,
    audit: AuditLog | None,
) -> SubmitOutcome:
    """Re-read the record after a write whose outcome is unknown and say which of three holds."""
    kind = edit.kind
    why = _why(error)
    try:
        current = await session.client.get(kind, edit.record_id)
    except FlowServiceError as exc:
        return SubmitOutcome(
            OutcomeKind.UNKNOWN,
            f"Outcome unknown: {why}. Re-reading the {kind.singular} failed too ({exc.message}). "
            "Your edit is kept as a draft: reload the record before retrying.",
            error=error,
        )
    if edit.is_put:
        body = edit.put_body(state)
        if _spec_holds(edit, body, current):
            return await _applied_after_all(session, edit, state, current, why, audit=audit)
        if _spec_holds(edit, edit.base, current):
            return SubmitOutcome(
                OutcomeKind.NOT_APPLIED,
                f"Not applied: {why}. Re-reading shows the {kind.singular} unchanged; your edit "
                "is still here.",
                error=error,
                current=current,
            )
    else:
        etag = _etag(current)
        if etag is not None and etag == edit.base_etag:
            return SubmitOutcome(
                OutcomeKind.NOT_APPLIED,
                f"Not applied: {why}. Re-reading shows the {kind.singular} unchanged (same etag); "
                "your edit is still here.",
                error=error,
                current=current,
            )
        if etag is not None and _holds_edit(edit, state, current):
            return await _applied_after_all(session, edit, state, current, why, audit=audit)
    return SubmitOutcome(
        OutcomeKind.UNKNOWN,
        f"Outcome unknown: {why}. The {kind.singular} changed, but not (only) as your edit "
        "would: something else changed it, or your request may still land. Your edit is kept "
        "as a draft: reload the record before retrying.",
        error=error,
        current=current,
    )


async def _applied_after_all(
    session: Session,
    edit: EditSession,
    state: EditState,
    current: JsonObject,
    why: str,
    *,
    audit: AuditLog | None,
) -> SubmitOutcome:
    submitted = _record(
        session, edit, state, current, _etag(current), None, audit=audit, warnings=[]
    )
    note = f"the answer was lost ({why}), but re-reading shows your edit applied"
    warning = "; ".join(w for w in (note, submitted.warning) if w)
    return SubmitOutcome(
        OutcomeKind.APPLIED,
        f"Applied: {note}.",
        submitted=Submitted(
            submitted.record, submitted.etag, submitted.request_id, warning, submitted.entry
        ),
        current=current,
    )


async def submit_edit(
    session: Session,
    edit: EditSession,
    state: EditState,
    *,
    audit: AuditLog | None = None,
) -> Submitted:
    """Send the edit; raises the client's FlowServiceError subclasses or ChangedOnServerError.

    Once the service has applied the change nothing raises: a failed re-fetch or audit write
    comes back as ``Submitted.warning``, since the edit must not look unapplied. A 2xx that left
    the record as it was raises ``_Unconfirmed`` (``submit`` settles it by re-reading).
    """
    client = session.client
    kind = edit.kind
    warnings: list[str] = []
    if edit.is_put:
        current = await client.get(kind, edit.record_id)
        if current != edit.base:
            raise ChangedOnServerError(current)
        body = edit.put_body(state)
        record: JsonObject | None = await client.put(kind, edit.record_id, body)
        if record is None or not _spec_holds(edit, body, record):
            raise _Unconfirmed(
                FlowServiceError(f"the service answered the PUT of {edit.name} as a success")
            )
        return _record(session, edit, state, record, _etag(record), None, audit, warnings)
    if edit.base_etag is None:
        raise ValueError(f"this {kind.singular} has no etag to guard the change with")
    result = await client.patch(kind, edit.record_id, state.ops, edit.base_etag)
    if result.etag is not None and result.etag == edit.base_etag:
        raise _Unconfirmed(
            FlowServiceError(
                "the service answered as a success, but the etag did not change",
                request_id=result.request_id,
            )
        )
    try:
        record = await client.get(kind, edit.record_id)
    except FlowServiceError as exc:
        record = None
        warnings.append(f"applied, but the record could not be re-read: {exc.message}")
    etag_after = result.etag or _etag(record)
    return _record(session, edit, state, record, etag_after, result.request_id, audit, warnings)


def _record(
    session: Session,
    edit: EditSession,
    state: EditState,
    record: JsonObject | None,
    etag_after: str | None,
    request_id: str | None,
    audit: AuditLog | None,
    warnings: list[str],
) -> Submitted:
    """Audit an applied change (undo starts from the entry) and build what the screens show."""
    method: Method = "PUT" if edit.is_put else "PATCH"
    undo_ops: list[JsonObject] | None = None
    before: JsonObject | None = None
    if not edit.is_put:
        # Undo needs the inverse and the record as it was (both masked: a credential's old
        # value is never kept, so a credential change is refused at undo time).
        undo_ops = list(redact_ops(invert(edit.base, state.ops), edit.secret_paths_for(state)))
        before = edit.shown_base
    if record is None:
        record = dict(state.after or edit.base)
        if etag_after:
            record["etag"] = etag_after
    entry = AuditEntry(
        time=timestamp(),
        profile=session.profile,
        org_id=session.org_id,
        sandbox=session.sandbox,
        kind=edit.kind.name,
        record_id=edit.record_id,
        name=edit.name,
        method=method,
        etag_before=edit.base_etag,
        etag_after=etag_after,
        ops=edit.shown_ops(state),
        request_id=request_id,
        previous_body=edit.base if edit.is_put else None,
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


# --- flow actions ---------------------------------------------------------------------------


def toggled_state(op: str) -> str:
    """The state a flow action leaves: ``enable`` -> ``enabled``."""
    return f"{op}d"


async def run_flow_action(
    session: Session, flow: JsonObject, op: str, *, audit: AuditLog | None = None
) -> SubmitOutcome:
    """Enable or disable a flow with its etag; the same three outcomes as an edit.

    APPLIED carries the flow as re-read (or as the action left it) in ``submitted.record``.
    """
    client = session.client
    record_id = str(flow.get("id", ""))
    etag_before = _etag(flow)
    try:
        result = await client.action(FLOWS, record_id, op, etag=etag_before)
    except FlowServiceError as exc:
        if not outcome_may_have_landed(exc):
            stale = isinstance(exc, PreconditionFailedError)
            extra = (
                "\nThe flow changed on the server since it was loaded: reload it first."
                if stale
                else ""
            )
            return SubmitOutcome(
                OutcomeKind.NOT_APPLIED, f"Not applied: {exc}{extra}", error=exc, stale=stale
            )
        return await _settle_action(session, flow, op, exc, audit=audit)
    if result.etag is not None and result.etag == etag_before:
        unconfirmed = FlowServiceError(
            "the service answered as a success, but the etag did not change",
            request_id=result.request_id,
        )
        return await _settle_action(session, flow, op, unconfirmed, audit=audit)
    warnings: list[str] = []
    try:
        current = await client.get(FLOWS, record_id)
    except FlowServiceError as exc:
        current = {**flow, "state": toggled_state(op), "etag": result.etag}
        warnings.append(f"applied, but the flow could not be re-read: {exc.message}")
    return _action_applied(
        session, flow, op, current, result.etag, result.request_id, audit, warnings
    )


async def _settle_action(
    session: Session,
    flow: JsonObject,
    op: str,
    error: FlowServiceError,
    *,
    audit: AuditLog | None,
) -> SubmitOutcome:
    why = _why(error)
    try:
        current = await session.client.get(FLOWS, str(flow.get("id", "")))
    except FlowServiceError as exc:
        return SubmitOutcome(
            OutcomeKind.UNKNOWN,
            f"Outcome unknown: {why}. Re-reading the flow failed too ({exc.message}): reload it "
            "before trying again.",
            error=error,
        )
    etag = _etag(current)
    if etag is not None and etag == _etag(flow):
        return SubmitOutcome(
            OutcomeKind.NOT_APPLIED,
            f"Not applied: {why}. Re-reading shows the flow unchanged (same etag).",
            error=error,
            current=current,
        )
    if current.get("state") == toggled_state(op) and etag is not None:
        outcome = _action_applied(session, flow, op, current, etag, None, audit, [])
        note = f"the answer was lost ({why}), but re-reading shows the flow {toggled_state(op)}"
        return SubmitOutcome(
            OutcomeKind.APPLIED, f"Applied: {note}.", outcome.submitted, current=current
        )
    return SubmitOutcome(
        OutcomeKind.UNKNOWN,
        f"Outcome unknown: {why}. The flow changed, but not as the action would: reload it "
        "before trying again.",
        error=error,
        current=current,
    )


def _action_applied(
    session: Session,
    flow: JsonObject,
    op: str,
    current: JsonObject,
    etag_after: str | None,
    request_id: str | None,
    audit: AuditLog | None,
    warnings: list[str],
) -> SubmitOutcome:
    name = str(flow.get("name") or flow.get("id", ""))
    entry = AuditEntry(
        time=timestamp(),
        profile=session.profile,
        org_id=session.org_id,
        sandbox=session.sandbox,
        kind=FLOWS.name,
        record_id=str(flow.get("id", "")),
        name=name,
        method="ACTION",
        etag_before=_etag(flow),
        etag_after=etag_after,
        ops=[{"op": "replace", "path": "/state", "value": toggled_state(op)}],
        request_id=request_id,
    )
    kept: AuditEntry | None = entry
    try:
        (audit if audit is not None else AuditLog()).append(entry)
    except OSError as exc:
        kept = None
        warnings.append(f"applied, but not written to the audit log ({exc.__class__.__name__})")
    submitted = Submitted(current, etag_after, request_id, "; ".join(warnings) or None, kept)
    return SubmitOutcome(
        OutcomeKind.APPLIED,
        f"Flow {name} {toggled_state(op)}. New etag {etag_after}.",
        submitted=submitted,
        current=current,
    )
