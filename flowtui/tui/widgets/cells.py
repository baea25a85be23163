"""How a record's values read in a narrow table cell: short dates, short ids, one plain line.

Every cell is outside text: it goes through ``visible`` (controls and invisible characters shown,
never sent raw) and drawn as plain text, never read as markup.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from flowtui.api.kinds import Column
from flowtui.visible import visible

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SHORT_ID_WIDTH = 9
"""Eight hex digits and an ellipsis: enough to tell records apart and to find them with `/`."""
CELL_SOURCE_LIMIT = 512
"""Characters of a value looked at for a cell: a 5 MB description is cut before it is escaped."""


def is_time_column(column: Column) -> bool:
    """A timestamp column (``updatedAt``, a run's ``startedAtUTC``) that shows what is there."""
    return column.derive is None and column.path.endswith(("At", "AtUTC"))


def is_duration_column(column: Column) -> bool:
    """A column whose derived value is a length of time in milliseconds (a run's duration)."""
    return column.derive is not None and column.header == "Duration"


def is_count_column(column: Column) -> bool:
    """A column of record counts (a run's read, written, failed)."""
    return column.path.endswith("Count")


def count_text(value: Any) -> str:
    """A count in at most seven cells: digits up to 9,999,999, then ``12.3M`` or ``4.1G``."""
    if not isinstance(value, int) or isinstance(value, bool):
        return "" if value is None else visible(str(value)[:CELL_SOURCE_LIMIT])
    if abs(value) < 10_000_000:
        return str(value)
    for unit, size in (("G", 10**9), ("M", 10**6)):
        if abs(value) >= size:
            return f"{value / size:.1f}{unit}"
    return str(value)


SPEC_ID_PATHS: frozenset[str] = frozenset({"flowSpec.id", "connectionSpec.id"})
"""Columns that hold a spec's id: shown as the spec's name once the names are known."""


def is_spec_column(column: Column) -> bool:
    return column.path in SPEC_ID_PATHS


def is_id_column(column: Column) -> bool:
    return column.path == "id" or column.path.endswith(".id") or column.path.endswith("Id")


def short_date(value: Any) -> str:
    """A timestamp (epoch milliseconds, seconds or ISO text) as ``YYYY-MM-DD HH:MM`` in UTC."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            moment = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return str(value)
        return moment.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:16]
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def duration_text(milliseconds: Any) -> str:
    """A length of time as a person reads it: ``850ms``, ``42s``, ``3m 05s``, ``2h 07m``."""
    if not isinstance(milliseconds, int) or isinstance(milliseconds, bool) or milliseconds < 0:
        return ""
    if milliseconds < 1000:
        return f"{milliseconds}ms"
    seconds = milliseconds // 1000
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def short_id(value: str) -> str:
    """The first eight characters of a UUID, which is how people quote them."""
    return value[:8] + "…" if _UUID.match(value) else value


def cell_text(column: Column, value: Any, *, shorten_ids: bool) -> str:
    """The plain text shown for ``value`` in ``column``: one line, every character visible."""
    if value is None:
        return ""
    if is_time_column(column):
        return visible(short_date(value))
    if is_duration_column(column):
        return duration_text(value)
    if is_count_column(column):
        return count_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "…"
    text = value if isinstance(value, str) else str(value)
    text = visible(text[:CELL_SOURCE_LIMIT])
    if shorten_ids and is_id_column(column):
        return short_id(text)
    return text


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells with an ellipsis, so a row never wraps.

    Cells, not characters: a CJK character or an emoji takes two, and a cut through one is
    padded with a space, so the columns after it stay aligned.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def fit_apart(names: dict[str, str], width: int) -> dict[str, str]:
    """Each key's name cut to ``width`` cells so that different names stay different.

    A name that fits is kept. Names whose plain cut would read the same keep their end
    instead (``Returns LATAM…inbound 2``), since that is where such names differ; any still
    alike get the key's first eight characters beside them (``Ret… 71471eba``).
    """
    labels = {key: fit(name, width) for key, name in names.items()}
    by_label: dict[str, list[str]] = {}
    for key, label in labels.items():
        by_label.setdefault(label, []).append(key)
    for keys in by_label.values():
        if len({names[k] for k in keys}) < 2:
            continue  # one name (or the same name twice): nothing to tell apart by text
        for key in keys:
            labels[key] = keep_end(names[key], width)
    by_label = {}
    for key, label in labels.items():
        by_label.setdefault(label, []).append(key)
    for keys in by_label.values():
        if len(keys) > 1:
            for key in keys:
                tag = " " + key[:8]
                labels[key] = fit(names[key], max(width - cell_len(tag), 1)) + tag
    return labels


def keep_end(text: str, width: int) -> str:
    """``text`` cut in the middle to ``width`` cells: its start, an ellipsis, its end."""
    if cell_len(text) <= width:
        return text
    if width < 5:
        return fit(text, width)
    tail_width = (width - 1) // 2
    tail = ""
    for char in reversed(text):
        if cell_len(char + tail) > tail_width:
            break
        tail = char + tail
    return set_cell_size(text, width - 1 - cell_len(tail)) + "…" + tail


def plain_cell(text: str) -> Text:
    """A DataTable cell that is never read as markup (a plain ``str`` cell would be)."""
    return Text(text, no_wrap=True, end="")


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders mixed values: numbers, then text (case-folded), then missing values last."""
    if value is None:
        return (2, "")
    if isinstance(value, bool):
        return (1, str(value).lower())
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())
