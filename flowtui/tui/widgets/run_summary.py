"""A run's outcome in a few lines above its JSON: status, when, how long, counts, errors.

At 2 a.m. the question is "what broke and since when"; the answer is spread over
``metrics.statusSummary``, ``durationSummary`` and ``recordSummary`` in the JSON. Every value
is outside text: it goes through ``visible`` and is drawn plain, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

from flowtui.api.kinds import RUN_STATUS_PATH, run_duration_ms, value_at
from flowtui.tui.widgets.cells import CELL_SOURCE_LIMIT, duration_text, short_date
from flowtui.visible import visible

MAX_ERRORS_SHOWN = 3
"""Errors listed in the summary; the rest are counted (all of them are in the JSON below)."""

_COUNTS: tuple[tuple[str, str], ...] = (
    ("read", "inputRecordCount"),
    ("written", "outputRecordCount"),
    ("failed", "failedRecordCount"),
    ("skipped", "skippedRecordCount"),
)


def _plain(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    return visible(text[:CELL_SOURCE_LIMIT])


def run_summary_lines(run: Mapping[str, Any]) -> list[Text]:
    """The summary block's lines: status and timing, record counts, then each error."""
    status = value_at(run, RUN_STATUS_PATH)
    first = Text(no_wrap=True, overflow="ellipsis")
    first.append(_plain(status) if status is not None else "(no status)", style="bold")
    started = value_at(run, "metrics.durationSummary.startedAtUTC")
    if started is not None:
        first.append("  started ", style="dim")
        first.append(visible(short_date(started)))
    duration = run_duration_ms(run)
    first.append("  took ", style="dim")
    first.append(duration_text(duration) if duration is not None else "(still running)")
    lines = [first]
    counts = Text(no_wrap=True, overflow="ellipsis")
    for label, key in _COUNTS:
        value = value_at(run, f"metrics.recordSummary.{key}")
        if isinstance(value, int) and not isinstance(value, bool):
            if counts:
                counts.append("  ")
            counts.append(f"{label} ", style="dim")
            counts.append(f"{value:,}")
    if counts:
        lines.append(counts)
    errors = value_at(run, "metrics.statusSummary.errors")
    errors = [e for e in errors if isinstance(e, Mapping)] if isinstance(errors, list) else []
    for error in errors[:MAX_ERRORS_SHOWN]:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("error ", style="bold")
        line.append(_plain(error.get("code") or "(no code)"))
        line.append("  ")
        line.append(_plain(error.get("message") or ""))
        lines.append(line)
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(Text(f"… {len(errors) - MAX_ERRORS_SHOWN} more errors in the JSON below"))
    return lines


def run_summary_text(run: Mapping[str, Any]) -> Text:
    """The summary block as one Text, a line per fact."""
    return Text("\n").join(run_summary_lines(run))


class RunSummary(Static):
    """The summary block a run's record screen shows above its JSON."""

    DEFAULT_CSS = """
    RunSummary { height: auto; max-height: 6; padding: 0 1; border-bottom: solid $primary 50%; }
    """

    def show(self, run: Mapping[str, Any]) -> None:
        self.update(run_summary_text(run))
