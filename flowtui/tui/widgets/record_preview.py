"""A few lines about the highlighted row, to tell records apart without opening them."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from flowtui.api.kinds import ResourceKind, value_at
from flowtui.tui.widgets.cells import CELL_SOURCE_LIMIT, short_date
from flowtui.visible import visible

# (label, dotted path) shown when present, in this order; the first few that exist fill the box.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("state", "state"),
    ("status", "metrics.statusSummary.status"),
    ("error", "metrics.statusSummary.errors.0.message"),
    ("flow", "flowId"),
    ("description", "description"),
    ("flow spec", "flowSpec.id"),
    ("spec", "connectionSpec.id"),
    ("base conn", "baseConnectionId"),
    ("sources", "sourceConnectionIds"),
    ("targets", "targetConnectionIds"),
    ("provider", "providerId"),
    ("type", "type"),
    ("updated", "updatedAt"),
)


def preview_text(kind: ResourceKind, record: dict[str, Any], lines: int) -> Text:
    """The record's name and its most telling fields, one per line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(_line(record.get("name") or "(no name)"), style="bold")
    shown = 1
    for label, path in _FIELDS:
        if shown >= lines:
            break
        value = value_at(record, path)
        if value in (None, "", []):
            continue
        if path.endswith("At"):
            value = short_date(value)
        elif isinstance(value, list):
            value = ", ".join(str(v)[:CELL_SOURCE_LIMIT] for v in value[:20])
        text.append("\n")
        text.append(f"{label:>11} ", style="dim")
        text.append(_line(value))
        shown += 1
    return text


def _line(value: object) -> str:
    """One preview line of outside text: cut long (a 5 MB value), every character visible."""
    text = value if isinstance(value, str) else str(value)
    return visible(text[:CELL_SOURCE_LIMIT])


class RecordPreview(Static):
    """The highlighted record, compact."""

    DEFAULT_CSS = """
    RecordPreview {
        height: 5;
        border-top: solid $primary 50%;
        padding: 0 1;
    }
    """

    def show(self, kind: ResourceKind, record: dict[str, Any] | None) -> None:
        if record is None:
            self.update("", layout=False)
        else:
            # Five lines high whatever it holds: no layout pass on each cursor move.
            self.update(preview_text(kind, record, 4), layout=False)
