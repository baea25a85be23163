"""How the editing screens look at 80x24: editor with a JSON error, review, the 412 screen."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot

from flowtui.api.kinds import CONNECTIONS
from flowtui.demo import emulator_session
from flowtui.emulator import create_app
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.tui.screens.editor import EditorScreen
from tests.pilot import settle
from tests.tui_edit.host import editor_of, replace_text

FIXED_ETAG = '"2a00f00d-0000-0200-0000-6560000a0000"'


class SnapshotHost(App[None]):
    """Fetches the seed connection in its own loop (snapshots run the app in a fresh one)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    async def on_mount(self) -> None:
        record = await self.session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
        await self.push_screen(EditorScreen(self.session, CONNECTIONS, record))


def host(protected: bool = False) -> tuple[SnapshotHost, Any]:
    emulator = create_app()
    protection = frozenset({"prod"}) if protected else frozenset()
    return SnapshotHost(emulator_session(emulator, protected_sandboxes=protection)), emulator


async def rename(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Renamed at 2 a.m.")
    replace_text(editor_of(pilot), '"password": "********"', '"password": "n3w-s3cret"')
    await pilot.pause(0.8)  # past the draft delay, so "draft saved" is always in the picture


def test_editor_with_a_json_error(snap_compare: Any) -> None:
    app, _ = host()

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        replace_text(editor_of(pilot), '"state": "enabled",', '"state": "enabled",,')
        await pilot.pause(0.8)
        editor_of(pilot).cursor_location = (14, 22)
        await pilot.pause(0.1)

    assert snap_compare(app, run_before=run_before)


def test_review_modal(snap_compare: Any) -> None:
    app, _ = host(protected=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await rename(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before)


def test_stale_record_screen(snap_compare: Any) -> None:
    app, emulator = host()

    async def run_before(pilot: Pilot[Any]) -> None:
        await rename(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        emulator.store.touch(
            "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "colleague"}
        )
        # Fixed service fields, so the picture does not depend on the clock.
        record = emulator.store.find("prod", "connections", SALESFORCE_CONNECTION_ID)
        record.update(etag=FIXED_ETAG, version=FIXED_ETAG, updatedAt=1700000000000)
        await pilot.press("y")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before)
