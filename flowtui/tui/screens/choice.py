"""A short list to pick one thing from: a sandbox to switch to, the record a prefix meant, or
"go to the sandbox where this id lives". Enter picks the highlighted line, escape picks none."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from flowtui.visible import visible


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of ``choices`` (value, label); dismissed with the value, or None on escape."""

    DEFAULT_CSS = """
    ChoiceModal {
        align: center middle;
    }
    ChoiceModal > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ChoiceModal Label {
        width: 100%;
        margin-bottom: 1;
    }
    ChoiceModal OptionList {
        height: auto;
        max-height: 12;
    }
    ChoiceModal .choice-keys {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        keys: str = "enter: choose · esc: cancel",
        highlighted: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.keys = keys
        self._highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(visible(self.title_text, one_line=False)), id="choice-title")
            yield OptionList(
                *(Option(Text(visible(label)), id=value) for value, label in self.choices),
                id="choice-list",
            )
            yield Label(Text(self.keys), classes="choice-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        if self._highlighted in values:
            options.highlighted = values.index(self._highlighted)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
