"""The terminal UI: Textual screens over flowtui.api and flowtui.patching (never httpx directly)."""

from __future__ import annotations

from flowtui.tui.app import FlowTUI

__all__ = ["FlowTUI"]
