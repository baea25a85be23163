"""Every key of the screen underneath, generated from its live bindings (so it never goes stale)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from flowtui.tui.keymap import ALL_KEYS

KEYMAP_IDS = frozenset(key.id for key in ALL_KEYS)

_COMMAND_LINE_HELP = (
    ("  :flows / :fs / :conn", "jump to a pane"),
    ("  :ID", "open a record by id (every kind is tried)"),
    ("  :flows ID", "open that kind's record"),
    ("  /state==enabled", "filter with the service's property filter"),
)


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for each enabled binding of ``screen``, including hidden ones."""
    ours: list[tuple[str, str]] = []
    widgets: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        if not active.enabled:
            continue
        binding = active.binding
        keys = binding.key_display or screen.app.get_key_display(binding)
        row = (keys, binding.description or binding.action)
        if row in seen:
            continue
        seen.add(row)
        # flowtui's own actions first (they carry keymap ids), then the widgets' movement keys.
        (ours if binding.id in KEYMAP_IDS or binding.priority else widgets).append(row)
    return ours + widgets


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from, and the `:` and `/` forms."""

    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self.rows:
            table.add_row(keys, description)
        for keys, description in _COMMAND_LINE_HELP:
            table.add_row(Text(keys, style="dim"), Text(description, style="dim"))
        with VerticalScroll():
            yield Static(Text("Keys (esc closes)", style="bold"))
            yield Static(table)
