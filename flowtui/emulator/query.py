"""The list query language: ``property`` filters and ``orderby``, as the service documents them.

``property=state==enabled`` filters; operators ``==``, ``!=``, ``>``, ``<``, ``>=``, ``<=``; a
comma list after ``==`` means "any of" (after ``!=``: "none of"); dotted paths reach nested
fields and ``[]`` walks array members (``inheritedAttributes.sourceConnections[].id==X``).
A bare field name (``property=name``) selects the fields returned instead of filtering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flowtui.emulator.errors import bad_request

JSON = dict[str, Any]

_OPERATORS = ("==", "!=", ">=", "<=", ">", "<")
_FILTER = re.compile(
    r"^(?P<path>[A-Za-z0-9_@$\-]+(?:\[\])?(?:\.[A-Za-z0-9_@$\-]+(?:\[\])?)*)"
    r"(?P<op>==|!=|>=|<=|>|<)(?P<value>.*)$"
)
_FIELD = re.compile(r"^[A-Za-z0-9_@$\-]+(?:\.[A-Za-z0-9_@$\-]+)*$")
_MISSING = object()


@dataclass(frozen=True)
class Filter:
    """One ``property`` condition."""

    path: str
    op: str
    values: tuple[str, ...]

    def matches(self, record: JSON) -> bool:
        found = list(_resolve(record, self.path.split(".")))
        if self.op == "!=":
            return not any(_equal(v, want) for v in found for want in self.values)
        if self.op == "==":
            return any(_equal(v, want) for v in found for want in self.values)
        return any(_compare(v, self.values[0], self.op) for v in found)


def _resolve(node: Any, parts: list[str]) -> list[Any]:
    """Every value at the path; ``[]`` fans out over array members."""
    if not parts:
        return [node]
    head, rest = parts[0], parts[1:]
    fan = head.endswith("[]")
    key = head[:-2] if fan else head
    if not isinstance(node, dict) or key not in node:
        return []
    child = node[key]
    if fan:
        if not isinstance(child, list):
            return []
        out: list[Any] = []
        for member in child:
            out.extend(_resolve(member, rest))
        return out
    return _resolve(child, rest)


def _coerce(value: Any, text: str) -> Any:
    """The filter text read as the type of the record's value."""
    if isinstance(value, bool):
        return {"true": True, "false": False}.get(text.lower(), _MISSING)
    if isinstance(value, (int, float)):
        try:
            return float(text) if "." in text or "e" in text.lower() else int(text)
        except ValueError:
            return _MISSING
    if value is None:
        return None if text == "null" else _MISSING
    if isinstance(value, str):
        return text
    return _MISSING


def _equal(value: Any, text: str) -> bool:
    want = _coerce(value, text)
    return want is not _MISSING and value == want


def _compare(value: Any, text: str, op: str) -> bool:
    want = _coerce(value, text)
    if want is _MISSING or want is None or isinstance(value, bool):
        return False
    if op == ">":
        return bool(value > want)
    if op == "<":
        return bool(value < want)
    if op == ">=":
        return bool(value >= want)
    return bool(value <= want)


def parse_property(term: str) -> Filter | str:
    """A filter, or the field name of a projection; 400 for anything else."""
    match = _FILTER.match(term)
    if match:
        op = match["op"]
        raw = match["value"]
        if raw.startswith(("=", "<", ">", "!", "~")):
            raise bad_request(
                f"The property filter '{term}' uses an unsupported operator. "
                f"Supported operators: {', '.join(_OPERATORS)}."
            )
        values = tuple(raw.split(",")) if op in ("==", "!=") else (raw,)
        if op not in ("==", "!=") and "," in raw:
            raise bad_request(
                f"The property filter '{term}' gives a list; only == and != accept "
                "comma-separated values."
            )
        return Filter(match["path"], op, values)
    if _FIELD.match(term):
        return term
    raise bad_request(
        f"The property filter '{term}' uses an unsupported operator or an invalid field path. "
        f"Supported operators: {', '.join(_OPERATORS)}."
    )


@dataclass(frozen=True)
class Query:
    """What a list request asks for: filters, projection and order."""

    filters: tuple[Filter, ...] = ()
    fields: tuple[str, ...] = ()
    orderby: tuple[str, ...] = ()

    @classmethod
    def parse(cls, properties: list[str], orderby: str | None) -> Query:
        filters: list[Filter] = []
        fields: list[str] = []
        for term in properties:
            if not term:
                raise bad_request("An empty property parameter was given.")
            parsed = parse_property(term)
            if isinstance(parsed, Filter):
                filters.append(parsed)
            else:
                fields.append(parsed)
        order: list[str] = []
        if orderby:
            for part in orderby.split(","):
                part = part.strip()
                name = part.lstrip("+-")
                if not name or not _FIELD.match(name) or len(part) - len(name) > 1:
                    raise bad_request(
                        f"orderby '{orderby}' is not valid: give a field name, optionally "
                        "prefixed with + (ascending) or - (descending)."
                    )
                order.append(part if part.startswith("-") else name)
        return cls(tuple(filters), tuple(fields), tuple(order))

    def select(self, records: list[JSON]) -> list[JSON]:
        """Filter then sort (stable; records missing the field go last)."""
        chosen = [r for r in records if all(f.matches(r) for f in self.filters)]
        for field in reversed(self.orderby):
            descending = field.startswith("-")
            name = field.lstrip("-")
            present = [r for r in chosen if _sort_key(r, name) is not None]
            absent = [r for r in chosen if _sort_key(r, name) is None]
            present.sort(key=lambda r: _sort_key(r, name), reverse=descending)  # type: ignore[arg-type, return-value]
            chosen = present + absent
        return chosen

    def project(self, record: JSON) -> JSON:
        """Only the selected top-level fields (and the id), when a projection was asked."""
        if not self.fields:
            return record
        keep = {f.split(".")[0] for f in self.fields} | {"id"}
        return {k: v for k, v in record.items() if k in keep}


def _sort_key(record: JSON, name: str) -> tuple[int, Any] | None:
    values = _resolve(record, name.split("."))
    if not values or values[0] is None:
        return None
    value = values[0]
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, str(value))
