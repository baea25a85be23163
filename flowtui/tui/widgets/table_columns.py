"""A record table's columns: their widths on a screen of some width, and a row's text in them.

Plain text by cells.py's rules, nothing drawn and no widget: the table (record_table.py) puts
these lines on the screen, styles them and keeps them for the rows recently drawn.
"""

from __future__ import annotations

from typing import Any

from rich.cells import set_cell_size

from flowtui.api.kinds import Column, ResourceKind
from flowtui.tui.widgets.cells import (
    SHORT_ID_WIDTH,
    cell_text,
    fit,
    fit_apart,
    is_id_column,
    is_spec_column,
    is_time_column,
)

PADDING = 2
"""One cell of padding on each side of a column."""
SCROLLBAR = 2
"""Cells kept free at the right: the table's scrollbar, and a cell of air before it."""
MIN_FLEX = 12
WIDE = 140
"""From this width on, ids show in full."""
SPEC_NAME_WIDTH = 16
"""A spec column at narrow widths: room for ``ProfileToAmazon…`` (an id needs 9)."""


def _flex_column(kind: ResourceKind) -> int:
    """The column that takes the width left: the first free-text one (a name, a run's error),
    not a time, an id or a spec."""
    for index, column in enumerate(kind.columns):
        if column.width is None and not (
            is_time_column(column) or is_id_column(column) or is_spec_column(column)
        ):
            return index
    return 0


def _cell(text: str, width: int) -> str:
    return " " + set_cell_size(fit(text, width), width) + " "


class TableColumns:
    """One kind's columns, laid out for a screen width (none until ``lay_out``)."""

    def __init__(self, kind: ResourceKind) -> None:
        self.kind = kind
        self._flex = _flex_column(kind)
        self.widths: list[int] = []
        """Each column's width in cells, padding not counted."""
        self._shorten_ids = True
        self._spec_names: dict[str, str] = {}
        self._spec_labels: dict[int, dict[str, str]] = {}
        """Per spec column, each spec's name cut to the column, still telling names apart."""

    def lay_out(self, total_width: int) -> bool:
        """Widths for a screen ``total_width`` cells wide; the flex column (the name, a run's
        error) takes what is left. True when the widths changed."""
        self._shorten_ids = total_width < WIDE
        widths = [self._fixed_width(column) for column in self.kind.columns]
        used = sum(widths) - widths[self._flex] + PADDING * len(widths) + SCROLLBAR
        widths[self._flex] = max(total_width - used, MIN_FLEX)
        if widths == self.widths:
            return False
        self.widths = widths
        self._label_specs()
        return True

    def _fixed_width(self, column: Column) -> int:
        if is_time_column(column):
            return 16
        if is_spec_column(column):  # a name once the spec names are in, else a short id
            return SPEC_NAME_WIDTH if self._shorten_ids else 36
        if is_id_column(column):
            return SHORT_ID_WIDTH if self._shorten_ids else 36
        return column.width or 14

    def show_spec_names(self, names: dict[str, str]) -> None:
        """Spec id → name (flowtui.edits.spec_names): spec columns show names from now on."""
        self._spec_names = names
        self._label_specs()

    def _label_specs(self) -> None:
        self._spec_labels = {}
        if not self._spec_names or not self.widths:
            return
        for index, column in enumerate(self.kind.columns):
            if not is_spec_column(column):
                continue
            width = self.widths[index]
            if self._shorten_ids:
                self._spec_labels[index] = fit_apart(self._spec_names, width)
            else:  # room for the id too: the name, then the id's first eight characters
                self._spec_labels[index] = {
                    spec_id: fit(name, width - 9) + " " + spec_id[:8]
                    for spec_id, name in self._spec_names.items()
                }

    @property
    def line_width(self) -> int:
        """Cells one row takes: every column and its padding."""
        return sum(self.widths) + PADDING * len(self.widths)

    def header_line(self, sort_column: int | None, sort_reverse: bool) -> str:
        """The column titles, the sorted one marked with its direction."""
        cells = []
        for index, (column, width) in enumerate(zip(self.kind.columns, self.widths, strict=True)):
            label = column.header
            if index == sort_column:
                label += " ▼" if sort_reverse else " ▲"
            cells.append(_cell(label, width))
        return "".join(cells)

    def cells(self, values: tuple[Any, ...]) -> list[str]:
        """The texts a row shows for its columns' raw ``values``."""
        texts = [
            fit(cell_text(column, value, shorten_ids=self._shorten_ids), width)
            for column, value, width in zip(self.kind.columns, values, self.widths, strict=True)
        ]
        for index, labels in self._spec_labels.items():
            label = labels.get(values[index]) if isinstance(values[index], str) else None
            if label is not None:
                texts[index] = label
        return texts

    def line(self, values: tuple[Any, ...]) -> str:
        """A row's whole line of text, every cell padded to its column."""
        return "".join(
            _cell(text, width) for text, width in zip(self.cells(values), self.widths, strict=True)
        )

    def column_at(self, x: int) -> int | None:
        """The column under cell ``x`` of a line (None past the last)."""
        edge = 0
        for index, width in enumerate(self.widths):
            edge += width + PADDING
            if x < edge:
                return index
        return None
