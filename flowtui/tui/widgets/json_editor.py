"""The inline JSON editor: a TextArea set up for editing one record by keyboard over SSH.

Keys must apply in the order they arrived, whatever the burst (a slow SSH link delivers a
second of typing in one read). Textual 8.2 applies a TextArea's printable keys in the widget
but its bound keys (End, Backspace, ctrl+u, arrows...) only after the key has bubbled up to
the App, so in a burst later characters land before an earlier bound key runs
(Textualize/textual#6605, tests/upstream/test_textarea_key_order.py). This widget runs its
own bindings as the key arrives instead.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class JsonEditor(TextArea):
    """A code-editing TextArea for JSON: line numbers, soft tabs of two spaces, no wrapping.

    ``hold()`` freezes the text (while the review of it is open): keys and pastes that still
    reach the editor are dropped and counted, never applied. ``release()`` ends it.
    """

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
        """Apply a bound key here and now, in order with the characters around it.

        Runs before TextArea's own handler (Textual dispatches down the MRO, subclass first).
        """
        if self.held:
            # Typed after ctrl+s but still queued here: it belongs to no text anyone reviewed.
            self.dropped_keys += 1
            event.stop()
            event.prevent_default()
            return
        if event.is_printable or event.key in ("enter", "tab"):
            return  # TextArea inserts these itself, in order
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or active.binding.priority:
            return  # not ours: let it bubble to the screen and the app as usual
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()

    async def on_paste(self, event: events.Paste) -> None:
        """A paste arriving while held is dropped like a key (TextArea ignores it read-only)."""
        if self.held:
            self.dropped_keys += 1
            event.stop()
            event.prevent_default()
