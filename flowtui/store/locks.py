"""Draft locks: while a record's editor is open, its draft belongs to that one flowtui process.

A lock is a file beside the draft (``<draft name>.lock``, 0600) holding the owner's pid, host,
process start time and the time it took the lock, and held with ``flock``: the kernel frees it
when the owner dies, so a lock left by a dead process is simply taken over. Where ``flock`` is
not available the owner's pid (and start time, against pid reuse) decides whether it still lives.
Another process is told who edits the record and since when; it never touches the draft.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flowtui.platform_paths import state_dir
from flowtui.private_files import PRIVATE_FILE_MODE, ensure_private_dir
from flowtui.store.drafts import DRAFT_SUFFIX, draft_file_name

LOCK_SUFFIX = ".lock"


def process_start_time(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks since boot (Linux), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from the last ")".
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        return int(fields[19])  # field 22 of the whole line
    except (IndexError, ValueError):
        return None


def process_alive(pid: int, started: int | None) -> bool:
    """Whether ``pid`` runs and is the process that started at ``started`` (if known)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    if started is None:
        return True
    now = process_start_time(pid)
    return now is None or now == started


@dataclass(frozen=True)
class LockOwner:
    """Who holds a draft lock: enough for a person to find the other flowtui."""

    pid: int
    host: str
    since: float
    """Epoch seconds when the lock was taken."""
    started: int | None = None
    """The owner's process start time (ticks since boot), so a reused pid is not mistaken."""

    def describe(self) -> str:
        """``pid 4242 on jump-1, since 14:02:11``."""
        when = time.strftime("%H:%M:%S", time.localtime(self.since))
        day = time.strftime("%Y-%m-%d", time.localtime(self.since))
        if day != time.strftime("%Y-%m-%d"):
            when = f"{day} {when}"
        return f"pid {self.pid} on {self.host}, since {when}"


def _me() -> LockOwner:
    pid = os.getpid()
    return LockOwner(pid, socket.gethostname(), time.time(), process_start_time(pid))


def _owner_from(text: str) -> LockOwner | None:
    try:
        data = json.loads(text)
        started = data.get("started")
        return LockOwner(
            pid=int(data["pid"]),
            host=str(data.get("host", "?")),
            since=float(data["since"]),
            started=int(started) if isinstance(started, int) else None,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


class DraftLockedError(Exception):
    """Another flowtui process has this record open in its editor."""

    def __init__(self, owner: LockOwner | None) -> None:
        who = owner.describe() if owner is not None else "a process that is still starting"
        super().__init__(f"being edited in another flowtui ({who})")
        self.owner = owner


class DraftLock:
    """A held lock; ``release()`` (or leaving a ``with`` block) frees it."""

    def __init__(self, path: Path, fd: int, owner: LockOwner) -> None:
        self.path = path
        self.owner = owner
        self._fd: int | None = fd
        self._holders = 1

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Free the lock (once every holder in this process has released it)."""
        self._holders -= 1
        if self._holders > 0 or self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.pop(self.path, None)
        # Remove the file while still holding it, then unlock: a process that opened the old
        # file meanwhile sees that it is gone and starts again on a new one.
        with contextlib.suppress(OSError):
            if _same_file(self.path, fd):
                self.path.unlink()
        os.close(fd)

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


_HELD: dict[Path, DraftLock] = {}
"""The locks this process holds: a second editor on the same record shares its lock."""


def _same_file(path: Path, fd: int) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _read_owner(path: Path, attempts: int = 5) -> LockOwner | None:
    """The owner written in a lock file (retrying briefly while its owner is writing it)."""
    for _ in range(attempts):
        with contextlib.suppress(OSError):
            owner = _owner_from(path.read_text(encoding="utf-8"))
            if owner is not None:
                return owner
        time.sleep(0.02)
    return None


class DraftLocks:
    """The lock files of one drafts folder."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else state_dir() / "drafts"

    def path_for(self, profile: str, sandbox: str, kind: str, record_id: str) -> Path:
        name = draft_file_name(profile, sandbox, kind, record_id)
        return self.root / (name.removesuffix(DRAFT_SUFFIX) + LOCK_SUFFIX)

    def acquire(self, profile: str, sandbox: str, kind: str, record_id: str) -> DraftLock:
        """Take the record's lock; raises DraftLockedError when another live process holds it."""
        path = self.path_for(profile, sandbox, kind, record_id)
        held = _HELD.get(path)
        if held is not None and held.held:
            held._holders += 1
            return held
        ensure_private_dir(self.root)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
            try:
                if not self._lock(fd, path):
                    raise DraftLockedError(_read_owner(path))
                if not _same_file(path, fd):
                    os.close(fd)  # released and removed while we waited: try the new file
                    continue
                owner = _me()
                os.fchmod(fd, PRIVATE_FILE_MODE)
                os.ftruncate(fd, 0)
                os.pwrite(fd, json.dumps(asdict(owner)).encode("utf-8"), 0)
                os.fsync(fd)
            except BaseException:
                os.close(fd)
                raise
            lock = DraftLock(path, fd, owner)
            _HELD[path] = lock
            return lock

    @staticmethod
    def _lock(fd: int, path: Path) -> bool:
        """flock the file; where flock is missing, judge the recorded owner by its pid."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                raise
        owner = _read_owner(path, attempts=1)
        if owner is None or owner.pid == os.getpid():
            return True
        return not process_alive(owner.pid, owner.started)

    def holder(self, profile: str, sandbox: str, kind: str, record_id: str) -> LockOwner | None:
        """Who else has this record open in an editor now; None if nobody (or only us)."""
        path = self.path_for(profile, sandbox, kind, record_id)
        held = _HELD.get(path)
        if held is not None and held.held:
            return None
        try:
            lock = self.acquire(profile, sandbox, kind, record_id)
        except DraftLockedError as locked:
            return locked.owner or LockOwner(0, "?", time.time())
        except OSError:
            return None  # a folder we cannot write: no editor can hold a lock there either
        lock.release()
        return None
