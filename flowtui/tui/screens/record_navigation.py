"""Moving inside a record view: ``/`` search with ``n``/``N``, ``:`` a JSON Pointer or a line.

A mixin of RecordScreen, kept apart so the screen stays about showing a record. It works on the
text the view shows (masked, long strings cut), so a search never finds a hidden secret.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.screen import Screen
from textual.widgets.text_area import Selection

from flowtui.patching import MISSING, resolve
from flowtui.tui.widgets.command_line import PromptBar, PromptLine
from flowtui.tui.widgets.json_view import JsonText
from flowtui.tui.widgets.record_search import (
    Location,
    SearchState,
    line_of_pointer,
    parse_line_number,
)
from flowtui.visible import visible


def viewer_pointer(screen: Screen[Any], record_id: object) -> str | None:
    """The pointer under the cursor of the record view below ``screen`` showing this record."""
    from flowtui.tui.screens.record import RecordScreen  # it is built on this module

    for below in reversed(screen.app.screen_stack):
        if isinstance(below, RecordScreen) and below.record.get("id") == record_id:
            return below.pointer
    return None


def search_bar() -> PromptBar:
    """The ``/`` prompt of a record view."""
    return PromptBar("/", id="record-search", placeholder="text in keys and values")


class RecordNavigation(Screen[None]):
    """Search, go to a pointer, go to a line; needs ``_text`` and ``shown`` from the screen."""

    _text: str
    shown: dict[str, Any] | None = None
    """The record as shown (secrets masked); None until it has loaded."""
    _search: SearchState | None = None

    @property
    def search(self) -> SearchState:
        """The view's last search (its label is the status line's ``3/7``)."""
        if self._search is None:
            self._search = SearchState()
        return self._search

    def _update_pointer(self) -> None:
        """Redraw the status line (RecordScreen's does)."""

    def _go(self, place: Location, length: int = 0) -> None:
        view = self.query_one(JsonText)
        line, column = place
        view.selection = Selection(place, (line, column + length))
        view.scroll_cursor_visible(center=True)
        self._update_pointer()

    def search_label(self, status: Text) -> None:
        """Add the search's place (``/bucket 3/7``) to the status line, if there is a search."""
        label = self.search.label
        if label:
            status.append(f"  /{visible(self.search.query)[:20]} {label}", style="bold")

    def refresh_search(self) -> None:
        """The text changed (a reload, an edit): count the matches again."""
        if self.search.query:
            self.search.start(self._text, self.search.query, (0, 0))

    # --- actions -------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#record-search-bar", PromptBar).open(self.search.query)

    def action_search_next(self) -> None:
        self._step(forward=True)

    def action_search_previous(self) -> None:
        self._step(forward=False)

    def _step(self, *, forward: bool) -> None:
        if not self.search.query:
            self.notify("No search yet: / starts one.", severity="warning")
            return
        place = self.search.step(forward)
        if place is None:
            self.notify(f"No match for {self.search.query}.", severity="warning")
            return
        self._go(place, len(self.search.query))

    @on(PromptLine.Submitted, "#record-search")
    def _search_submitted(self, event: PromptLine.Submitted) -> None:
        event.stop()
        self.query_one("#record-search-bar", PromptBar).close()
        view = self.query_one(JsonText)
        view.focus()
        query = event.value
        if not query:
            self.search.start(self._text, "", (0, 0))
            self._update_pointer()
            return
        cursor: Location = view.cursor_location
        place = self.search.start(self._text, query, cursor)
        if place is None:
            self.notify(f"No match for {query}.", severity="warning")
            self._update_pointer()
        else:
            self._go(place, len(query))

    @on(PromptLine.Dismissed, "#record-search")
    def _search_dismissed(self, event: PromptLine.Dismissed) -> None:
        event.stop()
        self.query_one("#record-search-bar", PromptBar).close()
        self.query_one(JsonText).focus()

    def jump(self, typed: str) -> bool:
        """Carry out ``:/a/b`` (a JSON Pointer) or ``:42`` (a line); False for other commands."""
        typed = typed.strip()
        number = parse_line_number(typed)
        if number is not None:
            lines = self._text.count("\n") + 1
            if not 1 <= number <= lines:
                self.notify(f"No line {number}: the record has {lines} lines.", severity="warning")
            else:
                self._go((number - 1, 0))
            return True
        if not typed.startswith("/"):
            return False
        shown = self.shown
        line = line_of_pointer(self._text, typed) if shown is not None else None
        if shown is None or resolve(shown, typed) is MISSING or line is None:
            self.notify(f"No {typed} in this record.", severity="warning")
            return True
        self._go((line, 0))
        return True
