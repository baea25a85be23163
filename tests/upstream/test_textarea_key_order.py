"""Upstream: Textual 8.2 applies a TextArea's bound keys after the characters typed after them.

Textualize/textual#6605 (fix proposed in #6631): printable keys are inserted by
``TextArea._on_key`` as they reach the widget, but keys handled by a binding (End, Backspace,
ctrl+u, the arrows...) only run once the Key event has bubbled back up to the App. In a burst the
widget inserts the next characters first. ``End ctrl+u '  "name": "X",'`` in one read leaves the
line empty (ctrl+u deletes what was just typed), which is how an edit over a slow SSH link turned
into ``remove /name``.

The xfail tests show the raw behaviour on a bare TextArea and fail loudly (strict) once Textual
fixes it, so the workaround in flowtui.tui.widgets.json_editor can be reconsidered. The other
tests prove flowtui's JsonEditor applies the same bursts in order.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import TextArea

from flowtui.tui.widgets.json_editor import JsonEditor
from tests.upstream.bursts import post_burst, typed

LINE = '  "name": "E2E_SF Base_Connection",\n  "state": "enabled"\n'

BURSTS = [
    pytest.param(
        ["end", "ctrl+u", *typed('  "name": "X",')],
        '  "name": "X",\n  "state": "enabled"\n',
        id="end-ctrl+u-retype-line",
    ),
    pytest.param(
        ["end", *["backspace"] * 5, *typed('st1"')],
        '  "name": "E2E_SF Base_Connectst1"\n  "state": "enabled"\n',
        id="end-5xbackspace-type",
    ),
    pytest.param(
        ["down", "end", "left", *typed("d"), "home", "ctrl+k", *typed("ok")],
        '  "name": "E2E_SF Base_Connection",\n  ok\n',  # home stops at the indent
        id="arrows-home-ctrl+k",
    ),
]


class EditorApp(App[None]):
    """One editor, focused, cursor at the start of the text."""

    def __init__(self, editor: TextArea) -> None:
        super().__init__()
        self.editor = editor

    def compose(self) -> ComposeResult:
        yield self.editor

    def on_mount(self) -> None:
        self.editor.focus()


async def text_after_burst(editor: TextArea, keys: list[str]) -> str:
    app = EditorApp(editor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        editor.move_cursor((0, 0))
        post_burst(app, keys)
        for _ in range(20):  # let every key, and every key's bubbling, finish
            await pilot.pause()
        return editor.text


@pytest.mark.parametrize(("keys", "expected"), BURSTS)
async def test_json_editor_applies_a_burst_in_the_order_it_arrived(
    keys: list[str], expected: str
) -> None:
    editor = JsonEditor(LINE)
    editor.indent_width = 2
    assert await text_after_burst(editor, keys) == expected


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="Textualize/textual#6605: a TextArea's bound keys run after later characters",
)
@pytest.mark.parametrize(("keys", "expected"), BURSTS)
async def test_upstream_bare_textarea_applies_a_burst_in_order(
    keys: list[str], expected: str
) -> None:
    assert await text_after_burst(TextArea(LINE), keys) == expected


async def test_upstream_bare_textarea_loses_the_retyped_line() -> None:
    """The exact upstream outcome of the reported burst: ctrl+u runs last and empties the line."""
    text = await text_after_burst(TextArea(LINE), ["end", "ctrl+u", *typed('  "name": "X",')])
    assert text.splitlines()[0] == ""


async def test_json_editor_drops_keys_while_held() -> None:
    """Held (its text under review), the editor keeps its text whatever still reaches it."""
    editor = JsonEditor(LINE)
    app = EditorApp(editor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        editor.hold()
        post_burst(app, ["end", "ctrl+u", *typed("zz"), "backspace"])
        for _ in range(20):
            await pilot.pause()
        assert editor.text == LINE
        assert editor.release() == 5
        post_burst(app, typed("ok"))
        for _ in range(5):
            await pilot.pause()
        assert editor.text.startswith("ok")


class SavingApp(App[None]):
    """A priority ctrl+s that reads the editor's text, as an editor's save or review would."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.editor = TextArea("")
        self.saved: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.editor

    def on_mount(self) -> None:
        self.editor.focus()

    def action_save(self) -> None:
        self.saved.append(self.editor.text)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "Textual runs priority bindings when the App reads the key, before the focused widget "
        "has applied the keys forwarded ahead of it (EditorScreen defers ctrl+s to the editor)"
    ),
)
async def test_upstream_priority_binding_sees_the_keys_typed_before_it() -> None:
    app = SavingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        post_burst(app, [*typed("abc"), "ctrl+s"])
        for _ in range(20):
            await pilot.pause()
        assert app.editor.text == "abc"
        assert app.saved == ["abc"]
