"""Hang-up, SIGTERM and a closed terminal end a busy flowtui within two seconds, draft on disk.

Each run starts flowtui in a pseudo-terminal against a loopback emulator that is slow and large,
so the panes keep loading (and drawing) behind the editor; a draft is restored, a marker typed,
and then the terminal is closed, or SIGHUP or SIGTERM is sent. Closing the terminal of a busy
Textual app used to leave it deadlocked (its writer thread dead on EIO, the loop stuck on a full
output queue). Twenty runs, a few at a time.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.tui.hangup import HangUpGuard, exit_code_for, write_open_drafts
from tests.e2e.test_draft_survives_sigkill import (
    EDITOR_MARKER,
    RESTORE_MARKER,
    START_TIMEOUT,
    TerminalProcess,
    drafts_holding,
    flowtui_env,
)

RUNS = 20
PARALLEL = 4
DEADLINE = 2.0
"""Seconds from the hang-up to the process being gone, as the README promises."""

FORKING = threading.Lock()
"""Runs start one at a time, so no child is forked while a master is still inheritable."""

How = Literal["close-terminal", "sighup-unread", "sigterm"]
HOWS: tuple[How, ...] = ("close-terminal", "sighup-unread", "sigterm")

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


@pytest.fixture(scope="module")
def busy_emulator() -> Iterator[Any]:
    """A large emulator answering every call 100 ms late: the panes load for many seconds."""
    from flowtui.emulator import EmulatorConfig
    from flowtui.emulator.server import start_in_thread

    server = start_in_thread(EmulatorConfig(records=1500, latency_ms=100), port=0)
    try:
        yield server
    finally:
        server.stop()


def seed_draft(state: Path, emulator: Any, marker: str) -> None:
    """A draft of the seed connection, as a previous session would have left it."""
    from flowtui.api.kinds import CONNECTIONS
    from flowtui.edits.editing import EditSession
    from flowtui.emulator import DEMO_ORG_ID
    from flowtui.store.drafts import Draft, DraftStore

    base = emulator.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    text = EditSession(CONNECTIONS, base).initial_text()
    text = text.replace(f'"name": "{base["name"]}"', f'"name": "seeded-{marker}"', 1)
    DraftStore(state / "drafts").save(
        Draft(
            profile="env",
            org_id=DEMO_ORG_ID,
            sandbox="prod",
            kind="connections",
            record_id=SALESFORCE_CONNECTION_ID,
            name=str(base["name"]),
            base_etag=base.get("etag"),
            base=base,
            text=text,
            saved_at=time.time() - 60,
        )
    )


@dataclass
class Run:
    how: How
    seconds: float | None = None
    status: int | None = None
    draft_kept: bool = False
    typed_saved: bool = False
    problem: str = ""


def one_run(root: Path, emulator: Any, index: int, how: How) -> Run:
    """Start flowtui busy with a restored draft, type a marker, hang up; measure the exit."""
    home = root / f"run{index:02d}"
    home.mkdir()
    state = home / "state"
    marker = uuid.uuid4().hex[:8]
    seed_draft(state, emulator, marker)
    argv = [sys.executable, "-m", "flowtui", "open", "connections", SALESFORCE_CONNECTION_ID]
    with FORKING:
        proc = TerminalProcess(argv, flowtui_env(home, emulator.base_url), cwd=home)
        # Or the next run's flowtui inherits this terminal's master and keeps it open: closing
        # it here would then hang up nothing.
        os.set_inheritable(proc.fd, False)
    run = Run(how)
    try:
        # Generous: one connection carries the panes' pages and the offer's read, on a shared
        # machine running several of these at once.
        if not proc.wait_for(RESTORE_MARKER, timeout=2 * START_TIMEOUT):
            run.problem = f"no restore offer:\n{proc.tail()}"
            return run
        before = len(proc.output)
        proc.send(b"r")
        if not proc.wait_for(EDITOR_MARKER, timeout=15, since=before):
            run.problem = f"no editor:\n{proc.tail()}"
            return run
        proc.pump(0.8)  # the editor reads the connection spec before it takes keys
        # Typed before the opening brace: the status turning to "not JSON" shows it arrived
        # (the marker itself is drawn in pieces), well before the draft timer would save it.
        typed = f"T{marker}"
        before = len(proc.output)
        proc.send(typed.encode(), pause=0.0)
        if not proc.wait_for("not JSON", timeout=10, since=before):
            run.problem = f"the typed marker never arrived:\n{proc.tail()}"
            return run
        started = time.monotonic()
        if how == "close-terminal":
            proc.hang_up()
        elif how == "sighup-unread":
            os.kill(proc.pid, signal.SIGHUP)  # and nobody reads the terminal any more
        else:
            os.kill(proc.pid, signal.SIGTERM)
        while not proc.exited() and time.monotonic() - started < 10:
            if how == "sigterm":
                proc.pump(0.02)
            else:
                time.sleep(0.02)
        if proc.exited():
            run.seconds = time.monotonic() - started
            run.status = proc.status
        saved = drafts_holding(state, f"seeded-{marker}")
        run.draft_kept = bool(saved)
        run.typed_saved = any(typed in p.read_text(encoding="utf-8") for p in saved)
        return run
    finally:
        proc.close()


def test_twenty_hang_ups_of_a_busy_flowtui_each_end_within_two_seconds_with_the_draft(
    tmp_path: Path, busy_emulator: Any
) -> None:
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        runs = list(
            pool.map(
                lambda i: one_run(tmp_path, busy_emulator, i, HOWS[i % len(HOWS)]), range(RUNS)
            )
        )
    print(
        "seconds from hang-up to exit:", [(r.how, r.seconds and round(r.seconds, 2)) for r in runs]
    )
    problems = [f"{r.how}: {r.problem}" for r in runs if r.problem]
    assert not problems, problems[0]
    report = [(r.how, None if r.seconds is None else round(r.seconds, 2)) for r in runs]
    lingering = [r.how for r in runs if r.seconds is None]
    assert not lingering, f"still running 10 s after the hang-up: {report}"
    slow = [(r.how, round(r.seconds or 0, 2)) for r in runs if (r.seconds or 0) > DEADLINE]
    assert not slow, f"took longer than {DEADLINE} s: {slow}"
    for run in runs:
        assert run.status is not None and os.WIFEXITED(run.status), (run.how, run.status)
        signum = signal.SIGTERM if run.how == "sigterm" else signal.SIGHUP
        assert os.WEXITSTATUS(run.status) == exit_code_for(signum), (run.how, run.status)
    assert all(r.draft_kept for r in runs), "a draft was lost"
    assert all(r.typed_saved for r in runs), "the marker typed before the hang-up was not saved"


# --- the guard without a terminal -----------------------------------------------------------


class Deadlocked:
    """Stands for an app whose orderly exit never finishes."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.screen_stack = [self]

    def write_draft_now(self) -> None:
        self.events.append("draft")


def test_a_signal_writes_the_draft_first_and_ends_the_process_after_the_grace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[str] = []
    ended: list[int] = []
    app = Deadlocked(events)
    guard = HangUpGuard(
        save=lambda: write_open_drafts(app),  # type: ignore[arg-type]
        request_exit=lambda code: events.append(f"exit {code}"),
        grace=0.1,
        end=ended.append,
    )
    guard.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        deadline = time.monotonic() + 3
        while not ended and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        guard.uninstall()
    assert events == ["draft", "exit 143"]
    assert ended == [143], "the deadline must end a process whose exit hangs"


def test_a_second_signal_does_not_start_a_second_exit() -> None:
    calls: list[int] = []
    guard = HangUpGuard(save=lambda: None, request_exit=calls.append, grace=30, end=calls.append)
    guard.trigger(129)
    guard.trigger(143)
    assert calls == [129] and guard.triggered_with == 129
