"""Cold start, black-box: a process in a pseudo-terminal at 80x24, timed to its first frame
with records (the first record's name in the bytes written to the terminal).

``flowtui --demo`` against the anchor, a bare Textual app (header, ``DataTable``, footer) that
shows the same first rows read from a file: what any Textual app pays before it draws.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZE = (80, 24)


def first_frame_s(
    command: list[str], marker: bytes, env: dict[str, str], timeout: float = 30
) -> float:
    """Seconds from spawning ``command`` in a pty until ``marker`` has been written."""
    from benchmarks.terminal_keys import Terminal

    terminal = Terminal(command, env)
    try:
        terminal.read_until(marker, 0, timeout=timeout)
        return time.perf_counter() - terminal.started
    finally:
        terminal.close()


def demo_first_rows() -> list[dict[str, Any]]:
    """The first page ``flowtui --demo`` shows (same emulator, same order)."""
    import asyncio

    from flowtui.api.kinds import KINDS
    from flowtui.demo import DEMO_RECORDS, emulator_session

    async def first_page() -> list[dict[str, Any]]:
        session = emulator_session(records=DEMO_RECORDS)
        async for page in session.client.list_pages(KINDS[0]):
            await session.client.aclose()
            return page.records
        return []

    return asyncio.run(first_page())


def compile_like_an_install() -> None:
    """Byte-compile flowtui and the anchor, as ``pip install`` does: Textual's modules come
    compiled, and under ``PYTHONDONTWRITEBYTECODE`` (or a read-only checkout) an editable
    flowtui would be compiled from source at every start, which no installed copy is."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in (root / "flowtui", root / "benchmarks"):
        compileall.compile_dir(folder, quiet=1)


def measure(runs: int) -> dict[str, list[float]]:
    """Alternating runs of the bare app and flowtui; seconds to the first frame with records."""
    from benchmarks.pane import row_of

    compile_like_an_install()

    records = demo_first_rows()
    rows = [row_of(record) for record in records]
    marker = rows[0][0][:12].encode()
    folder = Path(tempfile.mkdtemp(prefix="flowtui-bench-"))
    rows_file = folder / "rows.json"
    rows_file.write_text(json.dumps(rows), encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(SIZE[0]),
        "LINES": str(SIZE[1]),
        "FLOWTUI_STATE_DIR": str(folder / "state"),
        "FLOWTUI_CONFIG_DIR": str(folder / "config"),
        "FLOWTUI_CACHE_DIR": str(folder / "cache"),
    }
    env.pop("NO_COLOR", None)
    bare = [sys.executable, "-m", "benchmarks.bare_app", str(rows_file)]
    flowtui = [sys.executable, "-m", "flowtui", "--demo"]
    times: dict[str, list[float]] = {"bare": [], "flowtui": []}
    for _ in range(runs):
        times["bare"].append(first_frame_s(bare, marker, env))
        times["flowtui"].append(first_frame_s(flowtui, marker, env))
    return times
