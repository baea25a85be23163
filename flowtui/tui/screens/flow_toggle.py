"""Enabling or disabling a flow through the action endpoint, after a review-like confirmation."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from flowtui.edits.submission import OutcomeKind, run_flow_action
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.tui.messages import SubmitAccepted
from flowtui.tui.widgets.sandbox_confirm import SandboxConfirm
from flowtui.visible import visible


def toggle_op(record: dict[str, Any]) -> str:
    """``disable`` for an enabled flow, ``enable`` otherwise."""
    return "disable" if record.get("state") == "enabled" else "enable"


class FlowToggleModal(ModalScreen[dict[str, Any] | None]):
    """Confirm, send the action with the flow's etag, dismiss with the re-fetched flow (or None)."""

    DEFAULT_CSS = """
    FlowToggleModal {
        align: center middle;
    }
    FlowToggleModal > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    FlowToggleModal #toggle-error {
        color: $error;
        height: auto;
    }
    FlowToggleModal #toggle-buttons {
        height: 3;
        align-horizontal: right;
    }
    FlowToggleModal Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        # The review's keys (enter / esc) in every sandbox; y and n stay as unshown aliases.
        Binding("enter", "confirm", "Confirm", id="toggle.confirm"),
        Binding("escape", "cancel", "Cancel", id="toggle.cancel"),
        Binding("y", "confirm", "Confirm", show=False),
        Binding("n", "cancel", "Cancel", show=False),
        Binding("question_mark,f1", "app.help", "Keys", show=False),
    ]

    def __init__(
        self,
        session: Session,
        record: dict[str, Any],
        *,
        audit: AuditLog | None = None,
        op: str | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self._session = session
        self.record = record
        self.op = op or toggle_op(record)
        """An undo names its action; otherwise the opposite of the flow's state."""
        self.note = note
        """Said under the question (an undo: "the flow changed since this toggle")."""
        self.audit = audit
        self.sending = False

    @property
    def session(self) -> Session:
        return self._session

    @property
    def flow_name(self) -> str:
        return str(self.record.get("name") or self.record.get("id", ""))

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical():
            question = Text()
            question.append(f"{self.op.capitalize()} flow ", style="bold")
            question.append(visible(self.flow_name[:200]), style="bold")
            question.append("?", style="bold")
            where = visible(f"{session.sandbox} · {self.record.get('id')}")
            question.append(f"\n{where}", style="dim")
            question.append(f"\nPOST /flows/{{id}}/action?op={self.op}")
            question.append(f" with If-Match {visible(self.record.get('etag'))}", style="dim")
            if self.op == "disable":
                question.append("\nThe flow stops running until it is enabled again.", "yellow")
            if self.note:
                question.append(f"\n{visible(self.note, one_line=False)}", "yellow")
            yield Static(question)
            yield Static("", id="toggle-error")
            confirm = SandboxConfirm(
                session.sandbox, protected=session.sandbox_is_protected, input_id="toggle-sandbox"
            )
            yield confirm
            cancel_key, confirm_key = confirm.key_hints()
            with Horizontal(id="toggle-buttons"):
                cancel = Button(f"Cancel ({cancel_key})", id="toggle-cancel")
                yes = Button(
                    f"{self.op.capitalize()} ({confirm_key})", id="toggle-yes", variant="error"
                )
                cancel.can_focus = yes.can_focus = False  # enter is the dialog's, not a button's
                yield cancel
                yield yes

    def on_mount(self) -> None:
        if self.session.read_only:
            self.notify("Read-only session: flows cannot be enabled or disabled", severity="error")
            self.call_after_refresh(self._close)
            return
        self._update_button()
        self.query_one(SandboxConfirm).take_focus(None)

    def _close(self) -> None:
        self.dismiss(None)

    @property
    def confirmed(self) -> bool:
        return self.query_one(SandboxConfirm).confirmed

    def _update_button(self) -> None:
        self.query_one("#toggle-yes", Button).disabled = self.sending or not self.confirmed

    @on(Input.Changed, "#toggle-sandbox")
    def _typed(self) -> None:
        self._update_button()

    @on(Input.Submitted, "#toggle-sandbox")
    @on(Button.Pressed, "#toggle-yes")
    def action_confirm(self) -> None:
        if self.sending:
            return
        if not self.confirmed:
            self.notify(f"Type {self.session.sandbox} to confirm", severity="warning")
            self.query_one("#toggle-sandbox", Input).focus()
            return
        self.sending = True
        self._update_button()
        self.query_one("#toggle-error", Static).update(Text("Sending…", style="yellow"))
        self._send()

    @on(Button.Pressed, "#toggle-cancel")
    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)

    @work(exclusive=True, group="flow-toggle")
    async def _send(self) -> None:
        result = await run_flow_action(self.session, self.record, self.op, audit=self.audit)
        if result.submitted is None:
            # Not applied (the modal stays) or unknown (reload before trying again).
            self.sending = False
            self._update_button()
            if result.kind is OutcomeKind.UNKNOWN:
                self.query_one("#toggle-yes", Button).disabled = True
            self.query_one("#toggle-error", Static).update(
                Text(visible(result.message, one_line=False), style="red")
            )
            return
        if result.submitted.warning:
            self.notify(result.submitted.warning.capitalize(), severity="warning", timeout=10)
        hint = ""
        if result.submitted.entry is not None:
            # u undoes a toggle as it undoes an edit (to the app: this modal is dismissed).
            self.app.post_message(SubmitAccepted(result.submitted.entry))
            hint = " Press u to undo."
        self.notify(result.message + hint, title="Done")
        self.dismiss(result.submitted.record)
