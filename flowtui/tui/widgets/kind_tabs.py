"""The one-line bar naming each kind's pane and its number key, the shown one highlighted.

One widget drawing one line, where Textual's ``TabbedContent`` mounts a dozen widgets (tabs,
an animated underline, a switcher, a pane per tab) and costs a cold start about a quarter of
its run time; and a line of the screen is left for records.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class KindTabs(Widget):
    """``1 Flows  2 Conns  …``; a click on a label asks for that pane (``Chosen``)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"kind-tabs--active"}

    DEFAULT_CSS = """
    KindTabs {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        & > .kind-tabs--active { background: $primary; color: $foreground; text-style: bold; }
        &:nocolor > .kind-tabs--active { text-style: reverse bold underline; }
    }
    """

    active: reactive[str] = reactive("")
    """The name of the kind whose pane is shown (a change repaints the line)."""

    class Chosen(Message):
        """A label was clicked: show that kind's pane."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, labels: dict[str, str], *, active: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = labels
        """Kind name to its label (``"1 Flows"``), in the order shown."""
        self._spans: list[tuple[int, int, str]] = []
        """Where each label was drawn (start column, end column, kind name): for clicks."""
        self.set_reactive(KindTabs.active, active)

    def render(self) -> Text:
        width = self.size.width
        labels = self._labels
        full = sum(cell_len(label) + 2 for label in labels.values())
        line = Text(no_wrap=True, overflow="ellipsis")
        active_style = self.get_component_rich_style("kind-tabs--active")
        self._spans = []
        for name, label in labels.items():
            if full > width and name != self.active:
                label = label.split(" ", 1)[0]  # too narrow: other panes by their key only
            start = line.cell_len
            line.append(f" {label} ", style=active_style if name == self.active else "")
            self._spans.append((start, line.cell_len, name))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Chosen(name))
                return
