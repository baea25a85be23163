"""``flowtui edit KIND ID``: the record in $VISUAL/$EDITOR, like ``kubectl edit``.

A refusal (not JSON, a guard, the service's 4xx) reopens the file with the reason on top; a 412
moves the edit onto the server's version (the TUI's rebase) and reopens it for another look. The
edit is kept in the TUI's draft store after every save, so nothing typed is ever lost: the TUI
and the next ``flowtui edit`` offer it back.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass, field

from flowtui.api.errors import AnswerError, FlowServiceError, PreconditionFailedError
from flowtui.api.kinds import ResourceKind
from flowtui.commands.changes import (
    Change,
    applied_json,
    applied_message,
    refuse_problems,
    review_lines,
    send,
)
from flowtui.commands.confirm import (
    WriteOptions,
    ask_on_terminal,
    check_sandbox,
    check_writable,
)
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.external_editor import edit_text
from flowtui.commands.failures import CommandFailure, problem_text, refused, usage
from flowtui.commands.output import Output, quoted
from flowtui.commands.records import kind_named, load_edit, read_record
from flowtui.commands.workflow import (
    Choice,
    EditSession,
    EditState,
    JsonObject,
    compact,
    rebase_edit,
    resolve_conflicts,
)
from flowtui.edits.draft_age import describe_age
from flowtui.patching import MASK, is_within
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.store.locks import DraftLockedError, DraftLocks
from flowtui.visible import visible

COMMENT = "#"
_PARSE_LINE = re.compile(r"(?<=^#   not JSON: )line (\d+)")


def header(edit: EditSession, session: Session, reasons: list[str], *, moved: bool = False) -> str:
    """The comment block on top of the file: what is edited, how to stop, why it came back."""
    how = (
        "# quit (saved or not) to review it again; empty the file to stop."
        if moved
        else "# quit without changing anything (or empty the file) to stop."
    )
    lines = [
        f"# Editing {edit.kind.singular} {quoted(edit.name)} ({visible(edit.record_id)}), "
        f"sandbox {visible(session.sandbox)}.",
        "# Lines starting with # are ignored. Save and quit to review and apply;",
        how,
        "# Credentials show as ********: leave them as they are, or type the new value.",
    ]
    if reasons:
        lines.append("#")
        lines.append("# NOT APPLIED YET:")
        for reason in reasons:
            lines.extend(f"#   {visible(line)}" for line in reason.splitlines())
    # A parse error's line is counted in the text; in the file it sits below this block.
    below = len(lines)
    return (
        "\n".join(_PARSE_LINE.sub(lambda m: f"line {int(m[1]) + below}", line) for line in lines)
        + "\n"
    )


def without_comments(text: str) -> str:
    """The file's text with comment lines blanked: line numbers still match what the person saw.

    Split on newlines only, as JSON counts lines: a U+2028 typed inside a string is not a line.
    """
    return "\n".join("" if line.startswith(COMMENT) else line for line in text.split("\n"))


@dataclass
class EditLoop:
    """One ``flowtui edit``: the edit (its base and etag), the text, the reasons it came back."""

    session: Session
    kind: ResourceKind
    record_id: str
    options: WriteOptions
    output: Output
    as_json: bool
    store: DraftStore = field(default_factory=DraftStore)
    edit: EditSession | None = None
    text: str = ""
    reasons: list[str] = field(default_factory=list)
    saved_draft: bool = False
    moved: bool = False
    """The text was moved onto the server's newer version: saving it unchanged applies it."""

    # --- drafts --------------------------------------------------------------------------

    def _save_draft(self, text: str) -> None:
        edit, session = self.edit, self.session
        assert edit is not None
        try:
            self.store.save(
                Draft(
                    profile=session.profile,
                    org_id=session.org_id,
                    sandbox=session.sandbox,
                    kind=self.kind.name,
                    record_id=edit.record_id,
                    name=edit.name,
                    base_etag=edit.base_etag,
                    base=edit.base,
                    text=text,
                    saved_at=time.time(),
                )
            )
            self.saved_draft = True
        except OSError as exc:
            self.output.say(f"warning: the draft could not be saved ({exc.__class__.__name__})")

    def _delete_draft(self) -> None:
        s = self.session
        self.store.delete(s.profile, s.sandbox, self.kind.name, self.record_id)

    def _kept(self) -> str:
        if not self.saved_draft:
            return ""
        return (
            f" Your edit is kept as a draft: run flowtui edit {self.kind.name} {self.record_id} "
            "again (or open the record in flowtui) to get it back."
        )

    async def _start(self) -> None:
        """Read the record; offer its draft if there is one (restore, discard, or stop)."""
        s = self.session
        draft = self.store.find(s.profile, s.sandbox, self.kind.name, self.record_id)
        if draft is not None and draft.org_id != s.org_id:
            draft = None
        current = await read_record(s, self.kind, self.record_id)
        note = self._note
        if draft is None:
            self.edit = await load_edit(s, self.kind, self.record_id, base=current, note=note)
            self.text = self.edit.initial_text()
            return
        choice = self._offer(draft, current)
        if choice == "discard":
            self._delete_draft()
            self.edit = await load_edit(s, self.kind, self.record_id, base=current, note=note)
            self.text = self.edit.initial_text()
            return
        if choice != "restore":
            raise refused("stopped: the draft is kept on disk")
        self.edit = await load_edit(s, self.kind, self.record_id, base=draft.base, note=note)
        self.text = draft.text
        self.saved_draft = True

    def _note(self, text: str) -> None:
        self.output.say(f"note: {text}")

    def _offer(self, draft: Draft, current: JsonObject) -> str:
        if self.kind.has_etag:
            changed = current.get("etag") != draft.base_etag
        else:
            changed = current != draft.base
        since = (
            "the record changed on the server since: saving it leads to the rebase"
            if changed
            else "the record is unchanged on the server since"
        )
        self.output.say(
            f"An unsaved edit of this {self.kind.singular} was found "
            f"(saved {describe_age(draft.age())}); {since}."
        )
        answer = ask_on_terminal("[r]estore it, [d]iscard it, or [q]uit and keep it? [R/d/q] ")
        if answer is None:
            self.output.say("Restoring it (no terminal to ask on).")
            return "restore"
        answer = answer.strip().lower()
        if answer in ("", "r", "restore"):
            return "restore"
        if answer in ("d", "discard"):
            confirm = ask_on_terminal("Discard deletes that edit for good. Sure? [y/N] ")
            return "discard" if (confirm or "").strip().lower() in ("y", "yes") else "quit"
        return "quit"

    # --- the loop ----------------------------------------------------------------------------

    async def run(self) -> ExitCode:
        """Hold the record's draft lock (the TUI's) while the edit is open, then edit."""
        s = self.session
        try:
            lock = DraftLocks(self.store.root).acquire(
                s.profile, s.sandbox, self.kind.name, self.record_id
            )
        except DraftLockedError as locked:
            raise refused(
                f"this {self.kind.singular} is {locked}: finish or close it there first; "
                "its draft is left alone"
            ) from None
        except OSError as exc:
            raise usage(
                f"the drafts folder {self.store.root} cannot be used ({exc.__class__.__name__}): "
                "an edit could not be kept safe there; check FLOWTUI_STATE_DIR"
            ) from None
        with lock:
            return await self._edit()

    async def _edit(self) -> ExitCode:
        await self._start()
        if self.edit is not None and self.edit.too_deep is not None:
            raise refused(self.edit.too_deep)  # no edit could ever be sent: say so up front
        while True:
            edit = self.edit
            assert edit is not None
            shown = header(edit, self.session, self.reasons, moved=self.moved) + self.text
            body = without_comments(edit_text(shown)).lstrip("\n")
            if not body.strip() or (body == self.text and not self.moved):
                return self._stopped()
            self.moved = False
            self.text = body
            self._save_draft(body)
            state = edit.evaluate(body)
            if state.error is not None:
                self.reasons = [f"not JSON: {state.error}"]
                continue
            if state.problems:
                self.reasons = [problem_text(p) for p in state.problems]
                continue
            if not state.ops:
                self._delete_draft()
                self.output.say(f"nothing to change: the text matches the {edit.kind.singular}")
                return ExitCode.DONE
            outcome = await self._review_and_send(Change(edit, state))
            if outcome is not None:
                return outcome

    def _stopped(self) -> ExitCode:
        """The person quit without a change: cancelled, or stopped with the edit kept."""
        edit = self.edit
        assert edit is not None
        if self.reasons:
            raise refused(f"not applied: {self.reasons[0]}.{self._kept()}")
        if self.text == edit.initial_text():
            if self.saved_draft:
                self._delete_draft()
            self.output.say("Edit cancelled: no changes made.")
        else:
            self.output.say(f"Edit stopped: nothing was sent.{self._kept()}")
        return ExitCode.DONE

    async def _review_and_send(self, change: Change) -> ExitCode | None:
        """None when the file must open again; an exit status when the edit is done."""
        refuse_problems(change)
        for line in review_lines(self.session, change):
            self.output.say(line)
        if not self.options.yes:
            answer = ask_on_terminal("Apply it? [y]es, [e]dit again, [N]o: ")
            if answer is not None:
                answer = answer.strip().lower()
                if answer in ("e", "edit"):
                    self.reasons = []
                    return None
                if answer not in ("y", "yes"):
                    raise refused(f"not confirmed: nothing was sent.{self._kept()}")
        try:
            submitted = await send(self.session, change)
        except CommandFailure as failure:
            return await self._after_failure(change.state, failure)
        self._delete_draft()
        self.output.say(applied_message(change, submitted))
        if submitted.warning:
            self.output.say(f"warning: {submitted.warning}")
        if self.as_json:
            self.output.json(applied_json(change, submitted))
        return ExitCode.DONE

    async def _after_failure(self, state: EditState, failure: CommandFailure) -> ExitCode | None:
        error = failure.error
        if failure.exit_code is ExitCode.CHANGED_ON_SERVER:
            return await self._rebase(state, error)
        if (
            isinstance(error, AnswerError)
            and error.status is not None
            and 400 <= error.status < 500
        ):
            self.reasons = [f"the service refused it: {error}"]
            return None
        failure.message += self._kept()
        raise failure

    async def _rebase(self, state: EditState, error: FlowServiceError | None) -> ExitCode | None:
        """The TUI's rebase: the edit moves onto the server's version and the file reopens."""
        edit = self.edit
        assert edit is not None
        theirs = await read_record(self.session, self.kind, self.record_id)
        moved = rebase_edit(edit, state, theirs)
        what = "412" if isinstance(error, PreconditionFailedError) else "re-read before the PUT"
        if moved.edit is not None and moved.text is not None:
            self.edit, self.text, self.moved = moved.edit, moved.text, True
            self.reasons = [
                f"the {self.kind.singular} changed on the server ({what}); your edit does not "
                "overlap theirs and now applies to their version: quit to review it again"
            ]
            self._save_draft(self.text)
            return None
        if moved.conflicts:
            mine: dict[str, Choice] = {conflict.path: "mine" for conflict in moved.conflicts}
            resolved = resolve_conflicts(edit, state, theirs, moved.conflicts, mine)
            if resolved.edit is not None and resolved.text is not None:
                self.edit, self.text, self.moved = resolved.edit, resolved.text, True
                reasons = [
                    f"the {self.kind.singular} changed on the server ({what}) where you edited "
                    "it too. The text is their version with your values at these paths; "
                    "put theirs back where theirs should win, then quit to review it:"
                ]
                secrets = edit.shown_secrets(theirs)
                for conflict in moved.conflicts:
                    hidden = any(is_within(conflict.path, secret) for secret in secrets)
                    theirs_text = MASK if hidden else compact(conflict.theirs)
                    mine_text = MASK if hidden else compact(conflict.mine)
                    reasons.append(f"  {conflict.path}: theirs {theirs_text}, yours {mine_text}")
                self.reasons = ["\n".join(reasons)]
                self._save_draft(self.text)
                return None
            problem = resolved.problem
        else:
            problem = moved.problem
        raise CommandFailure(
            f"changed on the server and the edit no longer applies ({problem}).{self._kept()}",
            ExitCode.CHANGED_ON_SERVER,
            error=error,
        )


async def run_edit(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    kind = kind_named(args.kind)
    if not kind.editable:
        raise refused(f"{kind.title} cannot be edited: the service offers no update for them")
    options = WriteOptions(yes=bool(args.yes), confirm_sandbox=args.confirm_sandbox)
    check_writable(session)
    check_sandbox(session, options)  # before the person spends effort on an edit
    loop = EditLoop(session, kind, args.id, options, output, as_json=args.output == "json")
    return await loop.run()
