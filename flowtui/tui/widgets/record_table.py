"""A DataTable of one kind's records, keyed by id, that sorts and filters its own copy of them.

The pane owns loading; this widget owns what is shown: which records pass the text filter, in
which order, and how each cell reads at the current width.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import Row, RowKey

from flowtui.api.kinds import Column, ResourceKind, value_at
from flowtui.tui.widgets.cells import (
    SHORT_ID_WIDTH,
    cell_text,
    fit,
    is_id_column,
    is_time_column,
    sort_key,
)
from flowtui.tui.widgets.list_query import matches_text

_PADDING = 2  # DataTable's cell_padding of 1 on each side
_SCROLLBAR = 2
_MIN_FLEX = 12
WIDE = 140
"""From this width on, ids show in full."""


class RecordTable(DataTable[str]):
    """Rows for records of ``kind``; row keys are record ids."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", key_display="⏎", id="main.open")]

    def __init__(self, kind: ResourceKind, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.kind = kind
        self.records: dict[str, dict[str, Any]] = {}
        """Every loaded record by id, in arrival order."""
        self.shown_ids: list[str] = []
        """Ids of the rows shown, in display order."""
        self.needle = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self._widths: list[int] = []
        self._shorten_ids = True
        self._cells_by_id: dict[str, list[str]] = {}
        """Formatted cells per record at the current widths: a re-sort or re-filter reuses them."""

    # --- columns -------------------------------------------------------------------------

    def _layout(self, total: int) -> list[int]:
        """Column widths for ``total`` cells; the first column takes what is left."""
        self._shorten_ids = total < WIDE
        widths: list[int] = []
        for column in self.kind.columns[1:]:
            widths.append(self._fixed_width(column))
        used = sum(widths) + _PADDING * len(self.kind.columns) + _SCROLLBAR
        return [max(total - used, _MIN_FLEX), *widths]

    def _fixed_width(self, column: Column) -> int:
        if is_time_column(column):
            return 16
        if is_id_column(column):
            return SHORT_ID_WIDTH if self._shorten_ids else 36
        return column.width or 14

    def build_columns(self, total_width: int) -> None:
        """(Re)create the columns for this width, keeping the rows."""
        widths = self._layout(total_width)
        if widths == self._widths and self.columns:
            return
        self._widths = widths
        self._cells_by_id = {}
        self.clear(columns=True)
        for index, (column, width) in enumerate(zip(self.kind.columns, widths, strict=True)):
            self.add_column(self._header(index, column), width=width, key=column.path)
        self._rebuild()

    def _header(self, index: int, column: Column) -> Text:
        if index == self.sort_column:
            return Text(column.header + (" ▼" if self.sort_reverse else " ▲"), style="bold")
        return Text(column.header)

    # --- rows ----------------------------------------------------------------------------

    def _cells(self, record: dict[str, Any]) -> list[str]:
        record_id = record.get("id")
        cached = self._cells_by_id.get(record_id) if isinstance(record_id, str) else None
        if cached is None:
            cached = self._format(record)
            if isinstance(record_id, str):
                self._cells_by_id[record_id] = cached
        return cached

    def _format(self, record: dict[str, Any]) -> list[str]:
        return [
            fit(cell_text(column, value_at(record, column.path), shorten_ids=self._shorten_ids), w)
            for column, w in zip(self.kind.columns, self._widths, strict=True)
        ]

    def _passes(self, record: dict[str, Any]) -> bool:
        return not self.needle or matches_text(record, self.needle)

    def _ordered(self, ids: list[str]) -> list[str]:
        if self.sort_column is None:
            return ids
        path = self.kind.columns[self.sort_column].path
        records = self.records
        return sorted(
            ids, key=lambda i: sort_key(value_at(records[i], path)), reverse=self.sort_reverse
        )

    def _rebuild(self) -> None:
        """Redraw every row from the model, keeping the cursor on the same record."""
        current = self.current_id
        self.clear()
        self.shown_ids = self._ordered([i for i, r in self.records.items() if self._passes(r)])
        self._add_rows(self.shown_ids)
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current), animate=False)

    def _add_rows(self, ids: list[str]) -> None:
        """Append rows in one batch.

        DataTable.add_row re-validates the cursor and recomputes the column order for every row,
        which makes a 10,000-row re-filter take most of a second; this does what add_row does
        (Textual 8), once per batch.
        """
        if not self.columns or not ids:
            return
        keys = [column.key for column in self.ordered_columns]
        records = self.records
        locations = self._row_locations
        data = self._data
        rows = self.rows
        fresh = self._new_rows
        was_empty = self.row_count == 0
        index = self.row_count
        for record_id in ids:
            row_key = RowKey(record_id)
            locations[row_key] = index
            data[row_key] = dict(zip(keys, self._cells(records[record_id]), strict=True))
            rows[row_key] = Row(row_key, 1)
            fresh.add(row_key)
            index += 1
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def reset(self) -> None:
        """Forget every record (before a reload)."""
        self.records = {}
        self.shown_ids = []
        self._cells_by_id = {}
        self.clear()

    def append(self, records: list[dict[str, Any]]) -> None:
        """Add a page as it arrives; rows join at the end until the next sort."""
        fresh: list[str] = []
        for record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in self.records:
                self.replace(record)
                continue
            self.records[record_id] = record
            if self._passes(record):
                fresh.append(record_id)
        self.shown_ids.extend(fresh)
        self._add_rows(fresh)

    def replace(self, record: dict[str, Any]) -> None:
        """Show a changed record (after an edit) in place."""
        record_id = record.get("id")
        if not isinstance(record_id, str):
            return
        self.records[record_id] = record
        self._cells_by_id.pop(record_id, None)
        if record_id not in self.rows:
            return
        for column, text in zip(self.kind.columns, self._cells(record), strict=True):
            self.update_cell(record_id, column.path, text)

    def settle(self) -> None:
        """After the last page: put streamed rows into sort order."""
        if self.sort_column is not None:
            self._rebuild()

    def set_needle(self, text: str) -> None:
        needle = text.casefold()
        if needle != self.needle:
            self.needle = needle
            self._rebuild()

    def sort_by(self, column: int | None, *, reverse: bool = False) -> None:
        self.sort_column = column
        self.sort_reverse = reverse
        for index, kind_column in enumerate(self.kind.columns):
            self.columns[self.ordered_columns[index].key].label = self._header(index, kind_column)
        self._require_update_dimensions = True
        self._rebuild()

    # --- selection -----------------------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        if not self.row_count or not self.is_valid_row_index(self.cursor_row):
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    @property
    def current_record(self) -> dict[str, Any] | None:
        record_id = self.current_id
        return None if record_id is None else self.records.get(record_id)

    def select_first(self) -> None:
        if self.row_count:
            self.move_cursor(row=0, animate=False)

    def select_id(self, record_id: str) -> bool:
        if record_id in self.rows:
            self.move_cursor(row=self.get_row_index(record_id), animate=False)
            return True
        return False
