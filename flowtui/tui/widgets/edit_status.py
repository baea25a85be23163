"""The editor's status line: does the text parse, how many ops it makes, what blocks a submit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from flowtui.edits.editing import EditState
from flowtui.visible import visible

MAX_PROBLEMS_SHOWN = 1
"""One line at 80 columns: the first problem, then a count; ctrl+s names them one by one."""


class EditStatus(Static):
    """One line under the editor, updated as the person types; what does not fit ends in …."""

    DEFAULT_CSS = """
    EditStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
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
    """Everything on one line, most important first: the verdict, the first problem, the
    note (an undo's lost credential, an unread spec), the pointer, the draft."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if state is None:
        text.append("Loading the record…", style="dim")
    elif state.error is not None:
        text.append("✗ not JSON: ", style="bold red")
        text.append(visible(state.error))
    else:
        text.append("✓ JSON", style="bold green")
        count = len(state.ops)
        text.append(f" · {count} op{'' if count == 1 else 's'}")
    if state is not None and state.problems:
        problem = state.problems[0]
        path = problem.path or "(record)"
        message = problem.message
        if message.startswith(path):
            message = message[len(path) :].lstrip(" :")
        text.append("  ✗ ", style="bold red")
        text.append(visible(path), style="bold")
        text.append(f": {visible(message)}")
        hidden = len(state.problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            text.append(f" (+{hidden} more)", style="dim")
    if note:
        text.append(f"  ⚠ {visible(note)}", style="yellow")
    if pointer is not None:
        text.append(f"  @ {visible(pointer) or '/'}", style="cyan")
    if draft:
        text.append(f"  {visible(draft)}", style="dim italic")
    return text
