"""The list of ops a submit sends, one line each: op, path, value (credentials already masked)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from flowtui.tui.editing import compact

OP_STYLES = {"add": "green", "replace": "yellow", "remove": "red"}


class ReviewOps(Static):
    """Every op of the patch, in order; the caller passes ops already run through redact_ops."""

    DEFAULT_CSS = """
    ReviewOps {
        height: auto;
    }
    """

    def __init__(self, ops: list[dict[str, Any]], *, id: str | None = None) -> None:
        super().__init__(render_ops(ops), id=id)


def render_ops(ops: list[dict[str, Any]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column("op", no_wrap=True)
    table.add_column("path", overflow="fold", ratio=1)
    table.add_column("value", overflow="ellipsis", ratio=1)
    for op in ops:
        name = str(op.get("op", "?"))
        value = compact(op["value"], 80) if "value" in op else ""
        table.add_row(
            Text(name, style=OP_STYLES.get(name, "")), Text(str(op.get("path", ""))), Text(value)
        )
    return table
