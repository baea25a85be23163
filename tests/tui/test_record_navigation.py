"""Moving inside a record: `/` search with n/N, `:` a pointer or a line, the editor's opening line,
go-to-line and find."""

from __future__ import annotations

from typing import Any

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.patching import pointer_for_line, pretty_json
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.json_view import JsonText
from flowtui.tui.widgets.record_search import find_matches, line_of_pointer, line_pointers
from tests.pilot import wait_until
from tests.support import SEED_FLOW_ID
from tests.tui.conftest import SIZE


def record_screen(app: FlowTUI) -> RecordScreen:
    assert isinstance(app.screen, RecordScreen)
    return app.screen


def loaded(app: FlowTUI) -> bool:
    screen = app.screen
    return isinstance(screen, RecordScreen) and screen.shown is not None


def status(screen: RecordScreen) -> str:
    return str(screen.query_one("#record-status").render())


def notices(app: FlowTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*["slash" if c == "/" else "colon" if c == ":" else c for c in text])


# --- pure: the pointer of every line, found in one pass --------------------------------------


def test_line_pointers_agree_with_pointer_for_line_on_seed_records(emulator_app: Any) -> None:
    for kind, record_id in (("flows", SEED_FLOW_ID), ("connections", SALESFORCE_CONNECTION_ID)):
        text = pretty_json(emulator_app.store.get("prod", kind, record_id))
        pointers = line_pointers(text)
        assert pointers is not None
        expected = [pointer_for_line(text, line) for line in range(text.count("\n") + 1)]
        assert pointers == expected


def test_line_of_pointer_handles_escaped_keys_and_half_typed_text() -> None:
    text = pretty_json({"a/b": {"m~n": [1, {"x": True}]}})
    assert line_of_pointer(text, "/a~1b/m~0n/1/x") == 5
    half = '{\n  "a": 1,\n  "b": {"c": 2\n'  # not laid out one node per line: scanned instead
    assert line_pointers(half) is None
    assert line_of_pointer(half, "/b") == 2
    assert line_of_pointer(text, "/nope") is None


def test_find_matches_is_plain_text_and_case_insensitive() -> None:
    assert find_matches('"Name": "a.b"\n"x": "A.B a.b"', "A.B") == [(0, 9), (1, 6), (1, 10)]
    assert find_matches("[.*]", ".*") == [(0, 1)]


# --- the record view -----------------------------------------------------------------------


async def test_slash_searches_keys_and_values_and_n_steps_through_matches(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        screen = record_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "SALESFORCE")
        await pilot.press("enter")
        view = screen.query_one(JsonText)
        lines = view.text.split("\n")
        hits = [i for i, line in enumerate(lines) if "salesforce" in line.lower()]
        assert len(hits) >= 2
        total = sum(line.lower().count("salesforce") for line in lines)
        assert view.cursor_location[0] == hits[0]
        assert f"1/{total}" in status(screen)
        await pilot.press("n")
        assert f"2/{total}" in status(screen)
        assert view.cursor_location[0] == hits[1] or lines[hits[0]].lower().count("salesforce") > 1
        await pilot.press("N", "N")
        assert f"{total}/{total}" in status(screen)  # wrapped round backwards


async def test_search_never_finds_a_masked_secret(session: Session, emulator_app: Any) -> None:
    raw = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    password = raw["auth"]["params"]["password"]
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        screen = record_screen(app)
        await pilot.press("slash")
        await type_text(pilot, password)
        await pilot.press("enter")
        assert "no match" in status(screen)
        assert any("No match" in message for message in notices(app))


async def test_colon_pointer_and_line_number_jump_and_unknown_pointer_says_so(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        screen = record_screen(app)
        await pilot.press("colon")
        await type_text(pilot, "/auth/params/username")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.pointer == "/auth/params/username"
        await pilot.press("colon")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(JsonText).cursor_location[0] == 2
        await pilot.press("colon")
        await type_text(pilot, "/auth/nothing")
        await pilot.press("enter")
        await pilot.pause()
        assert any("No /auth/nothing in this record" in m for m in notices(app))
        assert screen.query_one(JsonText).cursor_location[0] == 2  # did not move


# --- the editor ------------------------------------------------------------------------------


def editor_ready(app: FlowTUI) -> bool:
    screen = app.screen
    return isinstance(screen, EditorScreen) and screen.edit is not None


async def test_editor_opens_on_the_viewers_key_path_and_has_go_to_line_and_find(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await pilot.press("colon")
        await type_text(pilot, "/auth/params/environmentUrl")
        await pilot.press("enter", "e")
        await wait_until(pilot, lambda: editor_ready(app))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        area = editor.editor
        await wait_until(
            pilot,
            lambda: (
                pointer_for_line(area.text, area.cursor_location[0])
                == "/auth/params/environmentUrl"
            ),
        )
        await pilot.press("ctrl+g", "2", "enter")
        assert area.cursor_location == (1, 0)
        assert area.has_focus
        await pilot.press("ctrl+f")
        await type_text(pilot, "prod")
        await pilot.press("enter")
        first = area.cursor_location
        assert "prod" in area.selected_text.lower()
        await pilot.press("escape")  # closes the find prompt, not the editor
        assert app.screen is editor and area.has_focus
        await pilot.press("f3")
        assert area.cursor_location != first or area.text.lower().count("prod") == 1
        await pilot.press("shift+f3")
        assert area.cursor_location == first
