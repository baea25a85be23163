"""Apply ops with jsonpatch without copying the whole document: only the touched path is copied."""

from __future__ import annotations

from typing import Any

import jsonpatch
import jsonpointer

from flowtui.patching.errors import PatchError
from flowtui.patching.pointers import split

APPLY_ERRORS = (
    jsonpatch.JsonPatchException,
    jsonpointer.JsonPointerException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
)


def describe_op(index: int, op: Any) -> str:
    """``op 2 (replace /name)`` for messages."""
    if isinstance(op, dict):
        return f"op {index + 1} ({op.get('op', '?')} {op.get('path', '?')})"
    return f"op {index + 1}"


def apply_copy_on_write(doc: Any, ops: list[dict[str, Any]]) -> Any:
    """The result of ``ops`` on ``doc``; ``doc`` is untouched and shares untouched subtrees."""
    copied: set[int] = set()
    root: list[Any] = [doc]
    for index, op in enumerate(ops):
        try:
            for key in ("path", "from"):
                pointer = op.get(key) if isinstance(op, dict) else None
                if isinstance(pointer, str):
                    _copy_parents(root, split(pointer), copied)
            root[0] = jsonpatch.apply_patch(root[0], [op], in_place=True)
        except APPLY_ERRORS as error:
            raise PatchError(f"{describe_op(index, op)} cannot be applied: {error}") from error
    return root[0]


def _copy_parents(root: list[Any], tokens: list[str], copied: set[int]) -> None:
    """Replace each container from the root down to the target's parent by a private copy."""
    holder: Any = root
    slot: Any = 0
    for token in [None, *tokens[:-1]]:
        if token is not None:
            holder = holder[slot]
            if type(holder) is dict:
                if token not in holder:
                    return
                slot = token
            elif type(holder) is list:
                if not token.isdigit() or int(token) >= len(holder):
                    return
                slot = int(token)
            else:
                return
        current = holder[slot]
        if type(current) is dict or type(current) is list:
            if id(current) not in copied:
                current = current.copy()
                holder[slot] = current
                copied.add(id(current))
        else:
            return
