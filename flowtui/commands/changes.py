"""One change to one record, from a file or from ops: worked out, guarded, reviewed, sent.

The ops come from the TUI's ``EditSession.evaluate`` (the same diff, guards and schema checks);
sending is the TUI's ``submission.submit`` (PATCH with the etag the change began from, or the
spec re-read before its PUT; a lost answer settled by a re-read), which writes the same audit
log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from flowtui.api.kinds import ResourceKind
from flowtui.commands.documents import file_etag, with_service_fields
from flowtui.commands.exit_codes import ExitCode, exit_code_of
from flowtui.commands.failures import CommandFailure, refused
from flowtui.commands.output import quoted
from flowtui.commands.records import load_edit
from flowtui.commands.workflow import (
    EditSession,
    EditState,
    JsonObject,
    OutcomeKind,
    SubmitOutcome,
    Submitted,
    compact,
    pretty,
    submit,
)
from flowtui.edits.review_warnings import review_warnings
from flowtui.patching import PatchError, Problem, apply_ops, guard_edit, strip_read_only
from flowtui.session import Session
from flowtui.visible import visible

Note = Callable[[str], None]


@dataclass(frozen=True)
class Change:
    """The edit (the record as read, its etag, its specs) and what the new text makes of it."""

    edit: EditSession
    state: EditState

    @property
    def ops(self) -> list[JsonObject]:
        """The ops with credential values masked: what is shown, printed and audited."""
        return self.edit.shown_ops(self.state)

    @property
    def target(self) -> str:
        edit = self.edit
        return f"{edit.kind.singular} {quoted(edit.name)} ({visible(edit.record_id)})"


def stale_file(kind: ResourceKind, record: JsonObject, current: JsonObject) -> str | None:
    """Why ``record`` was read from an older version than ``current``, or None.

    A record carries its etag; a spec has none, so its ``updatedAt`` tells instead.
    """
    if kind.has_etag:
        etag, now = file_etag(record), current.get("etag")
        if etag is not None and etag != now:
            return f"the file was read at etag {etag} and the record is now at {now}"
        return None
    when, now = record.get("updatedAt"), current.get("updatedAt")
    if when is not None and when != now:
        return f"the file was read at updatedAt {when} and the spec is now at {now}"
    return None


def changed_on_server(reason: str) -> CommandFailure:
    return CommandFailure(
        f"changed on the server since it was read: {reason}. Nothing was sent. Read it again "
        "(flowtui get) and redo the change, or use flowtui edit, which offers a rebase",
        ExitCode.CHANGED_ON_SERVER,
    )


async def change_from_record(
    session: Session, kind: ResourceKind, record_id: str, record: JsonObject, note: Note
) -> Change:
    """The change that turns the record, as read now, into ``record`` (a file's content)."""
    named = record.get("id")
    if named is not None and named != record_id:
        raise refused(
            f"the file holds the {kind.singular} {quoted(named)}, not {quoted(record_id)}: "
            "nothing was read or sent (use the id the file was read from)"
        )
    edit = await load_edit(session, kind, record_id, note=note)
    reason = stale_file(kind, record, edit.base)
    if reason is not None:
        if strip_read_only(kind, record) == strip_read_only(kind, edit.shown_base):
            # Already as the file says (a script run twice): nothing to send, nothing lost.
            return Change(edit, edit.evaluate(edit.initial_text()))
        raise changed_on_server(reason)
    filled = with_service_fields(kind, record, edit.shown_base)
    return Change(edit, edit.evaluate(pretty(filled)))


async def change_from_ops(
    session: Session, kind: ResourceKind, record_id: str, ops: list[JsonObject], note: Note
) -> Change:
    """The change raw ops make; guarded as given (a masked secret written back is refused even
    where it changes nothing) and again as the minimal ops that are sent."""
    edit = await load_edit(session, kind, record_id, note=note)
    try:
        edited = apply_ops(edit.shown_base, ops)
    except PatchError as exc:
        raise refused(f"the ops do not apply to the {kind.singular}: {exc}") from None
    if not isinstance(edited, dict):
        raise refused("the ops must leave a record (a JSON object)")
    state = edit.evaluate(pretty(edited))
    as_given = guard_edit(kind, edit.shown_base, edited, ops, connection_spec=edit.connection_spec)
    problems = _unique([*as_given, *state.problems])
    return Change(edit, dataclasses.replace(state, problems=problems))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            kept.append(problem)
    return kept


def refuse_problems(change: Change) -> None:
    """Stop (exit 1, nothing sent) when any guard refuses the change."""
    if change.state.problems:
        count = len(change.state.problems)
        raise refused(
            f"refused ({count} problem{'' if count == 1 else 's'}): nothing was sent",
            change.state.problems,
        )


def review_lines(session: Session, change: Change) -> list[str]:
    """What will be sent, for stderr: target, method and If-Match, every op, the warnings."""
    edit = change.edit
    lines = [f"Review: {change.target}", f"  sandbox {session.sandbox}, profile {session.profile}"]
    if edit.is_put:
        lines.append("  PUT of the whole spec; it is re-read first and not sent if it changed")
    else:
        lines.append(f"  PATCH with If-Match: {edit.base_etag}")
    for op in change.ops:
        value = f" {compact(op['value'], 70)}" if "value" in op else ""
        lines.append(f"  {op['op']} {op['path']}{value}")
    for warning in review_warnings(session, change.edit, change.state, mention_put=False):
        lines.append(f"  warning: {warning}")
    return lines


def outcome_failure(outcome: SubmitOutcome, what: str) -> CommandFailure:
    """A submit that did not apply, as the exit status it stands for (3, 5, or the error's)."""
    error = outcome.error
    message = outcome.message[:1].lower() + outcome.message[1:]
    if outcome.kind is OutcomeKind.UNKNOWN:
        return CommandFailure(
            f"{message} Read the {what} again (flowtui get) before retrying",
            ExitCode.OUTCOME_UNKNOWN,
            error=error,
        )
    if outcome.stale:
        return CommandFailure(
            f"{message} Read it again (flowtui get) and redo the change, or use flowtui edit, "
            "which offers a rebase",
            ExitCode.CHANGED_ON_SERVER,
            error=error,
        )
    code = exit_code_of(error) if error is not None else ExitCode.SERVICE
    if code is ExitCode.OUTCOME_UNKNOWN:
        code = ExitCode.SERVICE  # the answer was lost, but a re-read settled it: not applied
    return CommandFailure(message, code, error=error)


async def send(session: Session, change: Change) -> Submitted:
    """Submit through the TUI's path (``submission.submit``: a lost answer is settled by a
    re-read); anything but applied becomes the exit status it stands for."""
    edit = change.edit
    if not edit.is_put and edit.base_etag is None:
        raise refused(f"the {edit.kind.singular} came without an etag to guard the change with")
    outcome = await submit(session, edit, change.state)
    if outcome.submitted is not None and outcome.applied:
        return outcome.submitted
    raise outcome_failure(outcome, edit.kind.singular)


def applied_message(change: Change, submitted: Submitted) -> str:
    method = "PUT" if change.edit.is_put else "PATCH"
    parts = [f"Applied: {method} {change.target}"]
    if submitted.etag:
        parts.append(f"new etag {submitted.etag}")
    if submitted.request_id:
        parts.append(f"request id {submitted.request_id}")
    return ", ".join(parts)


def applied_json(change: Change, submitted: Submitted) -> JsonObject:
    """What ``-o json`` prints after a write the service accepted."""
    return {
        "applied": True,
        "kind": change.edit.kind.name,
        "id": change.edit.record_id,
        "method": "PUT" if change.edit.is_put else "PATCH",
        "etag_before": change.edit.base_etag,
        "etag": submitted.etag,
        "request_id": submitted.request_id,
        "ops": change.ops,
        "warning": submitted.warning,
    }
