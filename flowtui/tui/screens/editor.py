"""The inline editor: a record's JSON, secrets masked, checked as one types, kept as a draft.

``ctrl+s`` opens the review (never when the text does not parse or a guard refuses); the screen
dismisses with the re-fetched record after a submit the service accepted, or None.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

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
from flowtui.edits.editing import EditSession, EditState, JsonObject, pretty, session_of
from flowtui.edits.submission import Submitted
from flowtui.edits.undo import refusal_before_reading
from flowtui.patching import PatchError, apply_ops, pointer_for_line
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import Draft, DraftStore
from flowtui.store.locks import DraftLock, DraftLockedError, DraftLocks, LockOwner
from flowtui.tui.external_editor import ExternalEditorError, edit_in_external_editor
from flowtui.tui.screens.confirm_discard import DiscardEditModal
from flowtui.tui.screens.edited_elsewhere import show_edited_elsewhere
from flowtui.tui.screens.review import ReviewModal, ReviewOutcome, Stale, Unknown
from flowtui.tui.screens.stale import StaleDecision, StaleRecordScreen
from flowtui.tui.widgets.edit_status import EditStatus
from flowtui.tui.widgets.json_editor import JsonEditor
from flowtui.tui.widgets.session_header import SessionHeader
from flowtui.visible import visible

CHECK_DELAY = 0.15
"""Seconds of quiet typing before the text is parsed and guarded again."""
CURSOR_DELAY = 0.1
"""Seconds the cursor rests before the status shows the path under it."""
DRAFT_DELAY = 0.5
"""Seconds after the last change before the draft is written."""
DRAFT_MAX_WAIT = 1.0
"""Seconds after the first unsaved change by which the draft is written, even while typing."""

CONNECTION_KINDS = (CONNECTIONS, SOURCE_CONNECTIONS, TARGET_CONNECTIONS)


class EditorScreen(Screen[dict[str, Any] | None]):
    """Edit one record as JSON; to restore a draft pass record=draft.base, draft_text=draft.text.

    ``external=True`` opens the text in $EDITOR straight away (the record view's ``E``).
    """

    DEFAULT_CSS = """
    EditorScreen #editor-title {
        height: 1;
        padding: 0 1;
        background: $primary-background;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "review", "Review & submit", id="editor.review", priority=True),
        Binding("ctrl+e", "external", "$EDITOR", id="editor.external", priority=True),
        Binding("escape", "leave", "Leave", id="editor.leave", priority=True),
        Binding("f1", "app.help", "Keys", id="editor.help", priority=True),
    ]

    def __init__(
        self,
        kind: ResourceKind,
        record: JsonObject,
        *,
        draft_text: str | None = None,
        external: bool = False,
        drafts: DraftStore | None = None,
        audit: AuditLog | None = None,
        start_ops: list[JsonObject] | None = None,
        purpose: str = "Edit",
    ) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.draft_text = draft_text
        self.open_external = external
        self.drafts = drafts
        self.audit = audit
        self.start_ops = start_ops
        """Ops applied to the masked record to make the first text (an undo); the review opens
        on them straight away."""
        self.purpose = purpose
        self.edit: EditSession | None = None
        self.state: EditState | None = None
        self.start_text = ""
        self.draft_note = ""
        self.load_note = ""
        self.saved_a_draft = False
        self._lock: DraftLock | None = None
        """This record's draft lock, held while the editor is open (flowtui.store.locks)."""
        """Only a draft this screen wrote is deleted when the text goes back to the record."""
        self._editor = JsonEditor(id="editor-text")
        self._check_timer: Timer | None = None
        self._cursor_timer: Timer | None = None
        self._draft_timer: Timer | None = None
        self._unsaved_since: float | None = None

    @property
    def session(self) -> Session:
        return session_of(self.app)

    def compose(self) -> ComposeResult:
        yield SessionHeader(self.session, context=f"editing {self.kind.singular}")
        yield Static(self._title(), id="editor-title")
        self._editor.read_only = True
        yield self._editor
        yield EditStatus(id="editor-status")
        yield Footer()

    def _title(self) -> Text:
        title = Text()
        title.append(f"{self.purpose} {self.kind.singular} ")
        name = str(self.record.get("name") or self.record.get("id", ""))
        title.append(visible(name[:200]), style="bold")
        return title

    @property
    def editor(self) -> JsonEditor:
        return self._editor  # kept, not queried: the text is still needed while unmounting

    @property
    def status(self) -> EditStatus:
        return self.query_one("#editor-status", EditStatus)

    @property
    def draft_store(self) -> DraftStore:
        if self.drafts is None:
            self.drafts = DraftStore()
        return self.drafts

    def on_mount(self) -> None:
        self.status.show_state(None)
        if self.session.read_only or not self.kind.editable:
            reason = "read-only session" if self.session.read_only else "this kind is read-only"
            self.notify(f"Editing is not available: {reason}", severity="error")
            self.call_after_refresh(self._close)
            return
        if self._claim_draft():
            self._prepare()

    def _close(self) -> None:
        self.dismiss(None)

    def _claim_draft(self) -> bool:
        """Hold the record's draft lock while open; if another flowtui holds it, look read-only."""
        session = self.session
        record_id = str(self.record.get("id", ""))
        locks = DraftLocks(self.draft_store.root)
        try:
            self._lock = locks.acquire(session.profile, session.sandbox, self.kind.name, record_id)
        except DraftLockedError as locked:
            owner = locked.owner or LockOwner(0, "?", time.time())
            self.call_after_refresh(self._show_edited_elsewhere, owner)
            return False
        except OSError:
            pass  # no lock without a writable folder; the draft note says drafts fail too
        return True

    def _show_edited_elsewhere(self, owner: LockOwner) -> None:
        self.dismiss(None)
        show_edited_elsewhere(
            self.app, self.session, self.kind, self.record, owner, self.draft_store
        )

    @work(exclusive=True, group="editor-prepare")
    async def _prepare(self) -> None:
        """Fetch the spec that says which fields are secret before showing any text."""
        connection_spec: JsonObject | None = None
        flow_spec: JsonObject | None = None
        client = self.session.client
        try:
            if self.kind in CONNECTION_KINDS:
                spec_id = value_at(self.record, "connectionSpec.id")
                if isinstance(spec_id, str):
                    connection_spec = await client.get(CONNECTION_SPECS, spec_id)
            elif self.kind is FLOWS:
                spec_id = value_at(self.record, "flowSpec.id")
                if isinstance(spec_id, str):
                    flow_spec = await client.get(FLOW_SPECS, spec_id)
        except FlowServiceError as exc:
            self.load_note = (
                f"its spec could not be read ({exc.message}): secrets are masked by field name "
                "and the spec's checks are skipped"
            )
        self.edit = EditSession(
            self.kind, self.record, connection_spec=connection_spec, flow_spec=flow_spec
        )
        self.start_text = self.edit.initial_text()
        text = self.draft_text if self.draft_text is not None else self.start_text
        if self.start_ops is not None:
            try:
                text = pretty(apply_ops(self.edit.shown_base, self.start_ops))
            except PatchError as exc:
                self.notify(f"The change does not apply to this record: {exc}", severity="error")
            else:
                self.call_after_refresh(self.action_review)
        self._load(text)
        self.query_one("#editor-title", Static).update(self._title())
        if self.open_external:
            self.open_external = False
            self.call_after_refresh(self.action_external)

    def _load(self, text: str) -> None:
        editor = self.editor
        editor.load_text(text)
        editor.read_only = False
        editor.focus()
        self.check_now()

    # --- checking as the person types -----------------------------------------------------

    @on(TextArea.Changed, "#editor-text")
    def _text_changed(self) -> None:
        if self.edit is None:
            return
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.check_now)
        # Save once typing pauses, but never later than DRAFT_MAX_WAIT after the first unsaved
        # change: a SIGKILL or a dropped SSH link mid-sentence loses at most a second.
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        delay = min(DRAFT_DELAY, max(0.0, self._unsaved_since + DRAFT_MAX_WAIT - now))
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(delay, self.save_draft)

    @on(TextArea.SelectionChanged, "#editor-text")
    def _cursor_moved(self) -> None:
        # Finding the path under the cursor walks the text: wait for the cursor to settle.
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
        self._cursor_timer = self.set_timer(CURSOR_DELAY, self._render_status)

    def check_now(self) -> EditState | None:
        """Parse and guard the text right away (the timers call this; so does ctrl+s)."""
        if self.edit is None:
            return None
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        self.state = self.edit.evaluate(self.editor.text)
        self._render_status()
        return self.state

    def _render_status(self) -> None:
        pointer: str | None = None
        if self.state is not None and self.state.parses:
            pointer = pointer_for_line(self.editor.text, self.editor.cursor_location[0])
        self.status.show_state(
            self.state, pointer=pointer, draft=self.draft_note, note=self.load_note
        )

    # --- drafts ---------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Keep the text on disk (0600) so a dropped session loses nothing; none if unchanged."""
        self._write_draft()
        self._render_status()

    def _write_draft(self) -> None:
        edit = self.edit
        if edit is None:
            return
        session = self.session
        text = self.editor.text
        self._unsaved_since = None
        try:
            if text == self.start_text:
                if self.saved_a_draft:
                    self._delete_draft()
                self.draft_note = ""
            else:
                self.draft_store.save(
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
                self.saved_a_draft = True
                holds_secret = self.state is not None and edit.touches_secret(self.state)
                self.draft_note = (
                    "draft saved (has a credential: 0600, local)" if holds_secret else "draft saved"
                )
        except OSError as exc:
            self.draft_note = f"draft NOT saved ({exc.__class__.__name__})"

    def on_unmount(self) -> None:
        # Quitting (ctrl+q) with a draft write still pending: write it now rather than lose it.
        if self._draft_timer is not None and self.edit is not None:
            self._draft_timer.stop()
            self._draft_timer = None
            self._write_draft()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def write_draft_now(self) -> None:
        """Write the draft this instant, as a hang-up or SIGTERM needs: no timer, no repaint.

        Called from a signal handler (flowtui.tui.hangup), so it touches nothing but the file.
        """
        self._write_draft()

    def _delete_draft(self) -> None:
        if self.edit is None:
            return
        session = self.session
        self.draft_store.delete(
            session.profile, session.sandbox, self.kind.name, self.edit.record_id
        )

    @property
    def changed(self) -> bool:
        return self.edit is not None and self.editor.text != self.start_text

    # --- keys -----------------------------------------------------------------------------

    # ctrl+s, ctrl+e and esc are priority bindings: Textual runs them as soon as the App reads
    # them, while the keys typed just before may still wait in the editor's queue (a burst
    # from a slow link). Each therefore runs from the editor's queue, after those keys.

    def _after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the editor has applied every key that arrived before this one."""
        if not self.editor.is_attached or not self.editor.call_later(callback):
            callback()

    def action_leave(self) -> None:
        self._after_typed_keys(self._leave)

    def _leave(self) -> None:
        if self.editor.held:
            return
        if not self.changed:
            self._stop_timers()
            if self.saved_a_draft:
                self._delete_draft()
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._stop_timers()
                self._delete_draft()
                self.dismiss(None)

        name = self.edit.name if self.edit is not None else "this record"
        self.app.push_screen(DiscardEditModal(name), answered)

    def action_external(self) -> None:
        self._after_typed_keys(self._external)

    def _external(self) -> None:
        if self.edit is None or self.editor.held:
            return
        try:
            text = edit_in_external_editor(self.app, self.editor.text)
        except ExternalEditorError as exc:
            self.notify(str(exc), title="External editor", severity="error")
            return
        if text != self.editor.text:
            self.editor.load_text(text)
        self.editor.focus()
        self.check_now()
        self.save_draft()

    def action_review(self) -> None:
        self._after_typed_keys(self._review)

    def _review(self) -> None:
        """Review the text as it stands after every key typed before ctrl+s, and hold it."""
        if self.editor.held:
            return  # a review (or the conflict view) of this text is already open
        state = self.check_now()
        if state is None or self.edit is None:
            return
        if state.error is not None:
            self.notify(f"Not JSON: {state.error}", severity="error")
            return
        if state.problems:
            first = state.problems[0]
            self.notify(f"Refused: {first.path or '(record)'}: {first.message}", severity="error")
            return
        if not state.ops:
            self.notify("Nothing to submit: the text matches the record", severity="warning")
            return
        # From here until the review closes the text cannot change: keys typed after ctrl+s
        # that still reach the editor are dropped, so what is reviewed is what is on screen.
        self.editor.hold()
        self.app.push_screen(
            ReviewModal(
                self.session, self.edit, state, audit=self.audit, current_text=self._text_now
            ),
            self._reviewed,
        )

    def _text_now(self) -> str:
        return self.editor.text

    def _release_editor(self) -> None:
        """Back to typing after a review or the conflict view; say if keys were dropped."""
        dropped = self.editor.release()
        if dropped:
            keys = "key" if dropped == 1 else "keys"
            self.notify(
                f"{dropped} {keys} typed while the review was open did not reach the editor",
                severity="warning",
            )
        self.editor.focus()

    def _reviewed(self, outcome: ReviewOutcome | None) -> None:
        if outcome is None:
            self._release_editor()
        elif isinstance(outcome, Submitted):
            self._stop_timers()
            self._delete_draft()
            etag = f" New etag {outcome.etag}." if outcome.etag else ""
            name = outcome.record.get("name") or self.edit_name
            remember = getattr(self.app, "remember_submit", None)
            hint = ""
            if outcome.entry is not None and callable(remember):
                remember(outcome.entry)
                refusal = refusal_before_reading(outcome.entry)
                hint = " Press u to undo." if refusal is None else f" {refusal}"
            self.notify(f"Saved {self.kind.singular} {name}.{etag}{hint}", title="Submitted")
            if outcome.warning:
                self.notify(outcome.warning.capitalize(), severity="warning", timeout=10)
            self.dismiss(outcome.record)
        elif isinstance(outcome, Stale) and self.edit is not None and self.state is not None:
            self.app.push_screen(
                StaleRecordScreen(
                    self.edit, self.state, current=outcome.current, reason=outcome.message
                ),
                self._stale_decided,
            )
        elif isinstance(outcome, Unknown):
            # The request may have landed or may still land: keep the edit on disk, say so.
            self._release_editor()
            self.save_draft()
            self.notify(outcome.message, title="Outcome unknown", severity="error", timeout=30)
        else:
            self._release_editor()

    @property
    def edit_name(self) -> str:
        return self.edit.name if self.edit is not None else ""

    def _stale_decided(self, decision: StaleDecision | None) -> None:
        self._release_editor()
        if decision is None or decision.action == "back":
            return
        if decision.action == "discard":
            self._stop_timers()
            self._delete_draft()
            self.dismiss(None)
        elif decision.edit is not None and decision.text is not None:
            self.edit = decision.edit
            self.record = decision.edit.base
            self.start_text = decision.edit.initial_text()
            self.query_one("#editor-title", Static).update(self._title())
            self._load(decision.text)
            self.save_draft()
            if decision.review:
                self.notify("Your edit now applies to the server's version: review it again")
                self.action_review()

    def _stop_timers(self) -> None:
        for timer in (self._check_timer, self._draft_timer, self._cursor_timer):
            if timer is not None:
                timer.stop()
        self._check_timer = self._draft_timer = self._cursor_timer = None
