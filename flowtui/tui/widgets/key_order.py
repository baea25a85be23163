"""Keys applied in the order they arrived: a text widget runs its own bindings as a key arrives.

Textual 8.2 inserts a text widget's printable keys in the widget, but runs its bound keys (End,
Backspace, ctrl+u, the arrows, enter in an Input...) only after the Key event has bubbled back up
to the App. When a terminal read holds several keys (a paste-like burst from a slow SSH link),
the characters after a bound key are inserted before it runs: ``End ctrl+u '"name": "X"'`` ends
with an empty line. Textualize/textual#6605; tests/upstream/test_textarea_key_order.py shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget

    _MixinBase = Widget
else:  # a plain mixin at run time: a second Widget base upsets Textual's class machinery
    _MixinBase = object


class BindingsInOrder(_MixinBase):
    """Mix in before a TextArea or Input: its own bindings run inline, in order with typing.

    Only the widget's own non-priority bindings are run here; priority bindings were already
    tried by the App before the key reached the widget, and anything else bubbles as usual.
    """

    TYPED_AS_TEXT: ClassVar[frozenset[str]] = frozenset()
    """Non-printable keys the widget inserts itself (a TextArea's enter and tab)."""

    async def on_key(self, event: events.Key) -> None:
        """Run this widget's binding for the key now (Textual calls a subclass's handler first)."""
        if event.is_printable or event.key in self.TYPED_AS_TEXT:
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or active.binding.priority:
            return
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()


async def follow_burst(holder: Widget, event: events.Key, *, owner: Widget) -> None:
    """Keep a burst's keys in the order typed on a browsing screen, where ``owner`` has the
    focus and ``holder`` (``owner`` or one of its containers) sees its keys.

    Textual hands every key of one terminal read to the focused widget at once, and runs a
    key's binding only once the key has bubbled up to the App: ``/win`` typed fast would give
    ``w``, ``i`` and ``n`` to ``owner`` before the prompt ``/`` opens. So the screen's binding
    runs here, as the key arrives; and a key that arrives after an earlier one moved the focus
    (a prompt opened, and took the focus at once) is delivered again, as the terminal would
    have delivered it, to where the focus now is.
    """
    screen = holder.screen
    if holder.app.screen is not screen:
        return  # a screen pushed by an earlier key has the keys now: Textual's own path
    focused = screen.focused
    if focused is not None and focused is not owner:
        event.stop()
        event.prevent_default()
        holder.app.post_message(events.Key(event.key, event.character))
        return
    active = screen.active_bindings.get(event.key)
    if active is None or active.binding.priority:
        return
    if await holder.app.run_action(active.binding.action, active.node):
        event.stop()
        event.prevent_default()
