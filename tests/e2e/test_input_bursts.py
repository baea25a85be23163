"""Bursts of keys as a slow SSH link delivers them: one write to a real pty, reviewed exactly.

flowtui runs in a pseudo-terminal (80x24) against the emulator on loopback. Each burst is ONE
``write`` to the terminal, so Textual's driver reads it in one go and posts every key at once
(the condition under which Textual 8.2 reorders keys, see tests/upstream). The tests wait for
what the screen shows, then check the review, the stored record and the audit log.

The in-process tests below drive the same EditorScreen and ReviewModal with bursts posted to
the app in one go, for what a terminal cannot reach (the editor's text changing under an open
review must never change what is sent).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from flowtui.api.kinds import CONNECTIONS
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.widgets.json_editor import JsonEditor
from tests.e2e.test_draft_survives_sigkill import (
    CONNECTION_NAME,
    EDITOR_MARKER,
    TerminalProcess,
    flowtui_env,
    screen_text,
)
from tests.upstream.bursts import post_burst, typed

END = b"\x1b[4~"  # what tmux sends for End
CTRL_U = b"\x15"
CTRL_S = b"\x13"
BACKSPACE = b"\x7f"
DOWN = b"\x1b[B"
ENTER = b"\r"
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"
"""Bracketed paste, as a terminal wraps pasted text (Textual turns it on)."""
NAME_LINE = 11
"""Row (from 0) of ``"name"`` in the seed connection as the editor shows it."""
SERVICE_FIELDS = {"etag", "version", "updatedAt", "updatedBy", "updatedClient"}
"""Fields the service changes on every write."""

PTY_MARKS = (
    pytest.mark.loopback,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
)


def pty_test(test: Callable[..., None]) -> Callable[..., None]:
    """Marks for a test that runs flowtui in a pseudo-terminal against a loopback emulator."""
    for mark in PTY_MARKS:
        test = mark(test)
    return test


# --- a real terminal ------------------------------------------------------------------------


@pytest.fixture
def emulator() -> Iterator[Any]:
    """The emulator on a loopback socket; ``.app.store`` is the service's storage."""
    from flowtui.emulator import EmulatorConfig
    from flowtui.emulator.server import start_in_thread

    server = start_in_thread(EmulatorConfig(), host="127.0.0.1", port=0)
    try:
        yield server
    finally:
        server.stop()


class Editing:
    """flowtui in a pty, in the editor of the seed connection, cursor on its ``"name"`` line."""

    def __init__(self, home: Path, base_url: str) -> None:
        argv = [sys.executable, "-m", "flowtui", "open", "connections", SALESFORCE_CONNECTION_ID]
        self.home = home
        self.proc = TerminalProcess(argv, flowtui_env(home, base_url), cwd=home)

    def open_on_name_line(self) -> None:
        proc = self.proc
        assert proc.wait_for(CONNECTION_NAME), f"the record never showed:\n{proc.tail()}"
        mark = len(proc.output)
        proc.send(b"e")
        assert proc.wait_for(EDITOR_MARKER, since=mark), f"no editor:\n{proc.tail()}"
        # The status says "0 ops" once the spec is read and the text takes keys.
        assert proc.wait_for("0 ops", since=mark), f"the editor never took keys:\n{proc.tail()}"
        mark = len(proc.output)
        for _ in range(NAME_LINE):
            proc.send(DOWN, pause=0.02)
        assert proc.wait_for("@ /name", since=mark), f"cursor not on /name:\n{proc.tail()}"

    def burst(self, data: bytes) -> int:
        """Write ``data`` to the terminal in one write; returns the output offset before it."""
        mark = len(self.proc.output)
        self.proc.send(data, pause=0.0)
        return mark

    def shown_since(self, mark: int) -> str:
        return screen_text(bytes(self.proc.output[mark:]))

    def confirm_protected_submit(self) -> None:
        """Type the sandbox name (the review starts in that box), then enter; wait for it."""
        proc = self.proc
        # Separate writes: Textual's Input has the same key-order defect as TextArea.
        proc.send(b"prod", pause=0.3)
        mark = len(proc.output)
        proc.send(ENTER)
        assert proc.wait_for("Saved", since=mark), f"no submit:\n{proc.tail()}"

    def audit_ops(self) -> list[list[dict[str, Any]]]:
        return [entry.ops for entry in AuditLog(self.home / "state" / "audit.jsonl").entries()]

    def close(self) -> None:
        self.proc.close()


@pytest.fixture
def editing(tmp_path: Path, emulator: Any) -> Iterator[Editing]:
    home = tmp_path / "home"
    home.mkdir()
    made = Editing(home, emulator.base_url)
    try:
        made.open_on_name_line()
        yield made
    finally:
        made.close()


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Top-level fields that differ, leaving out the ones the service stamps on every write."""
    keys = (set(before) | set(after)) - SERVICE_FIELDS
    return {key for key in keys if before.get(key) != after.get(key)}


@pty_test
@pytest.mark.parametrize(
    "line",
    [b'  "name": "X",', PASTE_START + b'  "name": "X",' + PASTE_END],
    ids=["typed", "pasted"],
)
def test_retyped_line_in_one_write_is_reviewed_and_stored_as_typed(
    editing: Editing, emulator: Any, line: bytes
) -> None:
    before = emulator.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    mark_at = editing.burst(END + CTRL_U + line + CTRL_S)
    assert editing.proc.wait_for("Review PATCH", since=mark_at), editing.proc.tail()
    assert editing.proc.wait_for('replace /name "X"', since=mark_at), editing.proc.tail()
    shown = editing.shown_since(mark_at)
    assert "Ops (1):" in shown
    assert "remove" not in shown, f"the review offers a remove:\n{shown[-1500:]}"

    editing.confirm_protected_submit()
    after = emulator.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert after["name"] == "X"
    assert changed_fields(before, after) == {"name"}
    assert editing.audit_ops() == [[{"op": "replace", "path": "/name", "value": "X"}]]


@pty_test
def test_backspaces_and_text_in_one_write_are_reviewed_as_the_editor_shows_them(
    editing: Editing, emulator: Any
) -> None:
    # End, 5 x Backspace, st1", ctrl+s: the comma is gone, so the text on screen is not JSON
    # and ctrl+s must say so rather than review some other text.
    mark_at = editing.burst(END + BACKSPACE * 5 + b'st1"' + CTRL_S)
    assert editing.proc.wait_for("Not JSON: line 13, column 3: Expecting ','", since=mark_at), (
        editing.proc.tail()
    )
    # The line as drawn, with no comma (it may be painted just after the status line).
    assert editing.proc.wait_for('"E2E_SF Base_Connectst1" 13', since=mark_at), editing.proc.tail()
    assert "Review PATCH" not in editing.shown_since(mark_at)

    # The missing comma, and ctrl+s, in one more write: now the review holds that very name.
    mark_at = editing.burst(END + b"," + CTRL_S)
    assert editing.proc.wait_for("Review PATCH", since=mark_at), editing.proc.tail()
    assert editing.proc.wait_for('replace /name "E2E_SF Base_Connectst1"', since=mark_at), (
        editing.proc.tail()
    )
    assert "Ops (1):" in editing.shown_since(mark_at)

    editing.confirm_protected_submit()
    stored = emulator.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == "E2E_SF Base_Connectst1"
    assert editing.audit_ops() == [
        [{"op": "replace", "path": "/name", "value": "E2E_SF Base_Connectst1"}]
    ]


@pty_test
def test_keys_typed_while_the_review_is_open_do_not_change_what_is_submitted(
    editing: Editing, emulator: Any
) -> None:
    # Keys after ctrl+s in the same write reach the editor's queue before the review is up.
    mark_at = editing.burst(
        END + CTRL_U + b'  "name": "Y",' + CTRL_S + b"zzz" + BACKSPACE + END + CTRL_U + b"{"
    )
    assert editing.proc.wait_for('replace /name "Y"', since=mark_at), editing.proc.tail()
    editing.proc.pump(0.3)
    # More keys while the review is open (they go to the sandbox-name box), then cleared.
    editing.burst(END + CTRL_U + b'  "name": "Z",' + BACKSPACE * 3)
    editing.proc.pump(0.3)
    editing.proc.send(CTRL_U, pause=0.3)
    shown = editing.shown_since(mark_at)
    assert 'replace /name "Z"' not in shown

    editing.confirm_protected_submit()
    stored = emulator.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == "Y"
    assert editing.audit_ops() == [[{"op": "replace", "path": "/name", "value": "Y"}]]


# --- in process: the same screens, bursts posted to the app at once -------------------------


class EditingApp(App[None]):
    """Opens the editor on a record, as the record view does on ``e``."""

    def __init__(self, session: Session, record: dict[str, Any], store: DraftStore) -> None:
        super().__init__()
        self.session = session
        self.record = record
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(self.session, CONNECTIONS, self.record, drafts=self.store))


@pytest.fixture
async def open_session(emulator_app: Any) -> AsyncIterator[Session]:
    """Prod without protection, so ``y`` alone submits."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app, protected_sandboxes=frozenset())
    yield made
    await made.client.aclose()


async def settle(pilot: Pilot[Any], rounds: int = 20) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def until(pilot: Pilot[Any], check: Any, what: str) -> None:
    for _ in range(100):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def review_open(app: App[Any]) -> bool:
    """The review is up and takes keys: nothing below it (the editor) keeps the focus.

    Its buttons take no focus (enter and esc are the review's own keys), so in an unprotected
    sandbox nothing is focused; in a protected one the sandbox-name box is.
    """
    focused = app.focused
    return isinstance(app.screen, ReviewModal) and (focused is None or focused.screen is app.screen)


async def editor_on_name_line(app: EditingApp, pilot: Pilot[Any]) -> JsonEditor:
    await until(
        pilot,
        lambda: isinstance(app.screen, EditorScreen) and app.screen.edit is not None,
        "the editor takes keys",
    )
    editor = app.screen.query_one(JsonEditor)
    editor.move_cursor((NAME_LINE, 0))
    await settle(pilot, 3)
    return editor


async def test_ctrl_s_in_a_burst_reviews_every_key_typed_before_it(
    open_session: Session, tmp_path: Path, emulator_app: Any
) -> None:
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditingApp(open_session, record, DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_on_name_line(app, pilot)
        post_burst(app, ["end", "ctrl+u", *typed('  "name": "X",'), "ctrl+s", *typed("zz")])
        await until(pilot, lambda: review_open(app), "the review")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewModal)
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": "X"}]
        assert review.state.text == editor.text  # what is reviewed is what the editor holds
        assert editor.document.get_line(NAME_LINE) == '  "name": "X",'
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, ReviewModal), "the submit")
    assert emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == "X"


async def test_text_changed_under_the_review_is_recomputed_and_not_sent(
    open_session: Session, tmp_path: Path, emulator_app: Any
) -> None:
    """Should the text change anyway under the review, y sends nothing and shows the new ops."""
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditingApp(open_session, record, DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_on_name_line(app, pilot)
        post_burst(app, ["end", "ctrl+u", *typed('  "name": "First",'), "ctrl+s"])
        await until(pilot, lambda: review_open(app), "the review")
        review = app.screen
        assert isinstance(review, ReviewModal)
        # Not by keys (they are dropped while held): through the API, as a bug might.
        line = editor.document.get_line(NAME_LINE)
        editor.replace('  "name": "Second",', (NAME_LINE, 0), (NAME_LINE, len(line)))
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is review, "a changed text must not be submitted unseen"
        assert emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == (
            "E2E_SF Base_Connection"
        )
        assert review.state.ops == [{"op": "replace", "path": "/name", "value": "Second"}]
        assert "changed since this review" in str(review.query_one("#review-error").render())
        await pilot.press("y")  # the recomputed review, seen, is submitted
        await until(pilot, lambda: not isinstance(app.screen, ReviewModal), "the submit")
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == "Second"
    )


async def test_text_changed_under_the_review_into_bad_json_blocks_the_submit(
    open_session: Session, tmp_path: Path, emulator_app: Any
) -> None:
    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditingApp(open_session, record, DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_on_name_line(app, pilot)
        post_burst(app, ["end", "ctrl+u", *typed('  "name": "First",'), "ctrl+s"])
        await until(pilot, lambda: review_open(app), "the review")
        review = app.screen
        assert isinstance(review, ReviewModal)
        line = editor.document.get_line(NAME_LINE)
        editor.replace('  "name": "Broken"', (NAME_LINE, 0), (NAME_LINE, len(line)))
        for _ in range(2):
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is review and review.outdated
        assert emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"] == (
            "E2E_SF Base_Connection"
        )
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, EditorScreen), "back in the editor")
        assert not editor.held  # typing works again


async def test_esc_right_after_typing_in_a_burst_asks_before_dropping_the_edit(
    open_session: Session, tmp_path: Path
) -> None:
    """esc is a priority key: it must see the keys typed before it, or the edit goes unasked."""
    from flowtui.tui.screens.confirm_discard import DiscardEditModal

    record = await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditingApp(open_session, record, DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_on_name_line(app, pilot)
        post_burst(app, ["end", "backspace", "backspace", *typed('X",'), "escape"])
        await until(pilot, lambda: isinstance(app.screen, DiscardEditModal), "the question")
        assert editor.document.get_line(NAME_LINE) == '  "name": "E2E_SF Base_ConnectionX",'
