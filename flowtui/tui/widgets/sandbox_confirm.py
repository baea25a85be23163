"""The name box of a protected sandbox: a change there is typed out, not one `y` away."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label

from flowtui.visible import TYPED_TEXT_PATTERN, visible


class SandboxInput(Input):
    """Where the sandbox's name is typed; no blinking cursor to redraw over SSH."""

    # Shown, so the footer names enter here as the dialog does elsewhere. Not a priority
    # binding on the dialog: that would run before the typed name reached the box.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Submit")]

    def on_mount(self) -> None:
        self.cursor_blink = False


class SandboxConfirm(Vertical):
    """Shown only in a protected sandbox; confirmed once its name is typed exactly.

    The modals that send changes (review, flow toggle) share it, so the rule, the focus and
    the key hints cannot drift apart.
    """

    DEFAULT_CSS = """
    SandboxConfirm { height: auto; display: none; }
    SandboxConfirm.-protected { display: block; }
    """

    def __init__(self, sandbox: str, *, protected: bool, input_id: str) -> None:
        super().__init__()
        self.sandbox = sandbox
        self.protected = protected
        self.input_id = input_id
        self.set_class(protected, "-protected")

    def compose(self) -> ComposeResult:
        # Text, not a str: a str Label is markup, and the name comes from a config file.
        yield Label(Text(f"Type the sandbox name ({visible(self.sandbox)}) to confirm:"))
        yield SandboxInput(
            placeholder="sandbox name",
            id=self.input_id,
            compact=True,
            restrict=TYPED_TEXT_PATTERN,
            # Hidden outside a protected sandbox: it must not take focus (and y) from the dialog.
            disabled=not self.protected,
        )

    @property
    def confirmed(self) -> bool:
        return not self.protected or self.query_one(Input).value.strip() == self.sandbox

    def take_focus(self, otherwise: Widget | None) -> None:
        """Protected: typing goes straight into the name; elsewhere focus goes to
        ``otherwise``, or nowhere so that enter and esc reach the dialog's own bindings."""
        if self.protected:
            self.query_one(Input).focus()
        elif otherwise is not None:
            otherwise.focus()
        else:
            self.screen.set_focus(None)

    def key_hints(self) -> tuple[str, str]:
        """The keys to name on Cancel and confirm buttons: the same in every sandbox."""
        return ("esc", "enter")
