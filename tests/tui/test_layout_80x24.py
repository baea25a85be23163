"""80x24 polish: the editor's status is one line, notices stay clear of the record's etag line
and of a dialog's keys, the review's keys are the same in every sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button
from textual.widgets._toast import Toast

from flowtui.edits.editing import EditState
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID as CONNECTION_ID
from flowtui.patching.problems import Problem
from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.widgets.edit_status import EditStatus, render_status
from tests.pilot import until_screen
from tests.safety.conftest import CONNECTION_NAME, SIZE
from tests.tui_edit.host import editor_of, replace_text


def test_status_with_many_problems_and_notes_renders_as_one_line() -> None:
    problems = [Problem(f"/field{n}", "is read-only and cannot change") for n in range(4)]
    state = EditState(text="{}", problems=problems)
    text = render_status(
        state, pointer="/auth/params/username", draft="draft saved", note="the password ..."
    )
    assert "\n" not in text.plain
    assert "(+3 more)" in text.plain


async def test_editor_status_is_one_line_and_notices_leave_the_etag_and_keys_clear(
    session: Session,
) -> None:
    app = FlowTUI(session, start=("connections", CONNECTION_ID))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        record = await until_screen(pilot, RecordScreen)
        app.notify(
            'Flow 2021 winter campaign disabled. New etag "60d0b235-0000-0200-0000-6b0b38190000".'
            " Press u to undo-the-end.",
            title="Done",
        )
        await pilot.pause(0.2)
        assert "undo-the-end" in app.export_screenshot(), "the notice's last line is drawn"
        status = record.query_one("#record-status")
        toasts = list(app.screen.query(Toast))
        assert toasts, "the notice is shown"
        for toast in toasts:
            assert toast.region.bottom <= status.region.y, "the etag line stays readable"
            assert toast.region.y >= 1, "below the header"
        await pilot.press("e")
        editor = await until_screen(pilot, EditorScreen)
        replace_text(editor_of(pilot), CONNECTION_NAME, "x" * 60)
        await pilot.press("down", "down", "down", "down")
        await pilot.pause(0.6)
        assert editor.query_one(EditStatus).region.height == 1
        await pilot.press("ctrl+s")
        review = await until_screen(pilot, ReviewModal)
        app.notify("Another notice while the review is open")
        await pilot.pause(0.2)
        buttons = review.query_one("#review-buttons")
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(buttons.region), "the review's keys stay readable"


async def review_keys(session: Session) -> tuple[list[str], list[str]]:
    app = FlowTUI(session, start=("connections", CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RecordScreen)
        await pilot.press("e")
        await until_screen(pilot, EditorScreen)
        replace_text(editor_of(pilot), CONNECTION_NAME, "Renamed")
        await pilot.press("ctrl+s")
        review = await until_screen(pilot, ReviewModal)
        labels = [str(button.label) for button in review.query(Button)]
        keys = sorted(
            binding.binding.key
            for binding in review.active_bindings.values()
            if binding.binding.show
        )
        return labels, keys


async def test_the_review_has_the_same_keys_in_protected_and_open_sandboxes(
    emulator_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowtui.demo import emulator_session

    protected = emulator_session(emulator_app)
    assert protected.sandbox_is_protected
    open_ = emulator_session(emulator_app, protected_sandboxes=frozenset())
    try:
        # Each review leaves a draft behind: a fresh state folder for each, so none is offered.
        monkeypatch.setenv("FLOWTUI_STATE_DIR", str(tmp_path / "protected"))
        protected_keys = await review_keys(protected)
        monkeypatch.setenv("FLOWTUI_STATE_DIR", str(tmp_path / "open"))
        labels, keys = await review_keys(open_)
        assert protected_keys == (labels, keys)
        assert labels == ["Cancel (esc)", "Submit (enter)"]
        assert keys == ["enter", "escape"]
    finally:
        await protected.client.aclose()
        await open_.client.aclose()
