"""Every key flowtui answers to, as data: the footer, the help screen and the palette read it.

Each entry has a stable id (``main.filter``) so a user keymap can rebind it with
``App.set_keymap``; entries marked ``writes`` disappear in read-only mode, as in k9s.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyAction:
    """One named action and the keys that run it."""

    id: str
    keys: str
    action: str
    description: str
    show: bool = True
    writes: bool = False
    """Changes something on the service: removed in read-only mode."""
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            id=self.id,
        )


APP_KEYS: tuple[KeyAction, ...] = (
    KeyAction("app.quit", "ctrl+q", "quit", "Quit", show=False, priority=True),
    KeyAction("app.help", "question_mark", "help", "Keys"),
    # f1 as well: where typing goes into text (the editor, a name box) `?` is just a character.
    KeyAction("app.help_f1", "f1", "help", "Keys", show=False, priority=True),
)

MAIN_KEYS: tuple[KeyAction, ...] = (
    KeyAction("main.quit", "q", "app.quit", "Quit"),
    KeyAction("main.open", "enter", "open_record", "Open"),
    KeyAction("main.filter", "slash", "filter", "Filter"),
    KeyAction("main.command", "colon", "command_line", "Command"),
    KeyAction("main.reload", "r", "reload", "Reload"),
    KeyAction("main.history", "h", "app.history", "History", show=False),
    KeyAction("main.undo", "u", "app.undo_last", "Undo last submit", show=False, writes=True),
    KeyAction("main.sort", "s", "sort_next", "Sort"),
    KeyAction("main.sort_reverse", "S", "sort_reverse", "Reverse sort", show=False),
    KeyAction("main.clear", "escape", "clear_filter", "Clear filter", show=False),
    KeyAction("main.pane1", "1", "show_pane('flows')", "Flows pane", show=False),
    KeyAction("main.pane2", "2", "show_pane('connections')", "Connections pane", show=False),
    KeyAction(
        "main.pane3", "3", "show_pane('sourceConnections')", "Source connections pane", show=False
    ),
    KeyAction(
        "main.pane4", "4", "show_pane('targetConnections')", "Target connections pane", show=False
    ),
    KeyAction(
        "main.pane5", "5", "show_pane('connectionSpecs')", "Connection specs pane", show=False
    ),
    KeyAction("main.pane6", "6", "show_pane('flowSpecs')", "Flow specs pane", show=False),
    KeyAction("main.pane7", "7", "show_pane('runs')", "Runs pane", show=False),
)

RECORD_KEYS: tuple[KeyAction, ...] = (
    KeyAction("record.back", "escape", "back", "Back"),
    KeyAction("record.quit", "q", "app.quit", "Quit", show=False),
    KeyAction("record.edit", "e", "edit", "Edit", writes=True),
    KeyAction(
        "record.edit_external", "E", "edit_external", "Edit in $EDITOR", show=False, writes=True
    ),
    KeyAction("record.toggle", "t", "toggle_flow", "Toggle", writes=True),
    KeyAction("record.related", "g", "related", "Related"),
    KeyAction("record.runs", "R", "flow_runs", "Runs of this flow", show=False),
    KeyAction("record.copy", "y", "copy_pointer", "Copy path"),
    KeyAction("record.reload", "r", "reload", "Reload"),
    KeyAction("record.history", "h", "app.history", "History", show=False),
    KeyAction("record.undo", "u", "app.undo_last", "Undo last submit", show=False, writes=True),
    KeyAction("record.command", "colon", "command_line", "Command", show=False),
    KeyAction("record.search", "slash", "search", "Search"),
    KeyAction("record.search_next", "n", "search_next", "Next match", show=False),
    KeyAction("record.search_previous", "N", "search_previous", "Previous match", show=False),
    KeyAction("record.copy_value", "c", "copy_value", "Copy value", show=False),
    KeyAction("record.copy_record", "C", "copy_record", "Copy record JSON", show=False),
    # Priority: the view is a TextArea, whose own ctrl+y (redo) would take the key first.
    KeyAction("record.copy_curl", "ctrl+y", "copy_curl", "Copy as curl", show=False, priority=True),
    KeyAction("record.export", "x", "export", "Export to a file", show=False),
)

ALL_KEYS: tuple[KeyAction, ...] = (*APP_KEYS, *MAIN_KEYS, *RECORD_KEYS)


def bindings(keys: tuple[KeyAction, ...]) -> list[BindingType]:
    """Textual bindings for a screen's keys."""
    return [key.binding() for key in keys]


def action_name(action: str) -> str:
    """The bare action name of ``show_pane('flows')`` or ``app.quit``, as check_action sees it."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


WRITE_ACTIONS: frozenset[str] = frozenset(action_name(key.action) for key in ALL_KEYS if key.writes)
"""Bare names of the actions that change the service; refused in read-only mode."""

WRITE_KEYS: frozenset[str] = frozenset(
    name for key in ALL_KEYS if key.writes for name in key.keys.split(",")
)
"""Keys of those actions: in read-only mode they are gone, and pressing one says why."""
