"""Regenerate screenshots/*.svg (the README's pictures) from the demo app at 80x24.

Run from the repository root: ``python scripts/make_screenshots.py``. Deterministic: the drafts go
to a temporary state folder, and the one record changed "by a colleague" gets fixed service fields.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import TextArea  # noqa: E402

from flowtui.demo import DEMO_RECORDS, emulator_session  # noqa: E402
from flowtui.emulator import EmulatorApp, EmulatorConfig, create_app  # noqa: E402

SIZE = (80, 24)
CONNECTION_ID = "139f6a5f-a78b-4744-9f6a-5fa78bd74431"
# The newest failed run of "Daily audience export to Amazon S3" (the README's worked example); the
# demo's runs come from a seeded generator, so the id is the same on every start.
FAILED_RUN_ID = "ade61853-b0c7-44c7-b19c-138912a08f9a"
FIXED_ETAG = '"2a00f00d-0000-0200-0000-6560000a0000"'
FIXED_UPDATED_AT = 1700000000000


def demo_emulator() -> EmulatorApp:
    """The emulator `flowtui --demo` runs: the seed records and the same generated ones."""
    return create_app(EmulatorConfig(records=DEMO_RECORDS))


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds; a script that hangs helps nobody."""
    for _ in range(500):
        if condition():
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise SystemExit(f"make_screenshots: never reached {what}")


def replace_text(editor: TextArea, old: str, new: str) -> None:
    """Replace the first ``old`` with ``new`` through the TextArea's edit API, as typing would."""
    text = editor.text
    start = text.index(old)

    def location(index: int) -> tuple[int, int]:
        row = text.count("\n", 0, index)
        return row, index - (text.rfind("\n", 0, index) + 1)

    editor.replace(new, location(start), location(start + len(old)))


def save(pilot: Pilot[Any], out: Path, name: str) -> None:
    pilot.app.save_screenshot(f"{name}.svg", str(out))
    print(f"wrote {out / (name + '.svg')}")


async def main_screen(out: Path) -> None:
    from flowtui.tui.app import FlowTUI
    from flowtui.tui.screens.main import MainScreen

    app = FlowTUI(emulator_session(demo_emulator()))
    async with app.run_test(size=SIZE) as pilot:

        def loaded() -> bool:
            screen = app.screen
            if not isinstance(screen, MainScreen):
                return False
            pane = screen.current_pane
            return pane.started and not pane.is_loading

        await wait_until(pilot, loaded, "the flows pane loaded")
        save(pilot, out, "main")
    await app.session.client.aclose()


async def editing_screens(out: Path) -> None:
    """Record, editor with a JSON error, review of a rename, 412 after a colleague's change."""
    from flowtui.tui.app import FlowTUI
    from flowtui.tui.screens.editor import EditorScreen
    from flowtui.tui.screens.record import RecordScreen
    from flowtui.tui.widgets.json_view import JsonText

    emulator = demo_emulator()
    app = FlowTUI(emulator_session(emulator), start=("connections", CONNECTION_ID))
    async with app.run_test(size=SIZE) as pilot:

        def record_shown() -> bool:
            screen = app.screen
            return isinstance(screen, RecordScreen) and bool(screen.query(JsonText))

        await wait_until(pilot, record_shown, "the Salesforce connection")
        view = app.screen.query_one(JsonText)
        line = next(i for i, row in enumerate(view.text.splitlines()) if '"password"' in row)
        view.move_cursor((line, 0), center=True)
        await pilot.pause(0.3)
        save(pilot, out, "record")

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen), "the editor")
        editor = app.screen.query_one("#editor-text", TextArea)
        replace_text(editor, '"state": "enabled",', '"state": "enabled",,')
        await pilot.pause(0.8)  # past the draft delay, so the status line has settled
        error_row = next(i for i, row in enumerate(editor.text.splitlines()) if ",," in row)
        editor.cursor_location = (error_row, len(editor.text.splitlines()[error_row]))
        await pilot.pause(0.3)
        save(pilot, out, "editor_error")

        replace_text(editor, '"state": "enabled",,', '"state": "enabled",')
        replace_text(editor, "E2E_SF Base_Connection", "Renamed at 2 a.m.")
        await pilot.pause(0.8)
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "ReviewModal", "the review modal"
        )
        save(pilot, out, "review")

        emulator.store.touch("prod", "connections", CONNECTION_ID, {"description": "colleague"})
        record = emulator.store.find("prod", "connections", CONNECTION_ID)
        assert record is not None
        record.update(etag=FIXED_ETAG, version=FIXED_ETAG, updatedAt=FIXED_UPDATED_AT)
        # prod is protected in the demo: its name is typed to confirm, then enter submits.
        app.screen.query_one("#review-sandbox").focus()
        await pilot.press(*"prod", "enter")
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "StaleRecordScreen", "the 412 screen"
        )
        await pilot.pause(0.3)
        save(pilot, out, "stale")
    await app.session.client.aclose()


async def failed_run_screen(out: Path) -> None:
    """The run the worked example starts from: its status, metrics and the error that says why."""
    from flowtui.tui.app import FlowTUI
    from flowtui.tui.screens.record import RecordScreen
    from flowtui.tui.widgets.json_view import JsonText

    app = FlowTUI(emulator_session(demo_emulator()), start=("runs", FAILED_RUN_ID))
    async with app.run_test(size=SIZE) as pilot:

        def run_shown() -> bool:
            screen = app.screen
            return isinstance(screen, RecordScreen) and bool(screen.query(JsonText))

        await wait_until(pilot, run_shown, "the failed run")
        await pilot.pause(0.3)
        save(pilot, out, "failed_run")
    await app.session.client.aclose()


async def make_all(out: Path) -> None:
    await main_screen(out)
    # Before the editing screens: their 412 leaves a draft, which the next start would offer first.
    await failed_run_screen(out)
    await editing_screens(out)


def main() -> int:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="flowtui-shots-") as state:
        os.environ["FLOWTUI_STATE_DIR"] = state
        os.environ.pop("NO_COLOR", None)
        asyncio.run(make_all(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
