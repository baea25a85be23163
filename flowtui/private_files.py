"""Private, atomic file writes: what drafts, the audit log and the token cache are stored with.

Imports nothing from flowtui, so every layer (the wire included) may use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by its owner only, and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    with contextlib.suppress(OSError):
        path.chmod(PRIVATE_DIR_MODE)
    return path


def write_private(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` atomically, mode 0600.

    Writes a temporary file beside it, fsyncs, then renames: a crash leaves the old file or the
    new one, never half of either. The file is never readable by others, not even briefly.
    """
    ensure_private_dir(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def append_private(path: Path, line: str) -> None:
    """Append one line to ``path`` (created 0600), flushed to disk before returning.

    A line torn by an earlier crash is closed first, so it never swallows this one.
    """
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        text = line.rstrip("\n") + "\n"
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            text = "\n" + text
        data = memoryview(text.encode("utf-8"))
        while data:  # a write may be short: finish the line
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
