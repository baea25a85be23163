"""What was typed after `/`: plain text filtered here, or a `property` filter for the service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Flow Service `property` operators: ==, !=, <, <=, >, >=.
_EXPRESSION = re.compile(r"^\s*!?[A-Za-z_][\w.\[\]]*\s*(==|!=|<=|>=|<|>)\s*\S.*$")


@dataclass(frozen=True)
class ListQuery:
    """A filter for one pane: ``text`` matched locally, or ``property`` sent to the service."""

    text: str = ""
    property_filter: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text and self.property_filter is None


def parse_query(typed: str) -> ListQuery:
    """``state==enabled`` becomes a property filter; anything else is text to match."""
    stripped = typed.strip()
    if _EXPRESSION.match(stripped):
        return ListQuery(
            property_filter=re.sub(r"\s*(==|!=|<=|>=|<|>)\s*", r"\1", stripped, count=1)
        )
    return ListQuery(text=stripped)


def looks_like_single_equals(text: str) -> bool:
    """``state=enabled``: someone meant a property filter, which takes ``==``."""
    return "=" in text and parse_query(text.replace("=", "==", 1)).property_filter is not None


def matches_text(record: dict[str, Any], needle: str) -> bool:
    """Whether the record's name or id contains ``needle`` (already case-folded)."""
    name = record.get("name")
    if isinstance(name, str) and needle in name.casefold():
        return True
    record_id = record.get("id")
    return isinstance(record_id, str) and needle in record_id.casefold()
