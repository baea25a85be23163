"""The review before anything is sent: target, If-Match etag, every op, warnings; then the submit.

The submit runs here, so a refusal other than a stale etag is shown in the review itself with the
service's message and code, and the person can retry or go back with the edit intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from flowtui.api.errors import FlowServiceError
from flowtui.edits.editing import EditSession, EditState, JsonObject
from flowtui.edits.review_warnings import review_warnings
from flowtui.edits.submission import OutcomeKind, SubmitOutcome, Submitted, submit
from flowtui.session import Session
from flowtui.tui.widgets.review_ops import ReviewOps, render_ops
from flowtui.tui.widgets.sandbox_confirm import SandboxConfirm
from flowtui.visible import visible

if TYPE_CHECKING:
    from flowtui.store.audit import AuditLog


@dataclass(frozen=True)
class Stale:
    """The record changed on the server: nothing was applied; ``current`` if already re-read."""

    current: JsonObject | None
    message: str


@dataclass(frozen=True)
class Unknown:
    """The request went out and its outcome could not be learned: keep the edit as a draft."""

    message: str


ReviewOutcome = Submitted | Stale | Unknown
"""What the review dismisses with; None means the person went back to the editor."""


def error_text(error: Exception) -> str:
    """The service's message and code, for a person to act on or quote to support."""
    if isinstance(error, FlowServiceError):
        extra = error.detail if error.detail and error.detail not in error.message else ""
        return str(error) + (f"\n{extra}" if extra else "")
    return str(error)


class ReviewModal(ModalScreen[ReviewOutcome | None]):
    """Everything a submit will send, confirmed with ``y`` (or the sandbox name when protected)."""

    DEFAULT_CSS = """
    ReviewModal {
        align: center middle;
    }
    ReviewModal > #review {
        width: 100%;
        max-width: 100;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    ReviewModal #review-title {
        text-style: bold;
        width: 100%;
    }
    ReviewModal #review-body {
        height: auto;
        max-height: 14;
    }
    ReviewModal #review-error {
        color: $error;
        height: auto;
        max-height: 6;
        display: none;
    }
    ReviewModal #review-error.shown {
        display: block;
    }
    ReviewModal #review-error.info {
        color: $warning;
    }
    ReviewModal #review-buttons {
        height: 3;
        align-horizontal: right;
    }
    ReviewModal Button {
        margin-left: 1;
    }
    """

    # The same keys in every sandbox: enter submits, esc goes back; a protected sandbox only
    # adds its typed name (enter in the name box submits). y and n stay as unshown aliases
    # for hands used to them; in the name box they are text.
    BINDINGS = [
        Binding("enter", "submit", "Submit", id="review.submit"),
        Binding("escape", "cancel", "Back to editor", id="review.cancel"),
        Binding("y", "submit", "Submit", show=False),
        Binding("n", "cancel", "Back to editor", show=False),
        Binding("question_mark,f1", "app.help", "Keys", show=False),
        Binding("pageup", "page(-1)", "Scroll up", id="review.page_up", show=False),
        Binding("pagedown", "page(1)", "Scroll down", id="review.page_down", show=False),
    ]

    def __init__(
        self,
        session: Session,
        edit: EditSession,
        state: EditState,
        *,
        audit: AuditLog | None = None,
        current_text: Callable[[], str] | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.note = note
        """A warning of the caller's (an undo: which credential it cannot restore)."""
        self.edit = edit
        self.state = state
        """What is reviewed, and exactly what a submit sends (made from ``state.text``)."""
        self.audit = audit
        self.current_text = current_text
        """The editor's text now; a submit first checks it is still the reviewed text."""
        self.outdated = False
        """The editor's text changed into something that cannot be submitted: go back."""
        self.sending = False

    def compose(self) -> ComposeResult:
        edit, session = self.edit, self.session
        method = "PUT" if edit.is_put else "PATCH"
        with Vertical(id="review"):
            target = visible(f"{edit.kind.path}/{edit.record_id}")
            yield Label(Text(f"Review {method} {target}"), id="review-title")
            with VerticalScroll(id="review-body", can_focus=False):
                yield Static(self._summary(), id="review-target")
                yield Label(f"Ops ({len(self.state.ops)}):", classes="heading", id="review-count")
                yield ReviewOps(edit.shown_ops(self.state), id="review-ops")
            yield Static("", id="review-error")
            confirm = SandboxConfirm(
                session.sandbox, protected=session.sandbox_is_protected, input_id="review-sandbox"
            )
            yield confirm
            cancel_key, submit_key = confirm.key_hints()
            with Horizontal(id="review-buttons"):
                # Not focusable: a focused button would take enter for itself, and enter
                # must mean submit everywhere (the mouse still presses them).
                cancel = Button(f"Cancel ({cancel_key})", id="review-cancel")
                submit = Button(f"Submit ({submit_key})", id="review-submit", variant="error")
                cancel.can_focus = submit.can_focus = False
                yield cancel
                yield submit

    def _summary(self) -> Text:
        edit, session = self.edit, self.session
        text = Text()
        text.append("Target   ", style="dim")
        text.append(visible(f"{session.sandbox} · {edit.kind.singular} · {edit.name[:200]}"))
        text.append("\n")
        text.append("ID       ", style="dim")
        text.append(f"{visible(edit.record_id)}\n")
        if edit.is_put:
            text.append("Send     ", style="dim")
            text.append("PUT of the whole body (specs carry no etag; re-read just before)\n")
        else:
            text.append("If-Match ", style="dim")
            text.append(f"{visible(edit.base_etag)}\n", style="bold")
        warnings = review_warnings(
            session, edit, self.state, protected_hint=": type its name to submit"
        )
        if self.note:
            warnings.append(self.note)
        for warning in warnings:
            text.append("⚠ ", style="bold yellow")
            text.append(f"{visible(warning)}\n", style="yellow")
        text.rstrip()
        return text

    def on_mount(self) -> None:
        self._update_submit()
        self.query_one(SandboxConfirm).take_focus(None)

    @property
    def confirmed(self) -> bool:
        return self.query_one(SandboxConfirm).confirmed

    def _update_submit(self) -> None:
        self.query_one("#review-submit", Button).disabled = (
            self.sending or self.outdated or not self.confirmed
        )

    @on(Input.Changed, "#review-sandbox")
    def _sandbox_typed(self) -> None:
        self._update_submit()

    @on(Input.Submitted, "#review-sandbox")
    def _sandbox_entered(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#review-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#review-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def action_page(self, step: int) -> None:
        body = self.query_one("#review-body", VerticalScroll)
        if step < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)

    def action_submit(self) -> None:
        if self.sending or self.outdated or self._text_changed():
            return
        if not self.confirmed:
            self.notify(
                f"Type {self.session.sandbox} to confirm a change in a protected sandbox",
                severity="warning",
            )
            self.query_one("#review-sandbox", Input).focus()
            return
        self.sending = True
        self._update_submit()
        self._show_error("Sending…", error=False)
        self._send(self.state)

    def _text_changed(self) -> bool:
        """Whether the editor's text differs from the reviewed one; if so recompute, send nothing.

        The editor holds its text while the review is open, so this is the last line of defence:
        a submit never sends ops made from a text other than the one on screen and reviewed.
        """
        if self.current_text is None:
            return False
        text = self.current_text()
        if text == self.state.text:
            return False
        state = self.edit.evaluate(text)
        if state.submittable:
            self.state = state
            self.query_one("#review-count", Label).update(f"Ops ({len(state.ops)}):")
            self.query_one("#review-ops", ReviewOps).update(render_ops(self.edit.shown_ops(state)))
            self.query_one("#review-target", Static).update(self._summary())
            self._show_error(
                "The editor's text changed since this review: the ops above are recomputed "
                "from it. Nothing was sent; check them and submit again.",
                error=False,
            )
        else:
            self.outdated = True
            self._update_submit()
            reason = state.error or (state.problems[0].message if state.problems else "no ops")
            self._show_error(
                f"The editor's text changed since this review and cannot be submitted "
                f"({reason}). Nothing was sent; go back (esc) and review it again."
            )
        return True

    @work(exclusive=True, group="review-submit")
    async def _send(self, state: EditState) -> None:
        try:
            result = await submit(self.session, self.edit, state, audit=self.audit)
        except ValueError as exc:
            result = SubmitOutcome(OutcomeKind.NOT_APPLIED, f"Not applied: {exc}")
        if result.submitted is not None:
            self.dismiss(result.submitted)
        elif result.stale:
            self.dismiss(Stale(result.current, result.message))
        elif result.kind is OutcomeKind.UNKNOWN:
            self.dismiss(Unknown(result.message))
        else:  # not applied: the review stays, the edit is intact behind it
            self.sending = False
            self._update_submit()
            detail = result.error.detail if result.error is not None else None
            extra = f"\n{detail}" if detail and detail not in result.message else ""
            self._show_error(result.message + extra)

    def _show_error(self, message: str, *, error: bool = True) -> None:
        box = self.query_one("#review-error", Static)
        box.update(Text(visible(message, one_line=False)))
        box.set_class(True, "shown")
        box.set_class(not error, "info")
