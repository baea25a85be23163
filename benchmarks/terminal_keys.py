"""Filter keystrokes in a real terminal: flowtui in a pseudo-terminal at 80x24 over the loopback
server, keys written to the terminal, frames read back, and the CPU time the app's process (all
its threads) spent from each key to the frame that shows that filter's first matches.

``python -m benchmarks.terminal_keys app URL ROWS`` is the app end (flowtui with the same settings
as benchmarks/pane.py); ``measure(url, rows)`` is the terminal end. No test harness sits in the
app: this is what a person at a terminal causes, keys in, frames out.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

SIZE = (80, 24)
NEEDLE = "emea"
ROUNDS = 3
ESC_RIGHT = b"\x1b[C"
BACKSPACE = b"\x7f"


def cpu_ms(pid: int) -> float:
    """CPU time of every thread of ``pid`` so far, in ms (nanoseconds from schedstat)."""
    total = 0
    for stat in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(stat) as numbers:
                total += int(numbers.read().split()[0])
        except OSError:
            continue
    return total / 1e6


class Terminal:
    """A process in a pseudo-terminal, and everything it has written."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        """When the process was spawned (the cold start counts from here)."""
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read_until(self, marker: bytes, since: int, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.output[since:]:
            if time.monotonic() > deadline:
                tail = bytes(self.output[-400:])
                raise SystemExit(f"benchmark: the terminal never showed {marker!r}: {tail!r}")
            self.drain(0.002)

    def drain(self, wait: float) -> None:
        while select.select([self.master], [], [], wait)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the process is gone: nothing more will come
                return
            self.output.extend(chunk)
            wait = 0

    def settle(self, seconds: float) -> None:
        """Read whatever the app draws for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.drain(0.01)

    def write(self, data: bytes) -> int:
        mark = len(self.output)
        os.write(self.master, data)
        return mark

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # its whole session: nothing left behind
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


def measure(url: str, rows: int, env: dict[str, str]) -> dict[str, float]:
    """Median and worst CPU of a filter keystroke (to its first frame), and of a key that does
    nothing (right arrow at the end of the empty prompt, over 300 ms)."""
    argv = [sys.executable, "-m", "benchmarks.terminal_keys", "app", url, str(rows)]
    terminal = Terminal(argv, {**env, "TERM": "xterm-256color"})
    try:
        terminal.read_until(f"{rows:,}/{rows:,}".encode(), 0)
        terminal.settle(1.0)
        terminal.read_until(b"or id text", terminal.write(b"/"))
        terminal.settle(0.3)
        pid = terminal.process.pid
        idle = []
        for _ in range(5):
            started = cpu_ms(pid)
            terminal.write(ESC_RIGHT)
            terminal.settle(0.3)
            idle.append(cpu_ms(pid) - started)
        keys = []
        for _ in range(ROUNDS):
            for end in range(1, len(NEEDLE) + 1):
                typed = NEEDLE[:end]
                started = cpu_ms(pid)
                mark = terminal.write(typed[-1].encode())
                terminal.read_until(f"/{typed} (".encode(), mark)
                keys.append(cpu_ms(pid) - started)
                terminal.settle(0.4)  # the rest of a long filter, a slice per frame
            for _ in NEEDLE:
                terminal.write(BACKSPACE)
                terminal.settle(0.3)
            terminal.settle(0.5)
    finally:
        terminal.close()
    return {
        "key_median_ms": statistics.median(keys),
        "key_worst_ms": max(keys),
        "noop_ms": statistics.median(idle),
    }


def app(url: str, rows: int) -> None:
    """flowtui itself, on the loopback server, as benchmarks/pane.py sets it up."""
    from benchmarks.pane import loopback_session
    from flowtui.tui.app import FlowTUI

    FlowTUI(loopback_session(url, rows)).run()


if __name__ == "__main__":
    if sys.argv[1] == "app":
        app(sys.argv[2], int(sys.argv[3]))
