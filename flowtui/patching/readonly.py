"""Fields the service owns: refuse edits to them and strip them from PUT bodies."""

from __future__ import annotations

import copy
from typing import Any

from flowtui.patching.exact import exact_equal
from flowtui.patching.pointers import MISSING, is_within, join, overlaps, resolve, split
from flowtui.patching.problems import Problem
from flowtui.patching.rules import KindRules

_REASONS = {
    "/state": "a flow is enabled or disabled with the enable/disable action, not by editing",
    "/connectionSpec": "a connection cannot change its connection spec; create a new connection",
    "/version": "the service bumps it on every update",
    "/etag": "the service bumps it on every update",
}


def read_only_message(pointer: str) -> str:
    """Why ``pointer`` cannot be edited, and what to do instead."""
    reason = _REASONS.get(pointer, "the service sets it")
    return f"{pointer} is read-only ({reason}); put it back as it was"


def read_only_problems(
    kind: KindRules, before: Any, after: Any, ops: list[dict[str, Any]]
) -> list[Problem]:
    """One Problem per read-only pointer that ``ops`` writes to or changes through a parent."""
    problems: list[Problem] = []
    paths: list[str] = []
    for op in ops:
        for member in ("path", "from"):
            if isinstance(op.get(member), str):
                paths.append(op[member])
    for pointer in kind.read_only:
        inside = [path for path in paths if is_within(path, pointer)]
        if inside:
            problems.append(Problem(inside[0], read_only_message(pointer)))
            continue
        touched = any(overlaps(path, pointer) for path in paths)
        if touched and not _same_at(before, after, pointer):
            problems.append(Problem(pointer, read_only_message(pointer)))
    return problems


def _same_at(before: Any, after: Any, pointer: str) -> bool:
    old, new = resolve(before, pointer), resolve(after, pointer)
    if old is MISSING or new is MISSING:
        return old is new
    return exact_equal(old, new)


def strip_read_only(kind: KindRules, body: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``body`` without the kind's read-only fields, ready to PUT."""
    result = copy.deepcopy(body)
    for pointer in kind.read_only:
        tokens = split(pointer)
        if not tokens:
            continue
        parent: Any = resolve(result, join(tokens[:-1]))
        if isinstance(parent, dict):
            parent.pop(tokens[-1], None)
    return result
