"""The terminal UI: Textual screens over flowtui.api and flowtui.patching (never httpx directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowtui.tui.app import FlowTUI

__all__ = ["FlowTUI"]


def __getattr__(name: str) -> Any:
    # Lazy, so the Textual-free modules here (editing, submission, undo, resolution) can be
    # imported by the command line without starting up Textual.
    if name == "FlowTUI":
        from flowtui.tui.app import FlowTUI

        return FlowTUI
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
