"""Getting things out of a record: copy a value, the record, a curl command; export to a file.
Copies land in tmux's buffer, the terminal clipboard or a 0600 file, and say which."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.patching import MASK
from flowtui.session import Session
from flowtui.store.audit import AuditEntry
from flowtui.tui.app import FlowTUI
from flowtui.tui.clipboard import TO_TERMINAL, TO_TMUX, copy_text
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.widgets.json_view import JsonText
from tests.pilot import wait_until
from tests.tui.conftest import SIZE


def loaded(app: FlowTUI) -> bool:
    screen = app.screen
    return isinstance(screen, RecordScreen) and screen.shown is not None


def notices(app: FlowTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


def clipboard_files(state: Path) -> list[Path]:
    folder = state / "clipboard"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def no_clipboard(monkeypatch: pytest.MonkeyPatch) -> Path:
    """No tmux and no terminal (the tests run headless): copies go to the state folder."""
    monkeypatch.delenv("TMUX", raising=False)
    import os

    return Path(os.environ["FLOWTUI_STATE_DIR"])


async def go_to(pilot: Any, pointer: str) -> None:
    await pilot.press("colon", *["slash" if c == "/" else c for c in pointer], "enter")
    await pilot.pause()


async def test_c_copies_the_value_and_a_masked_credential_stays_masked(
    session: Session, no_clipboard: Path, emulator_app: Any
) -> None:
    raw = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await go_to(pilot, "/auth/params/username")
        await pilot.press("c")
        await go_to(pilot, "/auth/params/password")
        await pilot.press("c")
        await go_to(pilot, "/auth")
        await pilot.press("c")
        await pilot.pause()
    files = clipboard_files(no_clipboard)
    assert len(files) == 3
    texts = [path.read_text() for path in files]
    assert raw["auth"]["params"]["username"] in texts  # a string is copied bare
    assert MASK in texts
    assert raw["auth"]["params"]["password"] not in "".join(texts)
    assert json.loads(texts[2])["params"]["password"] == MASK  # an object is copied as JSON
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600
    said = notices(app)
    assert any("written to" in m and str(files[0].parent) in m for m in said)


async def test_shift_c_copies_the_whole_record_masked(session: Session, no_clipboard: Path) -> None:
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        await pilot.press("C")
        await pilot.pause()
        (path,) = clipboard_files(no_clipboard)
        copied = json.loads(path.read_text())
        assert copied == screen.shown
        assert copied["auth"]["params"]["password"] == MASK


async def test_ctrl_y_copies_a_get_then_the_patch_of_the_last_edit(
    session: Session, no_clipboard: Path
) -> None:
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await pilot.press("ctrl+y")
        await pilot.pause()
        ops = [{"op": "replace", "path": "/name", "value": "it's $HOME"}]
        app.last_submit = AuditEntry(
            time="2026-01-01T00:00:00Z",
            profile="demo",
            org_id=session.org_id,
            sandbox="prod",
            kind="connections",
            record_id=SALESFORCE_CONNECTION_ID,
            name="n",
            method="PATCH",
            etag_before='"etag-before"',
            etag_after='"etag-after"',
            ops=ops,
            request_id=None,
        )
        await pilot.press("ctrl+y")
        await pilot.pause()
    get, patch = (path.read_text() for path in clipboard_files(no_clipboard))
    assert get.startswith("curl -sS -X GET ") and f"/connections/{SALESFORCE_CONNECTION_ID}" in get
    for command in (get, patch):
        assert "Authorization: Bearer $ACCESS_TOKEN" in command
        assert "x-api-key: $API_KEY" in command
        assert f"x-gw-ims-org-id: {session.org_id}" in command
        assert "x-sandbox-name: prod" in command
    assert "-X PATCH" in patch and 'If-Match: "etag-before"' in patch
    assert "it'\"'\"'s $HOME" in patch  # single-quoted: the shell expands nothing in it


async def test_x_exports_to_a_private_file_and_asks_before_overwriting(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / f"connections-{SALESFORCE_CONNECTION_ID}.json"
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await pilot.press("x", "enter")
        await pilot.pause()
        assert target.stat().st_mode & 0o777 == 0o600
        exported = json.loads(target.read_text())
        assert exported["id"] == SALESFORCE_CONNECTION_ID
        assert exported["auth"]["params"]["password"] == MASK
        target.write_text("mine")
        await pilot.press("x", "enter")
        await pilot.pause()
        assert target.read_text() == "mine"  # asked, not overwritten
        assert any("exists" in m for m in notices(app))
        await pilot.press("enter")  # the second enter on the same name overwrites
        await pilot.pause()
        assert json.loads(target.read_text())["id"] == SALESFORCE_CONNECTION_ID
        assert app.screen.query_one(JsonText).has_focus


# --- where a copy goes ----------------------------------------------------------------------


def test_without_tmux_a_terminal_gets_osc_52_and_the_notice_says_so() -> None:
    app: App[object] = App()  # not running: no driver, so nothing is written to a terminal
    outcome = copy_text(app, "value", "the value", env={"TERM": "xterm-256color"})
    assert outcome.message == TO_TERMINAL and outcome.path is None
    assert app.clipboard == "value"


def test_a_dumb_terminal_gets_a_file_never_a_silent_success(tmp_path: Path) -> None:
    app: App[object] = App()
    env = {"TERM": "dumb", "FLOWTUI_STATE_DIR": str(tmp_path)}
    outcome = copy_text(app, "value", "the value", env=env)
    assert outcome.path is not None and outcome.path.read_text() == "value"
    assert str(outcome.path) in outcome.message and outcome.path.is_relative_to(tmp_path)


@pytest.fixture
def tmux_server(tmp_path: Path) -> Iterator[Path]:
    """A private tmux server (its own socket) with one session, killed afterwards."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed: the tmux buffer route cannot be tried")
    socket = tmp_path / "tmux.sock"
    subprocess.run(
        [tmux, "-S", str(socket), "-f", "/dev/null", "new-session", "-d", "sleep 60"], check=True
    )
    yield socket
    subprocess.run([tmux, "-S", str(socket), "kill-server"], check=False)


async def test_in_tmux_c_lands_in_the_tmux_buffer(
    session: Session, tmux_server: Path, monkeypatch: pytest.MonkeyPatch, emulator_app: Any
) -> None:
    monkeypatch.setenv("TMUX", f"{tmux_server},0,0")
    username = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["auth"][
        "params"
    ]["username"]
    app = FlowTUI(session, start=("connections", SALESFORCE_CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await go_to(pilot, "/auth/params/username")
        await pilot.press("c")
        await pilot.pause()
        assert any(TO_TMUX in m for m in notices(app))
    shown = subprocess.run(
        ["tmux", "-S", str(tmux_server), "show-buffer"], capture_output=True, check=True
    )
    assert shown.stdout.decode() == username
