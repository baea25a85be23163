"""Specs go by PUT after a re-read; flows are enabled or disabled through the action endpoint."""

from __future__ import annotations

from typing import Any

from textual.app import App

from flowtui.api.kinds import FLOW_SPECS, FLOWS
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.tui.screens.flow_toggle import FlowToggleModal
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.screens.stale import StaleRecordScreen
from tests.pilot import settle
from tests.tui_edit.host import (
    FLOW_ID,
    FLOW_SPEC_ID,
    MAILCHIMP_SPEC_ID,
    EditorHost,
    editor_of,
    replace_text,
)

SIZE = (80, 24)


def screen_text(app: Any) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label"))


async def add_mailchimp_to_the_flow_spec(pilot: Any, spec: dict[str, Any]) -> None:
    await settle(pilot)
    existing = spec["sourceConnectionSpecIds"][-1]
    replace_text(editor_of(pilot), f'"{existing}"', f'"{existing}",\n    "{MAILCHIMP_SPEC_ID}"')
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_flow_spec_is_edited_and_put_whole(
    open_session: Session, emulator_app: Any
) -> None:
    spec = await open_session.client.get(FLOW_SPECS, FLOW_SPEC_ID)
    app = EditorHost(open_session, FLOW_SPECS, spec)
    async with app.run_test(size=SIZE) as pilot:
        await add_mailchimp_to_the_flow_spec(pilot, spec)
        assert isinstance(app.screen, ReviewModal)
        text = screen_text(app)
        assert "PUT replaces the whole flow spec" in text
        assert "/sourceConnectionSpecIds/" in text and MAILCHIMP_SPEC_ID in text
        await pilot.press("y")
        await settle(pilot)
        assert app.result is not None
        assert MAILCHIMP_SPEC_ID in app.result["sourceConnectionSpecIds"]
    stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
    assert stored["sourceConnectionSpecIds"] == [
        *spec["sourceConnectionSpecIds"],
        MAILCHIMP_SPEC_ID,
    ]
    assert stored["name"] == spec["name"] and stored["scheduleSpec"] == spec["scheduleSpec"]
    entry = AuditLog().entries()[0]
    assert entry.method == "PUT"
    assert entry.previous_body is not None
    assert MAILCHIMP_SPEC_ID not in entry.previous_body["sourceConnectionSpecIds"]


async def test_a_spec_changed_meanwhile_stops_the_put_and_shows_the_difference(
    open_session: Session, emulator_app: Any
) -> None:
    spec = await open_session.client.get(FLOW_SPECS, FLOW_SPEC_ID)
    app = EditorHost(open_session, FLOW_SPECS, spec)
    async with app.run_test(size=SIZE) as pilot:
        await add_mailchimp_to_the_flow_spec(pilot, spec)
        emulator_app.store.touch("prod", "flowSpecs", FLOW_SPEC_ID, {"version": "1.1"})
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, StaleRecordScreen)
        assert "/version" in screen_text(app) and '"1.1"' in screen_text(app)
        stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
        assert MAILCHIMP_SPEC_ID not in stored["sourceConnectionSpecIds"]
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewModal)
        await pilot.press("y")
        await settle(pilot)
    stored = emulator_app.store.get("prod", "flowSpecs", FLOW_SPEC_ID)
    assert MAILCHIMP_SPEC_ID in stored["sourceConnectionSpecIds"]
    assert stored["version"] == "1.1"


class ToggleHost(App[None]):
    def __init__(self, session: Session, record: dict[str, Any]) -> None:
        super().__init__()
        self.session = session
        self.record = record
        self.result: Any = "pending"

    def on_mount(self) -> None:
        self.push_screen(FlowToggleModal(self.session, self.record), self._done)

    def _done(self, result: Any) -> None:
        self.result = result


async def test_toggling_a_flow_disables_it_after_confirmation(
    open_session: Session, emulator_app: Any
) -> None:
    flow = await open_session.client.get(FLOWS, FLOW_ID)
    assert flow["state"] == "enabled"
    app = ToggleHost(open_session, flow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Disable flow 2021 winter campaign?" in screen_text(app)
        assert app.focused is None, "no button holds enter: enter confirms, esc cancels"
        await pilot.press("y")
        await settle(pilot)
        assert app.result is not None and app.result["state"] == "disabled"
    stored = emulator_app.store.get("prod", "flows", FLOW_ID)
    assert stored["state"] == "disabled" and stored["etag"] != flow["etag"]
    assert AuditLog().entries()[0].method == "ACTION"


async def test_a_toggle_on_a_stale_flow_is_refused_in_the_modal(
    open_session: Session, emulator_app: Any
) -> None:
    flow = await open_session.client.get(FLOWS, FLOW_ID)
    emulator_app.store.touch("prod", "flows", FLOW_ID, {"description": "changed meanwhile"})
    app = ToggleHost(open_session, flow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FlowToggleModal)
        assert "HTTP 412" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.result is None
    assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "enabled"


async def test_toggling_a_flow_in_a_protected_sandbox_needs_its_name(
    emulator_app: Any,
) -> None:
    from flowtui.demo import emulator_session

    session = emulator_session(emulator_app)  # prod is protected
    flow = await session.client.get(FLOWS, FLOW_ID)
    app = ToggleHost(session, flow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "toggle-sandbox"
        await pilot.press("d", "e", "v", "enter")  # the wrong name confirms nothing
        await settle(pilot)
        assert isinstance(app.screen, FlowToggleModal)
        assert emulator_app.store.get("prod", "flows", FLOW_ID)["state"] == "enabled"
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.press("p", "r", "o", "d", "enter")
        await settle(pilot)
        assert app.result is not None and app.result["state"] == "disabled"
    await session.client.aclose()
