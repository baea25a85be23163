"""One kind's records as a table whose cost follows the screen, not the data.

A Line API widget (``render_line``) that scrolls itself: only the rows on screen are formatted and
drawn, and moving the cursor redraws two lines. Loading, filtering and sorting work on plain
data (``TableRows``, table_rows.py), and the columns' widths and row texts are plain text
(``TableColumns``, table_columns.py); this module draws, and keeps the cursor, the scroll range
and the filter's slices in step with the frames. Textual's
``DataTable`` keeps a styled row object per record and re-measures them all on every batch,
which makes its cost grow with the data; this widget borrows none of its internals.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from flowtui.api.kinds import ResourceKind
from flowtui.tui.widgets.packed_records import PackedRecords
from flowtui.tui.widgets.table_columns import TableColumns
from flowtui.tui.widgets.table_rows import IdsInOrder, TableRows, search_text

__all__ = ["RecordTable", "search_text"]

_RESIZE_PAUSE = 0.1
"""Seconds a page of rows that lands off screen may wait before the scrollbar shows it."""
_SLICE_GAP = 0.004
"""Seconds between a frame and the filter's next slice (see ``_slices_follow``)."""
_WHEEL_ROWS = 3
"""Rows a turn of the mouse wheel scrolls."""
_FORMAT_CACHE = 4096
"""Formatted rows kept between frames: a few screens' worth, never the whole data."""


class RecordTable(Widget, can_focus=True):
    """Rows for records of ``kind``, keyed by record id; a header row, a row cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", key_display="⏎", id="main.open"),
        # Textual's scroll actions, the same keys as every scrollable widget, move the cursor.
        Binding("up", "scroll_up", "Cursor up", show=False),
        Binding("down", "scroll_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "First row", show=False),
        Binding("end", "scroll_end", "Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--cursor",
        "record-table--scrollbar",
    }

    DEFAULT_CSS = """
    RecordTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .record-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .record-table--header { background-tint: $foreground 5%; }
        }
        & > .record-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .record-table--scrollbar { color: $scrollbar; }
        &:ansi > .record-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .record-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another record."""

        def __init__(self, table: RecordTable, record_id: str | None) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

        @property
        def control(self) -> RecordTable:
            return self.table

    class RowSelected(Message):
        """The person chose the cursor row (enter, or a click on it)."""

        def __init__(self, table: RecordTable, record_id: str) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

        @property
        def control(self) -> RecordTable:
            return self.table

    class Filtered(Message):
        """A filter that ran in slices has looked at every row (the match count is final)."""

        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> RecordTable:
            return self.table

    class HeaderSelected(Message):
        """The person clicked a column header."""

        def __init__(self, table: RecordTable, column_index: int) -> None:
            super().__init__()
            self.table = table
            self.column_index = column_index

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, kind: ResourceKind, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.columns = TableColumns(kind)
        """The columns' widths, and each row's text in them (table_columns.py)."""
        self.rows = TableRows(kind)
        """What the table holds and shows, as plain data (table_rows.py)."""
        self.cursor_row = 0
        self.top_row = 0
        """The row drawn first, under the header: the table scrolls itself, so a filter or a
        page of rows repaints this widget instead of laying the screen out again."""
        self._lines: dict[str, str] = {}
        """Formatted row text per id at the current widths, for the rows recently drawn."""
        self._resize_timer: Timer | None = None
        self._reselect: tuple[str, int] | None = None
        """The record the cursor was on when a filter started, and the row the cursor was put
        on meanwhile: if that record turns up in a later slice, the cursor goes back to it."""

    # --- columns -------------------------------------------------------------------------

    def show_spec_names(self, names: dict[str, str]) -> None:
        """Show spec names in the spec columns from now on (ids stay on the record screen)."""
        self.columns.show_spec_names(names)
        self._lines = {}
        self.refresh()

    def build_columns(self, total_width: int) -> None:
        """Lay the columns out for a screen ``total_width`` cells wide."""
        if self.columns.lay_out(total_width):
            self._lines = {}
            self._resize()

    @property
    def line_width(self) -> int:
        """Cells one row takes: every column and its padding."""
        return self.columns.line_width

    def _resize(self) -> None:
        """Keep the first row drawn within the rows, and redraw (the scrollbar too)."""
        if self._resize_timer is not None:
            self._resize_timer.stop()
            self._resize_timer = None
        self.top_row = max(0, min(self.top_row, self._last_top))
        self.refresh()

    @property
    def _last_top(self) -> int:
        """The highest ``top_row``: the last row at the bottom of the screen."""
        return max(len(self.shown_ids) - self._page_height, 0)

    def _resize_soon(self, first_changed: int) -> None:
        """After rows were added from ``first_changed`` on: redraw now if they show, else once
        per pause (only the scrollbar would change, a page of rows at a time)."""
        if first_changed <= self.top_row + self._page_height:
            self._resize()
        elif self._resize_timer is None:
            self._resize_timer = self.set_timer(_RESIZE_PAUSE, self._resize)

    # --- drawing -------------------------------------------------------------------------

    def cells(self, record_id: str) -> list[str]:
        """The texts shown for the record's row (plain text, cells.py's rules)."""
        values = self.rows.values_of(record_id)
        return [] if values is None else self.columns.cells(values)

    def get_row(self, record_id: str) -> list[str]:
        """The cell texts of a record's row (empty for an unknown id)."""
        return self.cells(record_id)

    def _row_line(self, record_id: str) -> str:
        line = self._lines.get(record_id)
        if line is None:
            if len(self._lines) >= _FORMAT_CACHE:
                self._lines.clear()
            values = self.rows.values_of(record_id)
            line = "" if values is None else self.columns.line(values)
            self._lines[record_id] = line
        return line

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if not self.columns.widths:  # drawn before build_columns: nothing to lay out yet
            return Strip.blank(width, base)
        if y == 0:
            text = self.columns.header_line(self.sort_column, self.sort_reverse)
            style = base + self.get_component_rich_style("record-table--header")
            return Strip([Segment(text, style)], cell_len(text)).crop_extend(0, width, style)
        index = self.top_row + y - 1
        if index >= len(self.shown_ids):
            return Strip.blank(width, base)
        text = self._row_line(self.shown_ids[index])
        style = base
        if index == self.cursor_row:
            style = base + self.get_component_rich_style("record-table--cursor")
        style += Style.from_meta({"row": index})
        row = Strip([Segment(text, style)], cell_len(text)).crop_extend(0, width - 1, style)
        return Strip.join([row, self._scrollbar_cell(y, base)])

    def _scrollbar_cell(self, y: int, base: Style) -> Strip:
        """Line ``y``'s cell of the scrollbar: the thumb shows which part of the rows is drawn."""
        rows, page = len(self.shown_ids), self._page_height
        if rows <= page:
            return Strip.blank(1, base)
        thumb = max(1, page * page // rows)
        start = (page - thumb) * self.top_row // max(rows - page, 1)
        if start <= y - 1 < start + thumb:
            style = base + self.get_component_rich_style("record-table--scrollbar")
            return Strip([Segment("▐", style)], 1)
        return Strip.blank(1, base)

    def _refresh_row(self, index: int) -> None:
        y = index - self.top_row + 1
        if 0 <= index < len(self.shown_ids) and 1 <= y <= self._page_height:
            self.refresh(Region(0, y, self.size.width, 1))

    # --- data ----------------------------------------------------------------------------

    @property
    def records(self) -> PackedRecords:
        """Every loaded record by id, in arrival order (a lookup unpacks a copy)."""
        return self.rows.records

    @property
    def shown_ids(self) -> IdsInOrder:
        """Ids of the rows shown, in display order (a view: the table changes it)."""
        return self.rows.shown_ids

    @property
    def needle(self) -> str:
        return self.rows.needle

    @property
    def sort_column(self) -> int | None:
        return self.rows.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self.rows.sort_reverse

    def reset(self) -> None:
        """Forget every record (before a reload)."""
        self._reselect = None
        self.rows.reset()
        self._lines = {}
        self.cursor_row = 0
        self.top_row = 0
        self._resize()

    def append(self, records: list[dict[str, Any]]) -> None:
        """Add a page as it arrives; with a sort chosen, each row joins at its sorted place."""
        if self.rows.sort_column is not None:
            self._finish_scan()
        current = self.current_id
        added = self.rows.append(records)
        for record_id in added.replaced:
            self._lines.pop(record_id, None)
        if added.replaced:
            self.refresh()
        if not added.fresh:
            return
        if self.rows.sort_column is not None and current is not None:
            self._put_cursor_on(current)
        self._resize_soon(added.first_changed)

    def replace(self, record: dict[str, Any]) -> None:
        """Show a changed record (after an edit) in place."""
        record_id = record.get("id")
        if not isinstance(record_id, str):
            return
        self._finish_scan()
        current = self.current_id
        self.rows.put(record, record_id)  # a rename changes what the filter matches, from now on
        self._lines.pop(record_id, None)
        if self.rows.sort_column is not None and current is not None:
            self._put_cursor_on(current)  # sorted on what changed, the row may have moved
        self.refresh()

    def settle(self) -> None:
        """After the last page: nothing to do, rows are kept in order as they arrive."""

    def set_needle(self, text: str) -> None:
        """Show only the records whose name or id contains ``text`` (case-insensitive)."""
        current = self.current_id
        if self.rows.set_needle(text, screenful=self._page_height):
            self._reselect = None
            self._slices_follow()
            self._after_reorder(current)

    @property
    def filtering(self) -> bool:
        """Whether a filter is still looking at rows (the shown rows are its matches so far)."""
        return self.rows.scan is not None

    def _slices_follow(self) -> None:
        """With rows left to look at, the next slice comes a moment after the next frame: the
        loop waits, so the thread that writes the frame to the terminal gets the interpreter
        at once (a slice started right away would hold it for up to 5 ms), and a key typed
        meanwhile goes first."""
        if self.rows.scan is not None:
            self.call_after_refresh(
                self.set_timer, _SLICE_GAP, partial(self._next_slice, self.rows.scan)
            )

    def _next_slice(self, scan: object) -> None:
        if scan is not self.rows.scan:  # stopped, finished or replaced since
            return
        first_changed = len(self.shown_ids)
        self.rows.scan_slice()
        self._slices_follow()
        self._return_to_reselect()
        self._resize_soon(first_changed)
        if self.rows.scan is None:
            self._resize()
            self.post_message(self.Filtered(self))

    def _return_to_reselect(self) -> None:
        if self._reselect is None:
            return
        record_id, placed_row = self._reselect
        # Given up when the person moved the cursor meanwhile, or when the filter is done.
        moved = self.cursor_row != placed_row
        if moved or self._put_cursor_on(record_id) or self.rows.scan is None:
            self._reselect = None

    def _finish_scan(self) -> None:
        """Look at every row the filter has yet to see, now (before the rows change)."""
        if self.rows.scan is None:
            return
        self.rows.finish_scan()
        self._return_to_reselect()
        self._reselect = None
        self._resize()
        self.post_message(self.Filtered(self))

    def sort_by(self, column: int | None, *, reverse: bool = False) -> None:
        """Order rows by ``column`` (None: arrival order); rows arriving later keep the order."""
        self._finish_scan()
        current = self.current_id
        self._reselect = None
        self.rows.sort_by(column, reverse=reverse, screenful=self._page_height)
        self._slices_follow()
        self._after_reorder(current)

    def _after_reorder(self, current: str | None) -> None:
        self._resize()
        if current is None or not self._put_cursor_on(current):
            self.move_cursor(min(self.cursor_row, max(len(self.shown_ids) - 1, 0)))
            if current is not None and self.rows.scan is not None:
                self._reselect = (current, self.cursor_row)

    # --- cursor --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.shown_ids)

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor_row < len(self.shown_ids):
            return self.shown_ids[self.cursor_row]
        return None

    @property
    def current_record(self) -> dict[str, Any] | None:
        record_id = self.current_id
        return None if record_id is None else self.records.get(record_id)

    @property
    def _page_height(self) -> int:
        """Rows that fit under the header."""
        return max(self.size.height - 1, 1)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped), scroll it into view, and say so if it moved."""
        before = self.current_id
        old = self.cursor_row
        self.cursor_row = max(0, min(row, len(self.shown_ids) - 1))
        self._scroll_cursor_into_view()
        if old != self.cursor_row:
            self._refresh_row(old)
            self._refresh_row(self.cursor_row)
        if self.current_id != before:
            self.post_message(self.RowHighlighted(self, self.current_id))

    def _scroll_cursor_into_view(self) -> None:
        height = self._page_height
        if self.cursor_row < self.top_row:
            self._show_from(self.cursor_row)
        elif self.cursor_row >= self.top_row + height:
            self._show_from(self.cursor_row - height + 1)

    def _show_from(self, top: int) -> None:
        top = max(0, min(top, self._last_top))
        if top != self.top_row:
            self.top_row = top
            self.refresh()

    def _put_cursor_on(self, record_id: str) -> bool:
        try:
            index = self.shown_ids.index(record_id)
        except ValueError:
            return False
        self.move_cursor(index)
        return True

    def select_first(self) -> None:
        if self.shown_ids:
            self.move_cursor(0)

    def select_id(self, record_id: str) -> bool:
        """Move the cursor to ``record_id`` if it is shown."""
        return self._put_cursor_on(record_id)

    def action_scroll_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_scroll_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_down(self) -> None:
        height = self._page_height
        self._show_from(self.top_row + height)
        self.move_cursor(self.cursor_row + height)

    def action_page_up(self) -> None:
        height = self._page_height
        self._show_from(self.top_row - height)
        self.move_cursor(self.cursor_row - height)

    def action_scroll_home(self) -> None:
        self.move_cursor(0)

    def action_scroll_end(self) -> None:
        self.move_cursor(len(self.shown_ids) - 1)

    def action_select_cursor(self) -> None:
        record_id = self.current_id
        if record_id is not None:
            self.post_message(self.RowSelected(self, record_id))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._show_from(self.top_row + _WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._show_from(self.top_row - _WHEEL_ROWS)

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        page = self._page_height
        if event.y > 0 and event.x == self.size.width - 1 and len(self.shown_ids) > page:
            # On the scrollbar: show that part of the rows.
            self._show_from(round((event.y - 1) / max(page - 1, 1) * self._last_top))
            return
        if event.y == 0 and not meta:
            column = self.columns.column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderSelected(self, column))
            return
        row = meta.get("row")
        if isinstance(row, int):
            if row == self.cursor_row:
                self.action_select_cursor()
            else:
                self.move_cursor(row)
