"""Terminal hygiene: no colour where none is wanted; a plain message when the screen is too small.

Textual renders 24-bit colour whatever ``TERM`` says (a dumb terminal gets it too) and only greys
the colours out under ``NO_COLOR``; flowtui asks for no colour at all in both cases. Below the
smallest size its screens are usable at, it says which size it needs instead of drawing a screen
with no room for a single row.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""Columns the main screen needs: the name column plus the fixed ones, one row of tabs."""
MIN_HEIGHT = 16
"""Rows the main screen needs to show at least three records under its header and preview."""

COLOURLESS_TERMS = frozenset({"dumb", "unknown"})


def colourless_terminal(environ: Mapping[str, str]) -> bool:
    """Whether to draw without colour: ``NO_COLOR`` is set (no-color.org), or TERM says dumb."""
    if environ.get("NO_COLOR", "") != "":
        return True
    return environ.get("TERM", "").strip().lower() in COLOURLESS_TERMS


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of ``width`` x ``height`` cells is below the smallest usable size."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


def size_message(width: int, height: int) -> Text:
    """What the too-small screen says: the size needed and the size there is."""
    text = Text(justify="center")
    text.append("flowtui needs a terminal of at least ", style="bold")
    text.append(f"{MIN_WIDTH}x{MIN_HEIGHT}", style="bold reverse")
    text.append(f"\nThis one is {width}x{height}: make it larger (or the font smaller).")
    text.append("\nctrl+q quits.", style="dim")
    return text


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is below the smallest usable size; leaves by itself."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > Static { width: 100%; height: auto; text-align: center; }
    """

    BINDINGS = [Binding("escape", "ignore", show=False)]

    def compose(self) -> ComposeResult:
        size = self.app.size
        yield Static(size_message(size.width, size.height), id="too-small")

    def show_size(self, width: int, height: int) -> None:
        """Say the new size (before the screen is composed, compose reads the size itself)."""
        for message in self.query("#too-small").results(Static):
            message.update(size_message(width, height))

    def action_ignore(self) -> None:
        """Escape must not uncover an unusable screen."""
