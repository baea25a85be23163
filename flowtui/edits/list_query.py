"""What was typed after `/`: plain text filtered here, or a `property` filter for the service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flowtui.api.kinds import RUN_STATUS_PATH
from flowtui.api.property_filter import refusal_of

# A field then operator characters: meant for the service (a lone `=` stays text, with a hint).
_ATTEMPT = re.compile(r"^\s*!?[A-Za-z_][\w.\[\]]*\s*(?P<op>[=!<>~]+)")


SHORTHANDS: dict[str, dict[str, str]] = {"runs": {"status": RUN_STATUS_PATH}}
"""Per kind, short field names typed after `/` and the field the service filters on:
``status==Failed`` on runs is sent as ``metrics.statusSummary.status==Failed``."""


def expand_shorthand(kind: str, expression: str) -> str:
    """``expression`` with a shorthand field (``status``) spelled as the service needs it."""
    for short, field in SHORTHANDS.get(kind, {}).items():
        match = re.match(rf"^{re.escape(short)}(?=[=!<>~])", expression)
        if match is not None:
            return field + expression[match.end() :]
    return expression


@dataclass(frozen=True)
class ListQuery:
    """A filter for one pane: ``text`` matched locally, or ``property`` sent to the service."""

    text: str = ""
    property_filter: str | None = None
    problem: str | None = None
    """Why the service would refuse the property filter typed (then it is not sent)."""

    @property
    def is_empty(self) -> bool:
        return not self.text and self.property_filter is None


def parse_query(typed: str, kind: str = "") -> ListQuery:
    """``state==enabled`` becomes a property filter, checked by the service's rules for ``kind``
    (a refusal goes in ``problem``); anything else is text to match."""
    stripped = typed.strip()
    attempt = _ATTEMPT.match(stripped)
    if attempt is None or attempt["op"] == "=" or not set(attempt["op"]) & set("=<>~"):
        return ListQuery(text=stripped)
    expression = re.sub(r"\s*([=!<>~]+)\s*", r"\1", stripped, count=1)
    expression = expand_shorthand(kind, expression)
    refusal = refusal_of(kind, expression)
    if refusal is not None:
        return ListQuery(text=stripped, problem=refusal.message)
    return ListQuery(property_filter=expression)


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
