"""Draft locks: one process owns a record's draft while its editor is open; others only look."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.store import locks as locks_module
from flowtui.store.drafts import Draft, DraftStore
from flowtui.store.locks import DraftLockedError, DraftLocks, LockOwner, process_start_time

KEY = ("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="locks use POSIX flock and pids")


@pytest.fixture
def locks(tmp_path: Path) -> DraftLocks:
    return DraftLocks(tmp_path / "drafts")


def dead_pid() -> int:
    """A pid that no process has now (a child that has exited and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def holder_process(locks: DraftLocks) -> Iterator[subprocess.Popen[str]]:
    """Another real process holding KEY's lock until it is killed."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from flowtui.store.locks import DraftLocks
        lock = DraftLocks(Path({str(locks.root)!r})).acquire(*{KEY!r})
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
    finally:
        child.kill()
        child.wait()


def test_a_lock_file_is_private_and_names_its_owner(locks: DraftLocks) -> None:
    lock = locks.acquire(*KEY)
    try:
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
        written = json.loads(lock.path.read_text())
        assert written["pid"] == os.getpid()
        assert abs(written["since"] - time.time()) < 60
        assert written["started"] == process_start_time(os.getpid())
    finally:
        lock.release()
    assert not lock.path.exists(), "a released lock leaves no file behind"


def test_the_same_process_shares_its_lock_until_the_last_release(locks: DraftLocks) -> None:
    first = locks.acquire(*KEY)
    second = locks.acquire(*KEY)
    assert second is first
    assert locks.holder(*KEY) is None, "our own lock is not someone else's"
    first.release()
    assert first.held
    second.release()
    assert not first.held


def test_another_live_process_holds_the_lock_and_is_named(
    locks: DraftLocks, holder_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DraftLockedError) as raised:
        locks.acquire(*KEY)
    owner = raised.value.owner
    assert owner is not None and owner.pid == holder_process.pid
    assert f"pid {holder_process.pid}" in str(raised.value) and "since" in str(raised.value)
    assert locks.holder(*KEY) == owner


def test_a_lock_left_by_a_killed_process_is_taken_over(
    locks: DraftLocks, holder_process: subprocess.Popen[str]
) -> None:
    holder_process.kill()
    holder_process.wait()
    assert locks.holder(*KEY) is None
    with locks.acquire(*KEY) as lock:
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()


def test_a_stale_lock_file_of_a_dead_pid_is_taken_over(locks: DraftLocks) -> None:
    path = locks.path_for(*KEY)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"pid": dead_pid(), "host": "h", "since": 1.0, "started": None}))
    with locks.acquire(*KEY) as lock:
        assert json.loads(path.read_text())["pid"] == os.getpid()
        assert lock.owner.pid == os.getpid()


class NoFlock:
    """A filesystem without flock: the pid and start time in the file decide."""

    @staticmethod
    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")


def write_owner(locks: DraftLocks, owner: dict[str, Any]) -> None:
    path = locks.path_for(*KEY)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(owner))


def test_without_flock_a_live_owner_still_holds_and_a_dead_one_does_not(
    locks: DraftLocks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks_module.fcntl, "flock", NoFlock.flock)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        started = process_start_time(sleeper.pid)
        write_owner(locks, {"pid": sleeper.pid, "host": "h", "since": 2.0, "started": started})
        with pytest.raises(DraftLockedError) as raised:
            locks.acquire(*KEY)
        assert raised.value.owner == LockOwner(sleeper.pid, "h", 2.0, started)
        if started is not None:  # a reused pid (another start time) is not the owner
            write_owner(locks, {"pid": sleeper.pid, "host": "h", "since": 2.0, "started": 1})
            locks.acquire(*KEY).release()
    finally:
        sleeper.kill()
        sleeper.wait()
    write_owner(locks, {"pid": dead_pid(), "host": "h", "since": 2.0, "started": None})
    locks.acquire(*KEY).release()


def test_two_flowtui_processes_one_edits_the_other_never_deletes_the_draft(
    tmp_path: Path, locks: DraftLocks, holder_process: subprocess.Popen[str]
) -> None:
    """The second process's checks see the first one's lock; its discard path leaves the file."""
    from flowtui.tui.screens.edited_elsewhere import edited_elsewhere, edited_elsewhere_text

    store = DraftStore(locks.root)
    draft = Draft(*KEY[:1], "ORG", *KEY[1:], "Conn", '"e1"', {"id": KEY[3]}, "{}", time.time())
    store.save(draft)
    session: Any = type("S", (), {"profile": KEY[0], "sandbox": KEY[1]})()
    owner = edited_elsewhere(session, KEY[2], KEY[3], locks)
    assert owner is not None and owner.pid == holder_process.pid
    from flowtui.api.kinds import CONNECTIONS

    text = edited_elsewhere_text(CONNECTIONS, "Conn", owner)
    assert f"pid {holder_process.pid}" in text and "read-only" in text
    assert store.find(*KEY) is not None, "looking never deletes the other process's draft"
