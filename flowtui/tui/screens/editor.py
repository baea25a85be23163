"""The inline editor: a record's JSON, secrets masked, checked as one types, kept as a draft.

``ctrl+s`` opens the review (never when the text does not parse or a guard refuses); the screen
dismisses with the re-fetched record after a submit the service accepted, or None.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from flowtui.api.kinds import ResourceKind
from flowtui.edits.autosave import DraftAutosave
from flowtui.edits.edit_start import start_edit
from flowtui.edits.editing import EditSession, EditState, JsonObject, pretty
from flowtui.edits.stale_decision import Discarded, KeptAsIs, StaleDecision
from flowtui.edits.submission import Submitted
from flowtui.edits.undo import refusal_before_reading
from flowtui.patching import PatchError, apply_ops, pointer_for_line
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from flowtui.store.locks import DraftLock, DraftLockedError, DraftLocks, LockOwner
from flowtui.tui.external_editor import ExternalEditorError, edit_in_external_editor
from flowtui.tui.messages import SubmitAccepted
from flowtui.tui.screens.confirm_discard import DiscardEditModal
from flowtui.tui.screens.edited_elsewhere import show_edited_elsewhere
from flowtui.tui.screens.review import ReviewModal, ReviewOutcome, Stale, Unknown
from flowtui.tui.screens.stale import StaleRecordScreen
from flowtui.tui.widgets.edit_status import EditStatus
from flowtui.tui.widgets.json_editor import JsonEditor
from flowtui.tui.widgets.session_header import SessionHeader
from flowtui.tui.widgets.text_find import TextFind, go_to_pointer
from flowtui.visible import visible

CHECK_DELAY = 0.15
"""Seconds of quiet typing before the text is parsed and guarded again."""
CURSOR_DELAY = 0.1
"""Seconds the cursor rests before the status shows the path under it."""


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
        Binding("ctrl+g", "go_to_line", "Go to line", id="editor.go_to_line", priority=True),
        Binding("ctrl+f", "find", "Find", id="editor.find", priority=True),
        Binding("f3", "find_next", "Next", id="editor.find_next", show=False, priority=True),
        Binding(
            "shift+f3",
            "find_previous",
            "Previous",
            id="editor.find_previous",
            show=False,
            priority=True,
        ),
    ]

    state: var[EditState | None] = var(None, init=False, always_update=True)
    """The text's last parse and guard result (None until the record is shown)."""
    draft_note: var[str] = var("", init=False, always_update=True)
    """What the status line says of the draft on disk ("draft saved", "draft NOT saved")."""
    load_note: var[str] = var("", init=False)
    """Why this edit is weaker than usual (its spec unread, what an undo cannot restore)."""

    def __init__(
        self,
        session: Session,
        kind: ResourceKind,
        record: JsonObject,
        *,
        draft_text: str | None = None,
        external: bool = False,
        drafts: DraftStore | None = None,
        audit: AuditLog | None = None,
        start_ops: list[JsonObject] | None = None,
        spec: JsonObject | None = None,
        purpose: str = "Edit",
        start_note: str = "",
    ) -> None:
        super().__init__()
        self.session = session
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
        self.spec = spec
        """The record's connection or flow spec if the caller has read it (else read here)."""
        self.start_note = start_note
        """What the start ops leave out (an undo: a credential it cannot restore); the
        status line and the review say it."""
        self.edit: EditSession | None = None
        self.start_text = ""
        self.load_note = start_note
        self._lock: DraftLock | None = None
        """This record's draft lock, held while the editor is open (flowtui.store.locks)."""
        self._editor = JsonEditor(id="editor-text")
        self._check_timer: Timer | None = None
        self._cursor_timer: Timer | None = None
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SessionHeader(self.session, context=f"editing {self.kind.singular}")
        yield Static(self._title(), id="editor-title")
        self._editor.read_only = True
        yield self._editor
        yield TextFind("editor-text")
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

    @cached_property
    def autosave(self) -> DraftAutosave:
        """When the draft is written, and the writing (flowtui.edits.autosave)."""
        return DraftAutosave(self.session, self.kind.name, self.draft_store)

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
        """Have the spec that says which fields are secret before showing any text (the one
        the record view read, passed in, or read now)."""
        started = await start_edit(
            self.session.client, self.kind, self.record, known_spec=self.spec
        )
        if started.note:
            self.load_note = started.note
        self.edit = started.edit
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
        self._open_at_viewer_line()
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
        # Save once typing pauses, but never later than a second after the first unsaved change
        # (flowtui.edits.autosave decides when).
        delay = self.autosave.changed()
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
        self.state = self.edit.evaluate(self.editor.text)  # watch_state redraws the status
        return self.state

    def watch_state(self) -> None:
        self._redraw_status()

    def watch_draft_note(self) -> None:
        self._redraw_status()

    def watch_load_note(self) -> None:
        self._redraw_status()

    def _redraw_status(self) -> None:
        if self.is_mounted and self.is_attached:
            self._render_status()

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
        note = self._write_draft()
        if note is not None:
            self.draft_note = note  # watch_draft_note redraws the status

    def _write_draft(self) -> str | None:
        """Write (or remove) the draft; its note is kept without a redraw, which is the
        caller's choice (a signal handler and unmounting must not repaint)."""
        edit = self.edit
        if edit is None:
            return None
        holds_secret = self.state is not None and edit.touches_secret(self.state)
        note = self.autosave.write(
            edit, self.editor.text, self.start_text, holds_secret=holds_secret
        )
        self.set_reactive(EditorScreen.draft_note, note)
        return note

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
        self.autosave.delete(self.edit.record_id)

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

    # --- moving in the text (flowtui.tui.widgets.text_find) -------------------------------

    def _open_at_viewer_line(self) -> None:
        """Open where the record view's cursor was: the same key path (masking moves lines)."""
        from flowtui.tui.screens.record_navigation import viewer_pointer

        pointer = viewer_pointer(self, self.record.get("id"))
        if pointer:
            self.call_after_refresh(go_to_pointer, self.editor, pointer)

    def action_go_to_line(self) -> None:
        self.query_one(TextFind).ask("line")

    def action_find(self) -> None:
        self.query_one(TextFind).ask("find")

    def action_find_next(self) -> None:
        self.query_one(TextFind).find(forward=True)

    def action_find_previous(self) -> None:
        self.query_one(TextFind).find(forward=False)

    def action_leave(self) -> None:
        if self.query_one(TextFind).close_if_open():
            return
        self._after_typed_keys(self._leave)

    def _leave(self) -> None:
        if self.editor.held:
            return
        if not self.changed:
            self._stop_timers()
            if self.autosave.wrote_a_draft:
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
                self.session,
                self.edit,
                state,
                audit=self.audit,
                current_text=self._text_now,
                note=self.start_note,
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
            hint = ""
            if outcome.entry is not None:
                # To the app, not this screen: the screen is dismissed below.
                self.app.post_message(SubmitAccepted(outcome.entry))
                refusal = refusal_before_reading(outcome.entry)
                hint = " Press u to undo." if refusal is None else f" {refusal}"
            self.notify(f"Saved {self.kind.singular} {name}.{etag}{hint}", title="Submitted")
            if outcome.warning:
                self.notify(outcome.warning.capitalize(), severity="warning", timeout=10)
            self.dismiss(outcome.record)
        elif isinstance(outcome, Stale) and self.edit is not None and self.state is not None:
            self.app.push_screen(
                StaleRecordScreen(
                    self.session,
                    self.edit,
                    self.state,
                    current=outcome.current,
                    reason=outcome.message,
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
        if decision is None or isinstance(decision, KeptAsIs):
            return
        if isinstance(decision, Discarded):
            self._stop_timers()
            self._delete_draft()
            self.dismiss(None)
        else:
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
