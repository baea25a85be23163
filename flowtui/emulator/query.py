"""The list query language: ``property`` filters and ``orderby``, as the service documents them.

``property=state==enabled`` filters; operators ``==``, ``!=``, ``>``, ``<``, ``>=``, ``<=``; a
comma list after ``==`` means "any of" (after ``!=``: "none of"); dotted paths reach nested
fields and ``[]`` walks array members (``inheritedAttributes.sourceConnections[].id==X``).
A bare field name (``property=name``) selects the fields returned instead of filtering.
Refusals carry the documented codes (1440, 1443, 1448-1450, 1452, 1453 for filters; 1432 and
1433 for ``orderby``); which fields are known, numeric or sortable is in ``fields``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flowtui.emulator.errors import (
    FILTER_FIELD_INVALID,
    FILTER_OPERATOR_INVALID,
    FILTER_VALUE_INVALID,
    OPERATOR_NOT_FOR_FIELD,
    OPERATOR_NOT_IMPLEMENTED,
    OPERATOR_WITH_MANY_VALUES,
    ORDERBY_FIELD_NOT_ALLOWED,
    QUERY_VALUE_INVALID,
    SORT_ORDER_WRONG,
    flow_error,
)
from flowtui.emulator.fields import is_number_field, known_field, orderable

JSON = dict[str, Any]

_OPERATORS = ("==", "!=", ">=", "<=", ">", "<")
_PATH = re.compile(r"^[A-Za-z0-9_@$\-]+(?:\[\])?(?:\.[A-Za-z0-9_@$\-]+(?:\[\])?)*$")
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


_TERM = re.compile(r"^(?P<path>[^=!<>~]*)(?P<op>[=!<>~]+)(?P<value>.*)$", re.DOTALL)
_RANGE_OPERATORS = (">=", "<=", ">", "<")
_WHOLE_NUMBER = re.compile(r"^-?\d+$")


def parse_property(kind: str, term: str) -> Filter | str:
    """A filter, or the field name of a projection; the documented 400 for anything else.

    Checked in this order: the field (1449), the operator (1440, 1450), an empty value (1453),
    a list after a range operator (1443), a range operator on a field that is not a number
    (1448), and a value a number field cannot hold (1452).
    """
    match = _TERM.match(term)
    if match is None:
        if not _PATH.match(term) or not known_field(kind, term):
            raise flow_error(400, FILTER_FIELD_INVALID, f"Invalid field '{term}' in filter params.")
        return term
    path, op, raw = match["path"], match["op"], match["value"]
    if not _PATH.match(path) or not known_field(kind, path):
        raise flow_error(400, FILTER_FIELD_INVALID, f"Invalid field '{path}' in filter params.")
    if "~" in op:
        raise flow_error(400, OPERATOR_NOT_IMPLEMENTED, f"Operator '{op}' is not implemented.")
    if op not in _OPERATORS:
        raise flow_error(
            400,
            FILTER_OPERATOR_INVALID,
            f"Invalid operator '{op}' in filter params. Supported: {', '.join(_OPERATORS)}.",
        )
    if raw == "":
        raise flow_error(400, QUERY_VALUE_INVALID, f"Invalid query value '{term}'.")
    values = tuple(raw.split(","))
    number = is_number_field(path)
    if op in _RANGE_OPERATORS:
        if len(values) > 1:
            raise flow_error(
                400,
                OPERATOR_WITH_MANY_VALUES,
                f"Operator '{op}' is not allowed with multiple values ('{raw}').",
            )
        if not number:
            raise flow_error(
                400,
                OPERATOR_NOT_FOR_FIELD,
                f"Operator '{op}' is not supported for field '{path}'.",
            )
    if number and (len(values) > 1 or not _WHOLE_NUMBER.match(raw)):
        raise flow_error(400, FILTER_VALUE_INVALID, f"Invalid value '{raw}' for field '{path}'.")
    return Filter(path, op, values)


def _order_part(kind: str, orderby: str, part: str) -> str:
    """One ``orderby`` entry as ``name`` or ``-name``: 1432 for a bad sign, 1433 for a field."""
    name = part.lstrip("+-")
    if len(part) - len(name) > 1 or not name:
        raise flow_error(
            400,
            SORT_ORDER_WRONG,
            f"The sort order in orderby '{orderby}' is wrong: prepend + for ascending or - for "
            "descending to one field name.",
        )
    if not orderable(kind, name):
        raise flow_error(
            400,
            ORDERBY_FIELD_NOT_ALLOWED,
            f"Field '{name}' is not allowed in orderby. Examples: +name, -name, name.",
        )
    return name if part.startswith("+") or part == name else part


@dataclass(frozen=True)
class Query:
    """What a list request asks for: filters, projection and order."""

    filters: tuple[Filter, ...] = ()
    fields: tuple[str, ...] = ()
    orderby: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        kind: str,
        properties: list[str],
        orderby: str | None,
        default_order: tuple[str, ...] = (),
    ) -> Query:
        filters: list[Filter] = []
        fields: list[str] = []
        for term in properties:
            if not term:
                raise flow_error(400, QUERY_VALUE_INVALID, "Invalid query value '' (property).")
            parsed = parse_property(kind, term)
            if isinstance(parsed, Filter):
                filters.append(parsed)
            else:
                fields.append(parsed)
        order: list[str] = []
        if orderby:
            order = [_order_part(kind, orderby, p.strip()) for p in orderby.split(",")]
        return cls(tuple(filters), tuple(fields), tuple(order or default_order))

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
