"""The `:` line, as in k9s: a kind name jumps to its pane, an id (maybe after a kind) opens it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from flowtui.api.kinds import KINDS, ResourceKind, find_kind


@dataclass(frozen=True)
class JumpTo:
    kind: ResourceKind


@dataclass(frozen=True)
class OpenRecord:
    kind: ResourceKind | None
    """None when only an id was given: every kind is tried in order."""
    record_id: str


@dataclass(frozen=True)
class RunAction:
    action: str


@dataclass(frozen=True)
class CommandProblem:
    message: str


Command = JumpTo | OpenRecord | RunAction | CommandProblem | None

_ACTIONS = {"q": "quit", "quit": "quit", "q!": "quit", "help": "help", "?": "help"}


def parse_command(typed: str) -> Command:
    """What ``typed`` asks for; None for an empty line."""
    words = typed.split()
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word.lower() in _ACTIONS:
            return RunAction(_ACTIONS[word.lower()])
        kind = find_kind(word)
        return JumpTo(kind) if kind is not None else OpenRecord(None, word)
    if len(words) == 2:
        kind = find_kind(words[0])
        if kind is None:
            names = ", ".join(k.name for k in KINDS)
            return CommandProblem(f"no kind called {words[0]!r}; try one of {names}")
        return OpenRecord(kind, words[1])
    return CommandProblem("type a kind, an id, or a kind and an id")


class PromptLine(Input):
    """A one-line prompt at the bottom of the screen that hides itself when done."""

    DEFAULT_CSS = """
    PromptLine {
        dock: bottom;
        height: 1;
        border: none;
        padding: 0 1;
        display: none;
        background: $boost;
        &:focus { border: none; }
        &.-shown { display: block; }
    }
    """

    BINDINGS = [Binding("escape", "dismiss", "Cancel", show=False)]

    class Dismissed(Message):
        """Escape was pressed on the prompt."""

        def __init__(self, prompt: PromptLine) -> None:
            super().__init__()
            self.prompt = prompt

        @property
        def control(self) -> PromptLine:
            return self.prompt

    def __init__(self, *, id: str, placeholder: str = "") -> None:
        super().__init__(id=id, placeholder=placeholder, compact=True)
        self.cursor_blink = False

    def open(self, value: str = "") -> None:
        self.value = value
        self.add_class("-shown")
        self.focus()
        self.cursor_position = len(value)

    def close(self) -> None:
        self.remove_class("-shown")

    def action_dismiss(self) -> None:
        self.post_message(self.Dismissed(self))
