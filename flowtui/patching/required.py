"""Fields a record cannot lose: refused like read-only fields, with what the service would do.

The table follows the request schemas of the Flow Service API (flow-service.yaml): what a create
must carry, a record must keep. ``name`` is required of every kind: the service would accept
its removal and store a nameless record nobody can find in a list. ``*`` stands for every index
of an array.
"""

from __future__ import annotations

from typing import Any, Final

from flowtui.patching.pointers import MISSING, join, overlaps, resolve, split
from flowtui.patching.problems import Problem
from flowtui.patching.rules import KindRules

_SPEC_INFO = ("/id", "/version")
"""SpecInfoDTO: a reference to a connection or flow spec needs both."""

REQUIRED_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "flows": (
        "/name",
        "/flowSpec",
        *(f"/flowSpec{p}" for p in _SPEC_INFO),
        "/transformations/*/name",  # FlowTransformationDTO
        "/transformations/*/params",
    ),
    "connections": (
        "/name",
        "/connectionSpec",
        *(f"/connectionSpec{p}" for p in _SPEC_INFO),
        "/auth/specName",  # AuthInfoDTO
    ),
    "sourceConnections": (
        "/name",
        "/connectionSpec",
        *(f"/connectionSpec{p}" for p in _SPEC_INFO),
        "/data",
    ),
    "targetConnections": (
        "/name",
        "/connectionSpec",
        *(f"/connectionSpec{p}" for p in _SPEC_INFO),
        "/data",
    ),
    "connectionSpecs": ("/name", "/providerId"),
    "flowSpecs": ("/name", "/providerId"),
}
"""Per kind name, the JSON Pointers a record must keep once it has them."""

_SINGULAR: Final = {
    "flows": "flow",
    "connections": "connection",
    "sourceConnections": "source connection",
    "targetConnections": "target connection",
    "connectionSpecs": "connection spec",
    "flowSpecs": "flow spec",
}


def required_fields(kind: KindRules) -> tuple[str, ...]:
    """The pointers ``kind``'s records cannot lose (``/name`` for a kind not in the table)."""
    return REQUIRED_FIELDS.get(kind.name, ("/name",))


def _expand(pattern: str, doc: Any) -> list[str]:
    """The concrete pointers ``pattern`` names in ``doc`` (``*`` matching every array index)."""
    found: list[list[str]] = [[]]
    for token in split(pattern):
        grown: list[list[str]] = []
        for prefix in found:
            if token != "*":
                grown.append([*prefix, token])
                continue
            items = resolve(doc, join(prefix))
            if isinstance(items, list):
                grown.extend([*prefix, str(index)] for index in range(len(items)))
        found = grown
    return [join(tokens) for tokens in found]


def required_message(kind: KindRules, pointer: str, *, blank: bool = False) -> str:
    """Why ``pointer`` cannot be removed (or blanked) from a record of ``kind``."""
    singular = _SINGULAR.get(kind.name, kind.name)
    if pointer == "/name":
        if blank:
            return f"name cannot be blank: the service would store a nameless {singular}"
        return f"name cannot be removed: the service would store a nameless {singular}"
    return (
        f"{pointer} cannot be removed: the Flow Service requires it of a {singular}; "
        "give it a value instead"
    )


def required_field_problems(
    kind: KindRules, before: Any, after: Any, ops: list[dict[str, Any]]
) -> list[Problem]:
    """One Problem per required field that ``ops`` remove (or, for ``/name``, blank).

    A field goes missing only if its parent is still there: removing a whole transformation
    is not removing its name.
    """
    paths = [op["path"] for op in ops if isinstance(op.get("path"), str)]
    problems: list[Problem] = []
    for pattern in required_fields(kind):
        for pointer in _expand(pattern, before):
            if resolve(before, pointer) is MISSING or not any(overlaps(p, pointer) for p in paths):
                continue
            now = resolve(after, pointer)
            if now is MISSING:
                parent = join(split(pointer)[:-1])
                if resolve(after, parent) is not MISSING:
                    problems.append(Problem(pointer, required_message(kind, pointer)))
            elif pointer == "/name" and isinstance(now, str) and not now.strip():
                problems.append(Problem(pointer, required_message(kind, pointer, blank=True)))
    return problems
