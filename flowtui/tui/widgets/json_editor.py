"""The inline JSON editor: a TextArea set up for editing one record by keyboard over SSH."""

from __future__ import annotations

from textual.widgets import TextArea


class JsonEditor(TextArea):
    """A code-editing TextArea for JSON: line numbers, soft tabs of two spaces, no wrapping."""

    DEFAULT_CSS = """
    JsonEditor, JsonEditor:focus {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            language="json",
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            highlight_cursor_line=True,
            id=id,
        )
        self.indent_type = "spaces"
        # A blinking cursor redraws twice a second: costly over a slow SSH link.
        self.cursor_blink = False
        self.indent_width = 2
