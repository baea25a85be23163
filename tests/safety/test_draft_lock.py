"""Two flowtui processes of one user: the one editing owns the draft, the other only looks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from flowtui.api.kinds import CONNECTIONS
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.drafts import DraftStore
from flowtui.store.locks import DraftLocks
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.draft_restore import DraftRestoreModal
from flowtui.tui.screens.edited_elsewhere import EditedElsewhereScreen
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.record import RecordScreen
from tests.pilot import until_screen, wait_until
from tests.safety.conftest import SIZE
from tests.safety.test_wiring import leave_a_draft

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def other_flowtui(open_session: Session) -> Iterator[subprocess.Popen[str]]:
    """Another process of the same user with the seed connection open in its editor."""
    root = DraftStore().root
    key = (open_session.profile, open_session.sandbox, "connections", SALESFORCE_CONNECTION_ID)
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from flowtui.store.locks import DraftLocks
        lock = DraftLocks(Path({str(root)!r})).acquire(*{key!r})
        print("editing", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "editing"
        yield child
    finally:
        child.kill()
        child.wait()


async def test_a_draft_open_in_another_flowtui_is_not_offered_and_e_only_looks(
    open_session: Session, other_flowtui: subprocess.Popen[str]
) -> None:
    draft = await leave_a_draft(open_session, "Theirs, half-typed")
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RecordScreen)
        assert not any(isinstance(s, DraftRestoreModal) for s in app.screen_stack)
        said = [n.message for n in app._notifications]
        assert any(f"pid {other_flowtui.pid}" in m for m in said), said
        await pilot.press("e")
        look = await until_screen(pilot, EditedElsewhereScreen)
        shown = look.query_one(TextArea)
        assert shown.read_only and '"name": "Theirs, half-typed"' in shown.text
        intro = str(look.query_one("#elsewhere-intro").render())
        assert f"pid {other_flowtui.pid}" in intro and "since" in intro
        await pilot.press("x", "y", "escape")
        await until_screen(pilot, RecordScreen)
    kept = DraftStore().find(*draft.key)
    assert kept is not None and kept.text == draft.text, "the other process's draft is untouched"


async def test_the_editor_itself_yields_to_a_lock_taken_meanwhile(
    open_session: Session, other_flowtui: subprocess.Popen[str]
) -> None:
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(EditorScreen(open_session, CONNECTIONS, record))
        await until_screen(pilot, EditedElsewhereScreen)
        assert not any(isinstance(s, EditorScreen) for s in app.screen_stack)
    assert DraftStore().all() == []


async def test_when_the_other_flowtui_ends_its_lock_is_taken_over(
    open_session: Session, other_flowtui: subprocess.Popen[str]
) -> None:
    await leave_a_draft(open_session, "Left by a crash")
    other_flowtui.kill()
    other_flowtui.wait()
    app = FlowTUI(open_session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, DraftRestoreModal)
        await pilot.press("r")
        editor = await until_screen(pilot, EditorScreen)
        await wait_until(pilot, lambda: editor.edit is not None, "the editor is ready")
        key = (open_session.profile, open_session.sandbox, "connections", SALESFORCE_CONNECTION_ID)
        assert DraftLocks().holder(*key) is None  # ours now
        lock_path = DraftLocks().path_for(*key)
        assert lock_path.exists()
    assert not lock_path.exists(), "closing the app releases the lock"
