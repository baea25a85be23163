"""Asking once before an edit is thrown away (leaving the editor, or discarding after a 412)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from flowtui.visible import visible


class DiscardEditModal(ModalScreen[bool]):
    """Discard the edit? Focus starts on Keep; ``y`` discards, ``n`` or ``esc`` keeps."""

    DEFAULT_CSS = """
    DiscardEditModal {
        align: center middle;
    }
    DiscardEditModal > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 0 1;
    }
    DiscardEditModal Label {
        width: 100%;
        margin-bottom: 1;
    }
    DiscardEditModal Horizontal {
        height: 3;
        align-horizontal: right;
    }
    DiscardEditModal Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("y", "discard", "Discard", id="discard.yes"),
        Binding("n,escape", "keep", "Keep editing", id="discard.no"),
        Binding("question_mark,f1", "app.help", "Keys", show=False),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.record_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Text(
                    f"Discard your edit of {visible(self.record_name[:200])}?\n"
                    "The text and its draft are deleted; nothing is sent."
                )
            )
            with Horizontal():
                yield Button("Keep editing (n)", id="discard-keep")
                yield Button("Discard (y)", id="discard-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#discard-keep", Button).focus()

    @on(Button.Pressed, "#discard-keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard-yes")
    def action_discard(self) -> None:
        self.dismiss(True)
