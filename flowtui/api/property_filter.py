"""Checking a ``property`` filter before it is sent, by the rules the Flow Service applies.

The service refuses a filter on a field it does not know (1449), an operator it does not
implement (``~``, 1440) or that does not exist (``!>``, 1450), a filter with no value (1453), a
list after a range operator (1443), a range operator on a field that is not a number (1448) and
a value a number field cannot hold (1452). Checking first lets the refusal say, in words a
person can act on, which field or operator is wrong and what would be accepted.

This is written apart from the emulator's own parser on purpose: one mistake shared by the
client and the emulator would hide from every test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS: tuple[str, ...] = ("==", "!=", ">", "<", ">=", "<=")
"""What the service accepts between a field and its value."""
RANGE_OPERATORS: frozenset[str] = frozenset({">", "<", ">=", "<="})
"""Operators that compare sizes: one value, and only on number fields."""

_META = (
    "id",
    "name",
    "description",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
)
_RECORD = (*_META, "etag", "version", "state", "lastOperation", "labels")
_CONNECTION = (*_RECORD, "auth", "connectionSpec", "params", "data", "typeInfo")
_SPEC = (*_META, "providerId", "version", "attributes", "permissionsInfo")

FILTER_FIELDS: dict[str, frozenset[str]] = {
    "flows": frozenset(
        (
            *_RECORD,
            "flowSpec",
            "sourceConnectionIds",
            "targetConnectionIds",
            "inheritedAttributes",
            "transformations",
            "scheduleParams",
            "lastRunDetails",
            "runs",
            "options",
        )
    ),
    "connections": frozenset(_CONNECTION),
    "sourceConnections": frozenset((*_CONNECTION, "baseConnectionId")),
    "targetConnections": frozenset((*_CONNECTION, "baseConnectionId")),
    "connectionSpecs": frozenset(
        (*_SPEC, "authSpec", "sourceSpec", "targetSpec", "exploreSpec", "type", "frequency")
    ),
    "flowSpecs": frozenset(
        (
            *_SPEC,
            "sourceConnectionSpecIds",
            "targetConnectionSpecIds",
            "transformationSpecs",
            "scheduleSpec",
            "optionSpec",
            "runSpec",
        )
    ),
    "runs": frozenset(
        (*_META, "flowId", "flowSpec", "providerRefId", "eTag", "etag", "metrics", "activities")
    ),
}
"""The top-level fields each kind can be filtered by; nested ones follow with dots."""

_EXAMPLES: dict[str, str] = {
    "flows": "state==enabled, flowSpec.id==<id>, createdAt>=1700000000000",
    "connections": "state==enabled, connectionSpec.id==<id>, auth.specName==<name>",
    "sourceConnections": "baseConnectionId==<id>, connectionSpec.id==<id>",
    "targetConnections": "baseConnectionId==<id>, connectionSpec.id==<id>",
    "connectionSpecs": "name==<name>, providerId==<id>",
    "flowSpecs": "name==<name>, sourceConnectionSpecIds==<id>",
    "runs": "flowId==<id>, metrics.statusSummary.status==Failed",
}

# A field, then a run of operator characters, then the value (possibly empty).
_SPLIT = re.compile(r"^(?P<field>[^=!<>~]*)(?P<operator>[=!<>~]+)(?P<value>.*)$", re.DOTALL)
_FIELD_PATH = re.compile(r"^[A-Za-z0-9_@$-]+(\[\])?(\.[A-Za-z0-9_@$-]+(\[\])?)*$")
_NUMBER_ENDINGS = ("At", "AtUTC", "Count", "Bytes")


@dataclass(frozen=True)
class FilterRefusal:
    """Why the service would refuse a filter: its code and a sentence a person can act on."""

    code: str
    """The code the service answers, e.g. ``FLOW-1449-400``."""
    message: str
    field: str | None = None
    operator: str | None = None


class PropertyFilterError(ValueError):
    """A ``property`` filter the service would refuse; nothing was sent."""

    def __init__(self, refusal: FilterRefusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def is_number_field(field: str) -> bool:
    """Whether the field holds a number (a timestamp, a count, a size), so ranges apply."""
    last = field.rsplit(".", 1)[-1].removesuffix("[]")
    return last.endswith(_NUMBER_ENDINGS)


def _operators() -> str:
    return ", ".join(OPERATORS)


def _field_refusal(kind: str, expression: str, field: str) -> FilterRefusal | None:
    fields = FILTER_FIELDS.get(kind)
    top = field.split(".", 1)[0].removesuffix("[]")
    if _FIELD_PATH.match(field) and (fields is None or top in fields):
        return None
    if not field:
        message = f"'{expression}' names no field: type a field before the operator"
    elif not _FIELD_PATH.match(field):
        message = (
            f"'{field}' is not a field name: use letters, digits and dots "
            "(flowSpec.id), with [] to look inside a list"
        )
    else:
        message = f"{kind} have no field '{top}' to filter by"
    listed = ", ".join(sorted(fields or ()))
    hint = f". Fields: {listed}" if listed else ""
    example = _EXAMPLES.get(kind)
    return FilterRefusal(
        "FLOW-1449-400",
        message + hint + (f". For example {example}" if example else "") + ".",
        field=field,
    )


def refusal_of(kind: str, expression: str) -> FilterRefusal | None:
    """Why the service would refuse ``expression`` as a filter on ``kind``, or None if it would
    take it. ``kind`` is the kind's name (``flows``); an unknown kind skips the field check."""
    parts = _SPLIT.match(expression.strip())
    if parts is None:
        return FilterRefusal(
            "FLOW-1450-400",
            f"'{expression}' has no operator: write field, operator, value, e.g. state==enabled "
            f"(operators: {_operators()}).",
        )
    field, operator, value = parts["field"], parts["operator"], parts["value"]
    problem = _field_refusal(kind, expression, field)
    if problem is not None:
        return problem
    if "~" in operator:
        return FilterRefusal(
            "FLOW-1440-400",
            f"The Flow Service does not implement '{operator}' (no pattern matching). "
            f"Use one of {_operators()}; to find part of a name, type it without an operator.",
            field=field,
            operator=operator,
        )
    if operator not in OPERATORS:
        return FilterRefusal(
            "FLOW-1450-400",
            f"'{operator}' is not an operator the Flow Service knows. Use one of {_operators()}"
            + (" (not greater than is <=)." if operator == "!>" else "."),
            field=field,
            operator=operator,
        )
    if value == "":
        return FilterRefusal(
            "FLOW-1453-400",
            f"'{expression.strip()}' has no value after '{operator}': type what {field} "
            "should be compared with.",
            field=field,
            operator=operator,
        )
    values = value.split(",")
    number = is_number_field(field)
    if operator in RANGE_OPERATORS and len(values) > 1:
        return FilterRefusal(
            "FLOW-1443-400",
            f"'{operator}' takes one value, not the list '{value}'. Only == and != take a "
            "comma-separated list (any of / none of).",
            field=field,
            operator=operator,
        )
    if operator in RANGE_OPERATORS and not number:
        return FilterRefusal(
            "FLOW-1448-400",
            f"'{operator}' does not work on {field}: ranges work only on number fields such as "
            "createdAt, updatedAt or lastRunDetails.startedAtUTC. Use == or != on "
            f"{field}.",
            field=field,
            operator=operator,
        )
    if number and (len(values) > 1 or not re.fullmatch(r"-?\d+", value)):
        return FilterRefusal(
            "FLOW-1452-400",
            f"{field} holds one number (epoch milliseconds for a time); '{value}' is not one. "
            f"Give one whole number, e.g. {field}>=1700000000000.",
            field=field,
            operator=operator,
        )
    return None


def check_property_filter(kind: str, expression: str) -> str:
    """The expression, trimmed, if the service would take it; PropertyFilterError if not."""
    refusal = refusal_of(kind, expression)
    if refusal is not None:
        raise PropertyFilterError(refusal)
    return expression.strip()
