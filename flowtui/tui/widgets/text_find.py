"""Go to a line and find text in a TextArea: the editor's ``ctrl+g`` and ``ctrl+f`` prompt.

One prompt at the bottom serves both; it handles its own enter and escape, so the screen only
binds the keys. Enter in the find prompt goes to the next match and keeps the prompt open.
"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from flowtui.tui.widgets.command_line import PromptLine
from flowtui.tui.widgets.record_search import Location, find_from, line_of_pointer
from flowtui.visible import visible

Mode = Literal["line", "find"]


def select_match(area: TextArea, place: Location, length: int) -> None:
    """Select ``length`` characters at ``place`` and scroll them into view."""
    line, column = place
    area.selection = Selection((line, column), (line, column + length))
    area.scroll_cursor_visible(center=True)


def go_to_pointer(area: TextArea, pointer: str) -> bool:
    """Put the cursor on the line of ``pointer`` (the same key path, whatever the line number)."""
    line = line_of_pointer(area.text, pointer)
    if line is None:
        return False
    area.move_cursor((line, 0), center=True)
    area.scroll_cursor_visible(center=True)
    return True


class TextFind(Horizontal):
    """The go-to-line / find prompt of a TextArea (``area_id`` names it)."""

    DEFAULT_CSS = """
    TextFind {
        height: 1;
        display: none;
        background: $boost;
        &.-shown { display: block; }
        & > #text-find-label { width: auto; padding: 0 1; text-style: bold; }
    }
    """

    def __init__(self, area_id: str, *, id: str = "text-find") -> None:
        super().__init__(id=id)
        self.area_id = area_id
        self.mode: Mode = "find"
        self.query_text = ""
        """The last text searched for: f3 and shift+f3 go on with it."""

    def compose(self) -> ComposeResult:
        yield Static("", id="text-find-label")
        yield PromptLine(id="text-find-line")

    @property
    def area(self) -> TextArea:
        return self.screen.query_one(f"#{self.area_id}", TextArea)

    def _label(self, text: str) -> None:
        self.query_one("#text-find-label", Static).update(text)

    def ask(self, mode: Mode) -> None:
        """Open the prompt for a line number or for text to find."""
        self.mode = mode
        line = self.query_one(PromptLine)
        line.value = self.query_text if mode == "find" else ""
        self._label("find" if mode == "find" else f"go to line (1-{self.area.document.line_count})")
        self.add_class("-shown")
        line.focus()
        line.cursor_position = len(line.value)

    def close(self) -> None:
        self.remove_class("-shown")
        self.area.focus()

    def close_if_open(self) -> bool:
        """Escape closes the prompt first (the screen binds escape with priority)."""
        if not self.has_class("-shown"):
            return False
        self.close()
        return True

    def find(self, *, forward: bool) -> None:
        """Go to the next (or previous) match of the last text searched for."""
        if not self.query_text:
            self.ask("find")
            return
        area = self.area
        found = find_from(area.text, self.query_text, area.cursor_location, forward=forward)
        if found is None:
            self._label("find: no match")
            self.notify(f"No match for {self.query_text}.", severity="warning")
            return
        place, number, count = found
        select_match(area, place, len(self.query_text))
        self._label(f"find {number}/{count}")

    @on(PromptLine.Submitted, "#text-find-line")
    def _submitted(self, event: PromptLine.Submitted) -> None:
        event.stop()
        typed = event.value
        if self.mode == "find":
            self.query_text = typed
            if typed:
                self.find(forward=True)
            return
        self.close()
        area = self.area
        stripped = typed.strip()
        if not (stripped.isdecimal() and stripped.isascii()):
            self.notify(f"Not a line number: {visible(typed)}", severity="warning")
            return
        number = int(stripped)
        if not 1 <= number <= area.document.line_count:
            count = area.document.line_count
            self.notify(f"No line {number}: the text has {count} lines.", severity="warning")
            return
        area.move_cursor((number - 1, 0), center=True)
        area.scroll_cursor_visible(center=True)

    @on(PromptLine.Dismissed, "#text-find-line")
    def _dismissed(self, event: PromptLine.Dismissed) -> None:
        event.stop()
        self.close()
