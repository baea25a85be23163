"""The inline JSON editor: a TextArea set up for editing one record by keyboard over SSH.

Keys must apply in the order they arrived, whatever the burst (a slow SSH link delivers a
second of typing in one read): BindingsInOrder works around Textual running a TextArea's bound
keys after the characters typed after them (Textualize/textual#6605).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from flowtui.tui.widgets.key_order import BindingsInOrder
from flowtui.visible import visible_json


class JsonEditor(BindingsInOrder, TextArea):
    """A code-editing TextArea for JSON: line numbers, soft tabs of two spaces, no wrapping.

    ``hold()`` freezes the text (while the review of it is open): keys and pastes that still
    reach the editor are dropped and counted, never applied. ``release()`` ends it.
    """

    TYPED_AS_TEXT: ClassVar[frozenset[str]] = frozenset({"enter", "tab"})

    DEFAULT_CSS = """
    JsonEditor, JsonEditor:focus {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            visible_json(text),
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
        self.held = False
        """The text is under review: nothing typed may change it."""
        self.dropped_keys = 0
        """Keys and pastes that reached the editor while it was held (since the last hold)."""

    def hold(self) -> None:
        """Freeze the text: what is under review stays exactly what the review was made from."""
        # Not read_only: that restyles the editor behind the review; on_key/on_paste drop input.
        self.held = True
        self.dropped_keys = 0

    def release(self) -> int:
        """Take keys again; returns how many were dropped while held."""
        self.held = False
        return self.dropped_keys

    async def on_key(self, event: events.Key) -> None:
        """While held, drop the key (runs before BindingsInOrder's and TextArea's handlers)."""
        if self.held:
            # Typed after ctrl+s but still queued here: it belongs to no text anyone reviewed.
            self.dropped_keys += 1
            event.stop()
            event.prevent_default()

    async def on_paste(self, event: events.Paste) -> None:
        """A paste arriving while held is dropped like a key (TextArea ignores it read-only)."""
        if self.held:
            self.dropped_keys += 1
            event.stop()
            event.prevent_default()

    def load_text(self, text: str) -> None:
        """Show ``text`` (a record, a draft, what $EDITOR wrote) with nothing raw from outside:
        controls and invisible characters become JSON escapes, the same value in a string."""
        super().load_text(visible_json(text))

    def edit(self, edit: Edit) -> EditResult:
        """Every change (typing, a paste, undo) goes through here: none puts a raw control,
        bidi override or zero-width character on the screen."""
        text = visible_json(edit.text)
        if text != edit.text:
            edit = Edit(text, edit.from_location, edit.to_location, edit.maintain_selection_offset)
        return super().edit(edit)
