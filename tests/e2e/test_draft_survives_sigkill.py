"""A real terminal, a real socket, a real SIGKILL: the edit typed before the kill is still on disk.

flowtui runs in a pseudo-terminal (80x24, xterm-256color) against the emulator on loopback. The
test opens a connection, presses `e`, types, waits two seconds, kills the process with SIGKILL,
checks the draft file, then starts flowtui again and reads the terminal for the restore offer.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import pty
import re
import select
import signal
import stat
import struct
import sys
import termios
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID

CONNECTION_NAME = "E2E_SF Base_Connection"
EDITOR_MARKER = "Edit base connection"
"""The editor's title for a base connection (flowtui.tui.screens.editor)."""
RESTORE_MARKER = "Unsaved edit found"
"""The title of flowtui.tui.screens.draft_restore.DraftRestoreModal."""
ROWS, COLUMNS = 24, 80
LOST_AT_MOST = 1.5
"""Seconds of typing a kill may lose: the draft's one second, plus slack for a busy machine."""
START_TIMEOUT = 20.0
"""Generous: the machine is shared, and a cold start imports Textual."""

# CSI, OSC and two-character escape sequences: what is left is the text the terminal shows.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")

KEY_RIGHT = b"\x1b[C"
KEY_HOME = b"\x1b[H"
KEY_PAGE_UP = b"\x1b[5~"
KEY_CTRL_Q = b"\x11"

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def screen_text(raw: bytes) -> str:
    """Terminal output with escape sequences removed and spacing collapsed, for searching."""
    text = _ESCAPES.sub(b" ", raw).decode("utf-8", errors="replace")
    return re.sub(r"\s+", " ", text)


class TerminalProcess:
    """flowtui running on the slave side of a pty; the test is the terminal on the master side."""

    def __init__(
        self, argv: list[str], env: dict[str, str], cwd: Path, *, ignore_hangup: bool = False
    ) -> None:
        self.output = bytearray()
        pid, fd = pty.fork()
        if pid == 0:  # child: become flowtui in an 80x24 terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                if ignore_hangup:  # as under nohup: the ignored disposition survives exec
                    signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.status: int | None = None
        self.open = True

    def pump(self, seconds: float) -> None:
        """Read whatever the app draws for ``seconds`` (the app blocks if nobody reads)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not self._read(min(left, 0.1)) and self.exited():
                return

    def wait_for(self, marker: str, timeout: float = START_TIMEOUT, *, since: int = 0) -> bool:
        """Read until ``marker`` shows on the screen (after output offset ``since``)."""
        wanted = re.sub(r"\s+", " ", marker)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in screen_text(bytes(self.output[since:])):
                return True
            if not self._read(0.1) and self.exited():
                return wanted in screen_text(bytes(self.output[since:]))
        return False

    def send(self, data: bytes, *, pause: float = 0.05) -> None:
        os.write(self.fd, data)
        self.pump(pause)

    def type_text(self, text: str) -> None:
        """Type like a person: a few characters at a time, never one big paste."""
        for start in range(0, len(text), 4):
            self.send(text[start : start + 4].encode("utf-8"), pause=0.02)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.exited():
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)
        deadline = time.monotonic() + 10
        while not self.exited() and time.monotonic() < deadline:
            self._read(0.05)

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
        return self.status is not None

    def hang_up(self) -> None:
        """Close the terminal as a dropped SSH session would: the kernel sends SIGHUP."""
        if self.open:
            self.open = False
            os.close(self.fd)

    def close(self) -> None:
        self.kill()
        with contextlib.suppress(OSError):
            self.hang_up()

    def _read(self, timeout: float) -> bool:
        if not self.open:
            time.sleep(timeout)
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno == errno.EIO:
                return False
            raise
        self.output += chunk
        return bool(chunk)

    def tail(self, chars: int = 1500) -> str:
        return screen_text(bytes(self.output))[-chars:]


@pytest.fixture
def emulator_url() -> Iterator[str]:
    from flowtui.emulator import EmulatorConfig
    from flowtui.emulator.server import start_in_thread

    server = start_in_thread(EmulatorConfig(), host="127.0.0.1", port=0)
    try:
        yield server.base_url
    finally:
        server.stop()


def flowtui_env(home: Path, base_url: str) -> dict[str, str]:
    """A clean environment: the emulator's demo credentials, folders under ``home``."""
    from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLOWTUI_", "TEXTUAL"))}
    env.pop("NO_COLOR", None)
    env.update(
        {
            "FLOWTUI_PLATFORM_URL": base_url,
            "FLOWTUI_IMS_URL": base_url,
            "FLOWTUI_CLIENT_ID": DEMO_CLIENT_ID,
            "FLOWTUI_CLIENT_SECRET": DEMO_CLIENT_SECRET,
            "FLOWTUI_ORG_ID": DEMO_ORG_ID,
            "FLOWTUI_SANDBOX": "prod",
            "FLOWTUI_CONFIG": str(home / "config" / "absent.toml"),
            "FLOWTUI_CONFIG_DIR": str(home / "config"),
            "FLOWTUI_STATE_DIR": str(home / "state"),
            "FLOWTUI_CACHE_DIR": str(home / "cache"),
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def start_flowtui(home: Path, base_url: str, *, ignore_hangup: bool = False) -> TerminalProcess:
    argv = [sys.executable, "-m", "flowtui", "open", "connections", SALESFORCE_CONNECTION_ID]
    env = flowtui_env(home, base_url)
    return TerminalProcess(argv, env, cwd=home, ignore_hangup=ignore_hangup)


def drafts_holding(state: Path, marker: str) -> list[Path]:
    folder = state / "drafts"
    if not folder.is_dir():
        return []
    return [p for p in folder.glob("*.json") if marker in p.read_text(encoding="utf-8")]


def open_editor_at_top(proc: TerminalProcess) -> None:
    """Wait for the record, press `e`, wait for the editor, put the cursor after the first ``{``."""
    assert proc.wait_for(CONNECTION_NAME), f"the record never showed:\n{proc.tail()}"
    proc.pump(1.0)  # let the record view settle before the key
    before_edit = len(proc.output)
    proc.send(b"e")
    assert proc.wait_for(EDITOR_MARKER, since=before_edit), f"no editor:\n{proc.tail()}"
    proc.pump(1.0)  # the editor fetches the connection spec before it takes keys
    # Top of the document, past the opening brace: a typed member keeps the JSON valid.
    for key in (KEY_PAGE_UP, KEY_PAGE_UP, KEY_PAGE_UP, KEY_HOME, KEY_RIGHT):
        proc.send(key)


def test_draft_survives_sigkill_and_is_offered_on_restart(
    tmp_path: Path, emulator_url: str
) -> None:
    from flowtui.store.drafts import DraftStore

    home = tmp_path / "home"
    home.mkdir()
    state = home / "state"
    marker = f"typed-before-sigkill-{uuid.uuid4().hex[:8]}"

    first = start_flowtui(home, emulator_url)
    try:
        open_editor_at_top(first)
        before_typing = len(first.output)
        first.type_text(f'"zz_note": "{marker}",')
        assert first.wait_for(marker, timeout=10, since=before_typing), (
            f"the typed text never showed:\n{first.tail()}"
        )
        first.pump(2.0)
        first.kill(signal.SIGKILL)
        assert first.exited()
        assert os.WIFSIGNALED(first.status or 0)
        assert os.WTERMSIG(first.status or 0) == signal.SIGKILL
    finally:
        first.close()

    saved = drafts_holding(state, marker)
    assert len(saved) == 1, f"no draft with the typed text in {state / 'drafts'}"
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((state / "drafts").stat().st_mode) == 0o700
    (draft,) = DraftStore(state / "drafts").all()
    assert (draft.kind, draft.record_id, draft.sandbox) == (
        "connections",
        SALESFORCE_CONNECTION_ID,
        "prod",
    )
    assert f'"zz_note": "{marker}",' in draft.text
    assert draft.base.get("id") == SALESFORCE_CONNECTION_ID and draft.base_etag

    second = start_flowtui(home, emulator_url)
    try:
        offered = second.wait_for(RESTORE_MARKER, timeout=START_TIMEOUT)
        assert offered, f"no restore offer on restart:\n{second.tail()}"
        assert second.wait_for("0600", timeout=5), "the offer does not mention 0600 files"
        second.send(b"\x1b", pause=0.5)  # Later: keeps the draft
        second.send(KEY_CTRL_Q, pause=0.5)
    finally:
        second.close()
    assert drafts_holding(state, marker) == saved, "restarting must not lose the draft"


def test_steady_typing_killed_mid_word_loses_at_most_the_last_second(
    tmp_path: Path, emulator_url: str
) -> None:
    """Someone typing without a pause when the link drops: only the last second may be lost.

    The promise is about what the editor held, so each letter is timed when the terminal first
    shows it, not when it was sent: on a loaded machine the app may be seconds behind the keys,
    and what it has not read yet is in the terminal's buffer, not in the editor.
    """
    home = tmp_path / "home"
    home.mkdir()
    marker = f"steady-{uuid.uuid4().hex[:8]}-"
    letters = "abcdefghijklmnopqrstuvwxyz0123456789" * 4
    wanted = 20  # letters the editor must have shown more than LOST_AT_MOST before the kill
    proc = start_flowtui(home, emulator_url)
    shown_at: list[float] = []  # shown_at[i]: when the screen first held the first i+1 letters
    try:
        open_editor_at_top(proc)
        proc.type_text(f'"zz_note": "{marker}')
        assert proc.wait_for(marker, timeout=10), f"the typed text never showed:\n{proc.tail()}"
        typing_from = len(proc.output)
        for sent, letter in enumerate(letters, start=1):  # ten keys a second, never pausing
            proc.send(letter.encode(), pause=0.1)
            screen = screen_text(bytes(proc.output[typing_from:]))
            while len(shown_at) < sent and marker + letters[: len(shown_at) + 1] in screen:
                shown_at.append(time.monotonic())
            if sum(1 for moment in shown_at if time.monotonic() - moment > LOST_AT_MOST) >= wanted:
                break
        killed_at = time.monotonic()
        proc.kill(signal.SIGKILL)
    finally:
        proc.close()

    must_have = sum(1 for moment in shown_at if killed_at - moment > LOST_AT_MOST)
    assert must_have >= wanted, f"the editor showed only {len(shown_at)} of {sent} letters typed"
    texts = [p.read_text(encoding="utf-8") for p in drafts_holding(home / "state", marker)]
    assert texts, "no draft at all: steady typing must still be saved at least once a second"
    typed = max(len(t.split(marker, 1)[1].split('"', 1)[0]) for t in texts)
    assert typed >= must_have, f"draft holds {typed} of the letters, expected >= {must_have}"


@pytest.mark.parametrize("ignore_hangup", [False, True], ids=["plain", "started-under-nohup"])
def test_draft_survives_the_terminal_vanishing(
    tmp_path: Path, emulator_url: str, ignore_hangup: bool
) -> None:
    """An SSH session that drops closes the terminal (SIGHUP): flowtui exits, the draft on disk.

    Also when it inherited "ignore SIGHUP" (nohup): it must not linger with no terminal.
    """
    home = tmp_path / "home"
    home.mkdir()
    marker = f"typed-before-hangup-{uuid.uuid4().hex[:8]}"
    proc = start_flowtui(home, emulator_url, ignore_hangup=ignore_hangup)
    try:
        open_editor_at_top(proc)
        proc.type_text(f'"zz_note": "{marker}",')
        assert proc.wait_for(marker, timeout=10), f"the typed text never showed:\n{proc.tail()}"
        proc.pump(1.5)
        proc.hang_up()
        deadline = time.monotonic() + 10
        while not proc.exited() and time.monotonic() < deadline:
            proc.pump(0.05)
        assert proc.exited(), "flowtui kept running after its terminal vanished"
    finally:
        proc.close()
    assert drafts_holding(home / "state", marker), "no draft after the terminal vanished"
