"""Carrying an edit over to the server's newer version after a 412: rebase, or choose per path.

Without overlap the edit's ops are re-applied on the newer version. Where both sides changed the
same path, the person chooses, path by path, their value or the server's; either way the result
is a new edit on the newer version (its etag) that goes through a fresh review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from flowtui.edits.editing import EditSession, EditState, JsonObject, pretty
from flowtui.patching import MISSING, Conflict, PatchError, apply_ops, overlaps, rebase, resolve

Choice = Literal["mine", "theirs"]


@dataclass(frozen=True)
class Rebased:
    """The edit carried over to the server's newer version, or the paths where it collides."""

    edit: EditSession | None
    text: str | None
    conflicts: list[Conflict]
    problem: str | None = None


def _moved(edit: EditSession, theirs: JsonObject) -> EditSession:
    return EditSession(
        edit.kind, theirs, connection_spec=edit.connection_spec, flow_spec=edit.flow_spec
    )


def rebase_edit(edit: EditSession, state: EditState, theirs: JsonObject) -> Rebased:
    """Re-apply the edit's ops on ``theirs``; on overlap return the conflicts instead.

    The new text is the masked newer version with the edit applied, so credentials the person
    typed stay in their text and secrets they did not touch stay masked.
    """
    result = rebase(edit.base, state.ops, theirs)
    if result.ops is None:
        return Rebased(None, None, list(result.conflicts))
    moved = _moved(edit, theirs)
    try:
        shown = apply_ops(moved.shown_base, result.ops)
    except PatchError as exc:
        return Rebased(None, None, [], problem=f"the edit no longer applies: {exc}")
    return Rebased(moved, pretty(shown), [])


def resolve_conflicts(
    edit: EditSession,
    state: EditState,
    theirs: JsonObject,
    conflicts: list[Conflict],
    choices: Mapping[str, Choice],
) -> Rebased:
    """The edit on ``theirs`` with each conflicting path set as chosen (unchosen: theirs).

    The ops that do not touch a conflict are rebased as usual; a path chosen "mine" gets the
    edit's value (or is removed, if the edit removed it).
    """
    paths = [conflict.path for conflict in conflicts]
    kept = [op for op in state.ops if not any(overlaps(str(op["path"]), p) for p in paths)]
    partial = rebase(edit.base, kept, theirs)
    if partial.ops is None:
        return Rebased(None, None, list(partial.conflicts))
    moved = _moved(edit, theirs)
    try:
        shown: Any = apply_ops(moved.shown_base, partial.ops)
        for conflict in conflicts:
            if choices.get(conflict.path) == "mine":
                shown = apply_ops(shown, [_set_op(shown, conflict.path, conflict.mine)])
    except PatchError as exc:
        return Rebased(None, None, [], problem=f"the edit no longer applies: {exc}")
    return Rebased(moved, pretty(shown), [])


def _set_op(doc: Any, path: str, value: Any) -> dict[str, Any]:
    exists = resolve(doc, path) is not MISSING
    if value is MISSING:
        return {"op": "remove", "path": path}
    return {"op": "replace" if exists else "add", "path": path, "value": value}
