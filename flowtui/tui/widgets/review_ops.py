"""The ops a submit sends, one line each: op, path, value (credentials already masked)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from flowtui.edits.editing import compact
from flowtui.visible import visible

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


def render_ops(ops: list[dict[str, Any]]) -> Text:
    """``op path value`` per line, the op coloured by what it does."""
    text = Text()
    for index, op in enumerate(ops):
        if index:
            text.append("\n")
        name = str(op.get("op", "?"))
        text.append(f"{visible(name):<8}", style=OP_STYLES.get(name, ""))
        text.append(visible(op.get("path", "")), style="bold")
        if "value" in op:
            text.append(" ")
            text.append(compact(op["value"], 80))
    if not ops:
        text.append("(no ops)", style="dim")
    return text
