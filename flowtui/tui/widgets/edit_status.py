"""The editor's status line: does the text parse, how many ops it makes, what blocks a submit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from flowtui.edits.editing import EditState
from flowtui.visible import visible

MAX_PROBLEMS_SHOWN = 3


class EditStatus(Static):
    """Two to four lines under the editor, updated as the person types."""

    DEFAULT_CSS = """
    EditStatus {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $panel;
    }
    """

    def show_state(
        self,
        state: EditState | None,
        *,
        pointer: str | None = None,
        draft: str = "",
        note: str = "",
    ) -> None:
        """Render the state; ``pointer`` is the JSON Pointer at the cursor."""
        self.update(render_status(state, pointer=pointer, draft=draft, note=note))


def render_status(
    state: EditState | None, *, pointer: str | None = None, draft: str = "", note: str = ""
) -> Text:
    text = Text()
    if state is None:
        text.append("Loading the record…", style="dim")
    elif state.error is not None:
        text.append("✗ not JSON: ", style="bold red")
        text.append(visible(state.error))
    else:
        text.append("✓ JSON", style="bold green")
        count = len(state.ops)
        text.append(f" · {count} op{'' if count == 1 else 's'}")
    if state is not None and state.error is not None and (pointer is not None or draft):
        # A parse error fills its line; wrapping would run the notes into its last word.
        text.append("\n")
    if pointer is not None:
        text.append(f"  @ {visible(pointer) or '/'}", style="cyan")
    if draft:
        text.append(f"  {visible(draft)}", style="dim italic")
    if state is not None:
        for problem in state.problems[:MAX_PROBLEMS_SHOWN]:
            text.append("\n✗ ", style="bold red")
            path = problem.path or "(record)"
            message = problem.message
            if message.startswith(path):
                message = message[len(path) :].lstrip(" :")
            text.append(visible(path), style="bold")
            text.append(f": {visible(message)}")
        hidden = len(state.problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            text.append(f"\n  … and {hidden} more problem{'' if hidden == 1 else 's'}", style="dim")
    if note:
        text.append("\n")
        text.append(visible(note, one_line=False), style="yellow")
    return text
