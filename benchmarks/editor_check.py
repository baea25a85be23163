"""What a keystroke costs in the editor: parse, diff, guards and validation, and the cursor path.

Run: .venv/bin/python benchmarks/editor_check.py [lines]
Checks run after 150 ms of quiet typing; this prints how long one check takes on the seed
records and on a synthetic spec of about ``lines`` lines (default 10,000).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, KINDS
from flowtui.demo import emulator_session
from flowtui.edits.editing import EditSession
from flowtui.patching import pointer_for_line


def timed(run: Any, repeat: int = 20) -> float:
    """Median milliseconds of ``run()``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def big_spec(lines: int) -> dict[str, Any]:
    properties = {
        f"field{i}": {"type": "string", "description": f"Field number {i}"}
        for i in range(max(1, lines // 5))
    }
    return {
        "id": "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55",
        "name": "Synthetic",
        "providerId": "0ed90a81-07f4-4586-8190-b40eccef1c5a",
        "version": "1.0",
        "authSpec": [{"name": "Basic", "type": "Basic", "spec": {"properties": properties}}],
    }


async def main(lines: int) -> None:
    session = emulator_session()
    print(f"{'record':40} {'lines':>6} {'check ms':>9} {'cursor ms':>9}")
    records: list[tuple[Any, dict[str, Any], dict[str, Any] | None]] = []
    for kind in KINDS:
        for summary in await session.client.list_all(kind):
            record = await session.client.get(kind, summary["id"])
            spec = None
            if kind is CONNECTIONS:
                spec = await session.client.get(CONNECTION_SPECS, record["connectionSpec"]["id"])
            records.append((kind, record, spec))
    records.append((CONNECTION_SPECS, big_spec(lines), None))
    for kind, record, spec in records:
        edit = EditSession(kind, record, connection_spec=spec)
        doc = json.loads(edit.initial_text())
        doc["description"] = "edited"
        text = json.dumps(doc, indent=2)
        last = text.count("\n")
        check = timed(lambda edit=edit, text=text: edit.evaluate(text))
        cursor = timed(lambda text=text, last=last: pointer_for_line(text, last))
        name = f"{kind.name}/{record.get('name')}"[:40]
        print(f"{name:40} {last + 1:>6} {check:>9.2f} {cursor:>9.2f}")
    await session.client.aclose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
