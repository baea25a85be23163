"""invert: the ops that undo a patch, for undo after a submit."""

from __future__ import annotations

from typing import Any

from flowtui.patching.diff import diff
from flowtui.patching.verify import apply_copy_on_write


def invert(before: Any, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ops that turn the result of ``ops`` on ``before`` back into ``before``."""
    return diff(apply_copy_on_write(before, ops), before)
