"""Which program edits text outside flowtui: one rule for the TUI's ``E`` and ``flowtui edit``."""

from __future__ import annotations

import os
import shlex


def editor_command() -> list[str]:
    """$VISUAL, then $EDITOR, then vi, split as a shell would (``code --wait`` works)."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    return ["vi"]
