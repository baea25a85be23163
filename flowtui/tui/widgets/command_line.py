"""The `:` line, as in k9s: a kind name jumps to its pane, an id (maybe after a kind) opens it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from flowtui.api.kinds import KINDS, ResourceKind, find_kind
from flowtui.tui.widgets.key_order import BindingsInOrder
from flowtui.visible import TYPED_TEXT_PATTERN


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
class SwitchSandbox:
    """``:sandbox NAME`` (or ``:sandbox`` alone: pick from the known sandboxes)."""

    name: str | None


@dataclass(frozen=True)
class CommandProblem:
    message: str


Command = JumpTo | OpenRecord | RunAction | SwitchSandbox | CommandProblem | None

_ACTIONS = {"q": "quit", "quit": "quit", "q!": "quit", "help": "help", "?": "help"}


def parse_command(typed: str) -> Command:
    """What ``typed`` asks for; None for an empty line."""
    words = typed.split()
    if not words:
        return None
    if words[0].lower() in ("sandbox", "sb"):
        if len(words) > 2:
            return CommandProblem("Type :sandbox NAME (one name), or :sandbox to pick one.")
        return SwitchSandbox(words[1] if len(words) == 2 else None)
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
            return CommandProblem(f"No kind called {words[0]!r}; try one of {names}.")
        return OpenRecord(kind, words[1])
    return CommandProblem("Type a kind, an id, or a kind and an id (? lists them).")


class PromptLine(BindingsInOrder, Input):
    """The one-line input of a PromptBar; escape gives up."""

    DEFAULT_CSS = """
    PromptLine {
        height: 1;
        width: 1fr;
        border: none;
        padding: 0;
        background: $boost;
        &:focus { border: none; }
    }
    """

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    class Dismissed(Message):
        """Escape was pressed on the prompt."""

        def __init__(self, prompt: PromptLine) -> None:
            super().__init__()
            self.prompt = prompt

        @property
        def control(self) -> PromptLine:
            return self.prompt

    def __init__(self, *, id: str, placeholder: str = "") -> None:
        # Typed or pasted controls and invisible characters never reach the screen.
        super().__init__(id=id, placeholder=placeholder, compact=True, restrict=TYPED_TEXT_PATTERN)
        self.cursor_blink = False

    def action_dismiss(self) -> None:
        self.post_message(self.Dismissed(self))


class PromptBar(Horizontal):
    """A prompt at the bottom of the screen, k9s style: ``/`` or ``:`` then what is typed."""

    DEFAULT_CSS = """
    PromptBar {
        height: 1;
        display: none;
        background: $boost;
        &.-shown { display: block; }
        & > .prompt-prefix { width: auto; padding: 0 0 0 1; text-style: bold; }
    }
    """

    def __init__(self, prefix: str, *, id: str, placeholder: str = "") -> None:
        super().__init__(id=f"{id}-bar")
        self._prefix = prefix
        self._input_id = id
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Static(self._prefix, classes="prompt-prefix")
        yield PromptLine(id=self._input_id, placeholder=self._placeholder)

    @property
    def line(self) -> PromptLine:
        return self.query_one(PromptLine)

    def open(self, value: str = "") -> None:
        line = self.line
        line.value = value
        self.add_class("-shown")
        # Focused now, not after the next refresh (``focus()``): keys typed in the same burst
        # as ``/`` follow the focus here (KindPane.on_key), and a pane switch made earlier in
        # the burst must see that a prompt has the keys.
        self.screen.set_focus(line)
        line.cursor_position = len(value)

    def close(self) -> None:
        self.remove_class("-shown")

    @property
    def is_open(self) -> bool:
        """Whether the prompt is shown (it has the keys typed after ``/`` or ``:``)."""
        return self.has_class("-shown")
