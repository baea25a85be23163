"""Every hostile record, through the real app: listed as stored, opened, its description edited,
reviewed and submitted, and nothing else in it changed.

The records come from ``flowtui.emulator.hostile`` (markup, escape sequences, controls, bidi,
zero-width and wide characters, a 5 MB value, a 5,000-deep array, numbers beyond a float,
repeated keys).
"""

from __future__ import annotations

import copy
import json
import unicodedata
from typing import Any

import pytest
from textual.widgets import Static

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.emulator.hostile import DEEP_ID, HOSTILE_RECORDS, HostileRecord
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.widgets.json_view import VIEW_STRING_LIMIT, JsonText
from flowtui.visible import HIDDEN_CATEGORIES, visible
from tests.pilot import wait_until
from tests.untrusted.conftest import SIZE, pane_ready

BOOKKEEPING = frozenset({"etag", "version", "updatedAt", "updatedBy", "updatedClient"})
"""Fields the service itself changes on every accepted write."""
NEW_DESCRIPTION = "Edited by the untrusted-text suite"


def shows_nothing_hidden(text: str) -> bool:
    return not any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in text)


def reads_as(cell: str, stored: str) -> bool:
    """A cell shows ``stored`` by the visible rule, whole or cut with an ellipsis."""
    shown = visible(stored[:512])
    return cell == shown or (cell.endswith("…") and shown.startswith(cell[:-1].rstrip()))


def description_span(text: str) -> tuple[int, int]:
    """Where the top-level ``"description": value`` member is in the editor text."""
    start = text.index('\n  "description": ') + 1
    end = text.index("\n", start)
    if text[end - 1] == ",":
        end -= 1
    return start, end


async def open_in_pane(pilot: Any, app: FlowTUI, record: HostileRecord) -> MainScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    main = app.screen
    assert isinstance(main, MainScreen)
    main.show_kind(KINDS_BY_NAME[record.kind])
    await wait_until(pilot, lambda: pane_ready(app, record.kind))
    return main


@pytest.mark.parametrize("record", HOSTILE_RECORDS, ids=[r.label for r in HOSTILE_RECORDS])
async def test_a_hostile_record_lists_opens_and_takes_a_description_edit(
    record: HostileRecord, hostile_emulator: Any, hostile_session: Session
) -> None:
    """Browse, open, edit the description, review, submit; only /description changes."""
    from tests.tui_edit.host import location_of

    store = hostile_emulator.store
    before = copy.deepcopy(store.get("prod", record.kind, record.id))
    app = FlowTUI(hostile_session)
    async with app.run_test(size=SIZE) as pilot:
        main = await open_in_pane(pilot, app, record)
        table = main.current_pane.table
        assert record.id in table.shown_ids, f"{record.label} is missing from its pane"
        name_cell = table.get_row(record.id)[0]
        assert shows_nothing_hidden(name_cell)
        assert reads_as(name_cell, str(before["name"]))

        assert table.select_id(record.id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        record_screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = record_screen.query_one(JsonText).text
        assert shows_nothing_hidden(view.replace("\n", ""))
        if not record.raw:
            shown = json.loads(view)
            assert shown["name"] == before["name"]
            description = str(before["description"])
            if len(description) > VIEW_STRING_LIMIT:
                # A 5 MB value: the view shows its start and says how much it leaves out.
                assert shown["description"].startswith(description[: VIEW_STRING_LIMIT // 2])
                assert "more characters not shown here" in shown["description"]
            else:
                assert shown["description"] == description

        if record.id == DEEP_ID:
            # Too deep to edit safely: shown read-only, saying why, and never sent.
            await pilot.press("e")
            await pilot.pause(0.2)
            assert app.screen is record_screen
            status = str(record_screen.query_one("#record-status", Static).render())
            assert "read-only" in status and "deeper than" in status
            assert store.get("prod", record.kind, record.id) == before
            return

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor_screen = app.screen
        assert isinstance(editor_screen, EditorScreen)
        await wait_until(pilot, lambda: editor_screen.edit is not None)
        editor = editor_screen.editor
        await wait_until(pilot, lambda: not editor.read_only)
        text = editor.text
        start, end = description_span(text)
        editor.replace(
            f'"description": "{NEW_DESCRIPTION}"', location_of(text, start), location_of(text, end)
        )
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is record_screen, tries=1500)
        await app.workers.wait_for_complete()

    after = store.get("prod", record.kind, record.id)
    assert after["description"] == NEW_DESCRIPTION
    changed = {
        key
        for key in set(before) | set(after)
        if key not in BOOKKEEPING and before.get(key) != after.get(key)
    }
    assert changed == {"description"}
