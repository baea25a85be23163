"""The bytes flowtui writes to a real terminal while browsing the hostile records.

flowtui runs in a pseudo-terminal (80x24) against the hostile emulator on loopback; the test is
the terminal. Whatever a record holds, no escape sequence from it may reach the terminal: no OSC
0/2 (title), 8 (hyperlink) or 52 (clipboard), no CSI or C1 control from data, no raw NUL, bidi
override or zero-width character. And without colour (TERM=dumb, NO_COLOR) no colour is sent.
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
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowtui.emulator.hostile import HOSTILE_RECORDS

ROWS, COLUMNS = 24, 80
START_TIMEOUT = 30.0
KEY_DOWN = b"\x1b[B"
KEY_ENTER = b"\r"
KEY_ESCAPE = b"\x1b"
KEY_CTRL_Q = b"\x11"
PANES = {"flows": b"1", "connections": b"2", "sourceConnections": b"3", "targetConnections": b"4"}

_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_FORBIDDEN_OSC = re.compile(rb"\x1b\](?:0|1|2|8|52);")
_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
_HIDDEN_FROM_DATA = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


class Terminal:
    """flowtui on the slave side of a pty; this object reads and types on the master side."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.output = bytearray()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status: int | None = None

    def screen_text(self, since: int = 0) -> str:
        text = _ESCAPES.sub(b" ", bytes(self.output[since:])).decode("utf-8", errors="replace")
        return re.sub(r"\s+", " ", text)

    def pump(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not self._read(min(left, 0.1)) and self.exited():
                return

    def wait_for(self, marker: str, timeout: float = START_TIMEOUT, since: int = 0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.screen_text(since):
                return True
            if not self._read(0.1) and self.exited():
                break
        return marker in self.screen_text(since)

    def send(self, data: bytes, pause: float = 0.1) -> None:
        os.write(self.fd, data)
        self.pump(pause)

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
        return self.status is not None

    def quit(self) -> int | None:
        """ctrl+q, then the exit code (None if it had to be killed)."""
        with contextlib.suppress(OSError):
            self.send(KEY_CTRL_Q, pause=0.2)
        deadline = time.monotonic() + 15
        while not self.exited() and time.monotonic() < deadline:
            self._read(0.1)
        if not self.exited():
            self.close()
            return None
        return os.WEXITSTATUS(self.status or 0)

    def close(self) -> None:
        if not self.exited():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while not self.exited() and time.monotonic() < deadline:
                self._read(0.05)
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError as exc:
            if exc.errno == errno.EIO:
                return False
            raise
        self.output += chunk
        return bool(chunk)


def flowtui_env(home: Path, base_url: str, **extra: str) -> dict[str, str]:
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
            "FLOWTUI_SANDBOX": "dev",
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
    env.update(extra)
    return env


@pytest.fixture
def hostile_server(loopback_emulator: Callable[..., Any]) -> Any:
    from flowtui.emulator import EmulatorConfig

    return loopback_emulator(EmulatorConfig(hostile=True))


@pytest.fixture
def hostile_url(hostile_server: Any) -> str:
    return str(hostile_server.base_url)


def start(tmp_path: Path, base_url: str, **extra: str) -> Terminal:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    argv = [sys.executable, "-m", "flowtui"]
    return Terminal(argv, flowtui_env(home, base_url, **extra), cwd=home)


def rows_per_kind(server: Any) -> dict[str, int]:
    """Rows in each pane: every record of that kind the emulator serves in the sandbox."""
    return {kind: len(server.app.store.records("dev", kind)) for kind in PANES}


def first_name(kind: str) -> str:
    """The start of the first hostile name of ``kind`` as the table shows it."""
    from flowtui.visible import visible

    record = next(r for r in HOSTILE_RECORDS if r.kind == kind and r.pointer == "/name")
    return visible(record.stored)[:10]


def colour_parameters(output: bytes) -> list[str]:
    """Every SGR parameter list that sets a colour (30-38, 40-48, 90-97, 100-107)."""
    found = []
    for match in _SGR.finditer(output):
        params = [p for p in re.split(rb"[;:]", match.group(1)) if p]
        for param in params:
            code = int(param)
            if 30 <= code <= 38 or 40 <= code <= 48 or 90 <= code <= 97 or 100 <= code <= 107:
                found.append(match.group(1).decode())
                break
    return found


def test_browsing_every_hostile_record_writes_no_escape_from_data(
    tmp_path: Path, hostile_server: Any
) -> None:
    term = start(tmp_path, str(hostile_server.base_url))
    try:
        assert term.wait_for("Orders [/old] feed"), f"no hostile flow listed:\n{term.screen_text()}"
        term.pump(1.0)
        for kind, rows in rows_per_kind(hostile_server).items():
            before = len(term.output)
            term.send(PANES[kind], pause=0.2)
            marker = first_name(kind)
            assert term.wait_for(marker, since=before), f"{kind} never listed {marker!r}"
            term.pump(0.5)
            for _ in range(rows):
                before = len(term.output)
                term.send(KEY_ENTER, pause=0.05)
                assert term.wait_for(" etag ", timeout=15, since=before), term.screen_text(before)[
                    -1500:
                ]
                before = len(term.output)
                term.send(KEY_ESCAPE, pause=0.05)
                assert term.wait_for("⏎ Open", timeout=30, since=before), "never back on the list"
                term.send(KEY_DOWN, pause=0.1)
        shown = term.screen_text()
        code = term.quit()
    finally:
        term.close()
    output = bytes(term.output)

    assert code == 0, f"flowtui did not exit cleanly ({code}):\n{shown[-2000:]}"
    assert _FORBIDDEN_OSC.findall(output) == []
    assert b"\x00" not in output
    c1 = [output[i : i + 2] for i in range(len(output) - 1) if output[i] == 0xC2]
    assert [pair for pair in c1 if 0x80 <= pair[1] <= 0x9F] == []
    for sequence in (b"\x1b]0;pwned", b"\x1b]52;c;", b"\x1b[2J\x1b[HScreen", b"\x1b[31;1mred"):
        assert sequence not in output
    for char in _HIDDEN_FROM_DATA + _ZERO_WIDTH:
        assert char.encode() not in output, f"raw U+{ord(char):04X} reached the terminal"
    # What a person reads instead: the names as stored, controls as pictures and escapes.
    for readable in ("Orders [/old] feed", "[bold red]X[/]", "Orders ␛]0;pwned", "\\u202e"):
        assert readable in shown, f"{readable!r} never showed"


@pytest.mark.parametrize("extra", [{"TERM": "dumb"}, {"NO_COLOR": "1"}], ids=["dumb", "no-color"])
def test_without_colour_no_colour_is_sent(
    tmp_path: Path, hostile_url: str, extra: dict[str, str]
) -> None:
    term = start(tmp_path, hostile_url, **extra)
    try:
        assert term.wait_for("Orders [/old] feed"), f"nothing listed:\n{term.screen_text()}"
        term.send(KEY_DOWN, pause=0.3)
        term.send(KEY_ENTER, pause=1.0)
        term.send(KEY_ESCAPE, pause=0.5)
        code = term.quit()
    finally:
        term.close()
    assert code == 0
    assert colour_parameters(bytes(term.output)) == []
