"""Every key of the screen underneath, generated from its live bindings (so it never goes stale).

Grouped by where each binding lives: the app's keys work everywhere and come first, then the
screen's own actions, then the focused widget's movement and editing keys.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

EVERYWHERE = "Everywhere"
THIS_SCREEN = "This screen"
MOVING = "Moving and typing"
GROUP_ORDER = (EVERYWHERE, THIS_SCREEN, MOVING)

_BETTER_DESCRIPTIONS = {
    "command_palette": "Command palette (the same actions)",
    "help": "These keys",
}
"""Textual's own labels that say too little out of context (``^p palette``)."""

_PROMPT_HELP = (
    ("Command", ":flows  :fs  :conn", "jump to a pane"),
    ("Command", ":ID", "open a record by id (every kind is tried)"),
    ("Command", ":flows ID", "open that kind's record"),
    ("Filter", "/text", "show rows whose name or id contains it"),
    ("Filter", "/state==enabled", "ask the service for matching records"),
    ("Search", "/text", "find it in keys and values (n, N: next, previous)"),
    ("Search", ":/auth/params", "go to that JSON Pointer"),
    ("Search", ":42", "go to line 42"),
)
"""The `:` and `/` forms, each shown only where the action it belongs to is bound."""


class KeyRow(NamedTuple):
    """One line of the help: which group, which keys, what they do."""

    group: str
    keys: str
    description: str


@lru_cache(maxsize=64)
def _textual_keys(widget_class: type[DOMNode]) -> frozenset[tuple[str, str]]:
    """(key, action) pairs that Textual's own classes bind for ``widget_class`` (focus, cursor)."""
    pairs: set[tuple[str, str]] = set()
    for cls in widget_class.__mro__:
        if cls.__module__.startswith("textual.") and "BINDINGS" in cls.__dict__:
            pairs.update((b.key, b.action) for b in Binding.make_bindings(cls.__dict__["BINDINGS"]))
    return frozenset(pairs)


def _group_of(node: DOMNode, binding: Binding) -> str:
    if isinstance(node, App):
        return EVERYWHERE
    # flowtui's own bindings carry ids (a user keymap rebinds them); Textual's do not, nor do
    # the record table's cursor keys, which are Textual's scroll keys under the same names.
    if binding.id is None and (
        (binding.key, binding.action) in _textual_keys(type(node))
        or binding.action in _SCROLL_ACTIONS
    ):
        return MOVING
    return THIS_SCREEN


_SCROLL_ACTIONS = frozenset(
    {"scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"}
)


def key_rows(screen: Screen[object]) -> list[KeyRow]:
    """A row for each enabled binding of ``screen`` (hidden ones too): app keys, screen, widgets."""
    rows: list[KeyRow] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        if not active.enabled:
            continue
        binding = active.binding
        keys = binding.key_display or screen.app.get_key_display(binding)
        action = binding.action.rsplit(".", 1)[-1]
        description = (
            _BETTER_DESCRIPTIONS.get(action) or binding.description or action.replace("_", " ")
        )
        if (keys, description) in seen:
            continue
        seen.add((keys, description))
        rows.append(KeyRow(_group_of(active.node, binding), keys, description))
    # Stable sort: each group keeps the order its bindings were declared in.
    return sorted(rows, key=lambda row: GROUP_ORDER.index(row.group))


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from, and the `:` and `/` forms where they apply."""

    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close"),
        Binding("pageup", "page(-1)", "Scroll up", show=False),
        Binding("pagedown,space", "page(1)", "Scroll down", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 66; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
        border-title-align: left;
        border-subtitle-align: right;
    }
    """

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows
        bound = {row.description for row in rows}
        self.prompts = [(keys, what) for action, keys, what in _PROMPT_HELP if action in bound]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=12)
        table.add_column(overflow="fold")
        group = ""
        for row in self.rows:
            if row.group != group:
                if group:
                    table.add_row("", "")
                group = row.group
                table.add_row(Text(group, style="bold underline"), "")
            # Text: a str cell would be read as markup, and a key can be "[" or "]".
            table.add_row(Text(row.keys), Text(row.description))
        if self.prompts:
            table.add_row("", "")
            table.add_row(Text("Prompts", style="bold underline"), "")
            for keys, description in self.prompts:
                table.add_row(Text(keys), Text(description))
        scroll = VerticalScroll(Static(table), id="help-body")
        scroll.border_title = "Keys"
        scroll.border_subtitle = "esc closes · pgdn scrolls"
        yield scroll

    def action_page(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)
