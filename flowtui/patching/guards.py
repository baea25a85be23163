"""guard_edit: refuse an edit before it is sent, with a message that names the path and the fix."""

from __future__ import annotations

from typing import Any

from flowtui.patching.exact import exact_equal
from flowtui.patching.pointers import MISSING, child, is_within, overlaps, resolve
from flowtui.patching.problems import Problem
from flowtui.patching.readonly import read_only_problems
from flowtui.patching.required import required_field_problems
from flowtui.patching.rules import KindRules
from flowtui.patching.secrets import MASK, auth_schemas, params_schema, secret_pointers

_ALLOWED_OPS = ("add", "replace", "remove")


def guard_edit(
    kind: KindRules,
    before: Any,
    after: Any,
    ops: list[dict[str, Any]],
    *,
    connection_spec: Any = None,
) -> list[Problem]:
    """Everything wrong with sending ``ops`` (which turn ``before`` into ``after``); [] if none."""
    problems: list[Problem] = []
    if kind.update.value == "none":
        return [Problem("", f"{kind.name} cannot be edited; the service offers no update for them")]
    for op in ops:
        if op.get("op") not in _ALLOWED_OPS:
            problems.append(
                Problem(
                    str(op.get("path", "")),
                    f"{op.get('path', '')}: the service accepts only add, replace and remove, "
                    f"not {op.get('op')!r}",
                )
            )
    problems += read_only_problems(kind, before, after, ops)
    problems += required_field_problems(kind, before, after, ops)
    if kind.update.value == "patch":
        problems += _masked_secret_problems(before, ops, connection_spec)
        problems += _required_removal_problems(before, after, ops, connection_spec)
    return problems


def _masked_secret_problems(
    before: Any, ops: list[dict[str, Any]], connection_spec: Any
) -> list[Problem]:
    problems: list[Problem] = []
    secrets = secret_pointers(before, connection_spec)
    for op in ops:
        path = op.get("path")
        if op.get("op") not in ("add", "replace") or not isinstance(path, str):
            continue
        for secret in sorted(secrets):
            if not is_within(secret, path):
                continue
            written = resolve(op.get("value"), secret[len(path) :])
            if written is MISSING:
                continue
            old = resolve(before, secret)
            if written == MASK or (old is not MISSING and exact_equal(written, old)):
                problems.append(
                    Problem(
                        secret,
                        f"{secret} is the masked value the service returned; type the new "
                        "secret or leave the field unchanged",
                    )
                )
    return problems


def required_pointers(schema: Any, prefix: str, depth: int = 0) -> set[str]:
    """Pointers a JSON Schema marks required (following ``properties`` down)."""
    found: set[str] = set()
    if not isinstance(schema, dict) or depth > 20:
        return found
    for name in schema.get("required") or []:
        if isinstance(name, str):
            found.add(child(prefix, name))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            found |= required_pointers(sub, child(prefix, name), depth + 1)
    return found


def _required_removal_problems(
    before: Any, after: Any, ops: list[dict[str, Any]], connection_spec: Any
) -> list[Problem]:
    required: dict[str, str] = {}
    for schema in auth_schemas(before, connection_spec):
        for pointer in required_pointers(schema, "/auth/params"):
            required[pointer] = "its auth spec"
    for section in ("targetSpec", "sourceSpec"):
        for pointer in required_pointers(params_schema(connection_spec, section), "/params"):
            required[pointer] = f"the spec's {section}"
    paths = [op["path"] for op in ops if isinstance(op.get("path"), str)]
    problems: list[Problem] = []
    for pointer, source in sorted(required.items()):
        removed = resolve(before, pointer) is not MISSING and resolve(after, pointer) is MISSING
        if removed and any(overlaps(path, pointer) for path in paths):
            problems.append(
                Problem(
                    pointer,
                    f"{pointer} is required by {source}; give it a value instead of removing it",
                )
            )
    return problems
