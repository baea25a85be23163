"""apply_ops: run a JSON Patch on a copy of a document, as the client and emulator do."""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch

from flowtui.patching.errors import PatchError
from flowtui.patching.verify import APPLY_ERRORS, describe_op

_POINTER_MEMBERS = {
    "add": ("path",),
    "remove": ("path",),
    "replace": ("path",),
    "move": ("path", "from"),
    "copy": ("path", "from"),
    "test": ("path",),
}
_VALUE_OPS = {"add", "replace", "test"}


def apply_ops(doc: Any, ops: list[dict[str, Any]]) -> Any:
    """A copy of ``doc`` with ``ops`` applied (RFC 6902); raises PatchError naming the bad op."""
    if not isinstance(ops, list):
        raise PatchError("a JSON Patch must be a list of operations")
    for index, op in enumerate(ops):
        check_op(index, op)
    result = copy.deepcopy(doc)
    for index, op in enumerate(ops):
        try:
            result = jsonpatch.apply_patch(result, [op], in_place=True)
        except APPLY_ERRORS as error:
            raise PatchError(f"{describe_op(index, op)} cannot be applied: {error}") from error
    return result


def check_op(index: int, op: Any) -> None:
    """Refuse an op that is malformed before it reaches jsonpatch (which is lenient)."""
    if not isinstance(op, dict):
        raise PatchError(f"op {index + 1} is not an object")
    name = op.get("op")
    if name not in _POINTER_MEMBERS:
        raise PatchError(f"{describe_op(index, op)}: unknown operation {name!r}")
    for member in _POINTER_MEMBERS[name]:
        pointer = op.get(member)
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise PatchError(f"{describe_op(index, op)}: {member!r} must be a JSON Pointer")
    if name in _VALUE_OPS and "value" not in op:
        raise PatchError(f"{describe_op(index, op)}: the op needs a 'value'")
