"""Text the person brings into the editor (a paste, $EDITOR's file, a draft) shows nothing raw."""

from __future__ import annotations

from typing import Any

from textual import events

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.untrusted.conftest import SIZE

PASTED = "\x1b]0;pasted\x07\u202e"


async def test_a_pasted_control_shows_as_an_escape_and_is_sent_as_the_character(
    emulator_app: Any, open_session: Session
) -> None:
    from tests.tui_edit.host import location_of

    app = FlowTUI(open_session, start=("flows", SEED_FLOW_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        record_screen = app.screen
        name = emulator_app.store.get("prod", "flows", SEED_FLOW_ID)["name"]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor_screen = app.screen
        assert isinstance(editor_screen, EditorScreen)
        editor = editor_screen.editor
        await wait_until(pilot, lambda: not editor.read_only)
        text = editor.text
        end_of_name = text.index(f'"name": "{name}"') + len(f'"name": "{name}')
        editor.move_cursor(location_of(text, end_of_name))
        app.post_message(events.Paste(PASTED))  # as the terminal delivers it
        await wait_until(pilot, lambda: "pasted" in editor.text)
        assert f'"name": "{name}\\u001b]0;pasted\\u0007\\u202e"' in editor.text
        assert not any(char in editor.text for char in "\x1b\x07\u202e")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is record_screen)
    assert emulator_app.store.get("prod", "flows", SEED_FLOW_ID)["name"] == name + PASTED


async def test_a_paste_into_the_filter_line_brings_no_control_characters(
    open_session: Session,
) -> None:
    from textual.widgets import Input

    from tests.untrusted.conftest import pane_ready

    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        await pilot.press("slash")
        line = app.screen.query_one("#filter", Input)
        await wait_until(pilot, lambda: line.has_focus)
        app.post_message(events.Paste("camp\x1b]0;title\x07\u202e"))
        await pilot.press("a")
        await pilot.pause()
        assert line.value == "a"
        assert not any(char in line.value for char in "\x1b\x07\u202e")
