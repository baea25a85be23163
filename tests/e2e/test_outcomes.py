"""Honest outcomes against a misbehaving service: only a 2xx that changed the record is success.

A transport in front of the emulator makes one write misbehave: a 302 or 304 instead of an
answer, a timeout or a reset before or after the emulator applied it, a 504 from a gateway. The
submit must then say applied (audited, draft cleared), not applied (edit kept) or unknown (edit
kept as a draft, reload first), and never report a change that did not happen.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import AsyncIterator
from typing import Any, Literal

import httpx
import pytest

from flowtui.api import NO_RETRY, FlowServiceClient, FlowServiceError
from flowtui.api.kinds import CONNECTIONS, FLOW_SPECS, FLOWS
from flowtui.demo import demo_settings
from flowtui.edits.editing import EditSession
from flowtui.edits.submission import OutcomeKind, run_flow_action, submit, submit_edit
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.flow_toggle import FlowToggleModal
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import settle
from tests.tui_edit.host import FLOW_ID, FLOW_SPEC_ID, EditorHost, editor_of, replace_text

Fault = Literal[
    "302", "304", "timeout-before", "timeout-after", "reset-before", "reset-after", "504-after"
]
SIZE = (80, 24)


class MisbehavingService(httpx.AsyncBaseTransport):
    """The emulator behind a link that spoils the next write (PATCH, PUT or POST) as told."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.fault: Fault | None = None
        self.after_apply: Any = None
        """Called after the emulator applied the spoiled write (to change the record again)."""
        self.writes_seen = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.fault
        is_write = request.method in ("PATCH", "PUT", "POST") and "/ims/" not in request.url.path
        if fault is None or not is_write:
            return await self.inner.handle_async_request(request)
        self.fault = None
        self.writes_seen += 1
        if fault == "302":
            return httpx.Response(
                302, headers={"Location": "https://login.example/sso"}, text="<html>moved</html>"
            )
        if fault == "304":
            return httpx.Response(304)
        if fault == "timeout-before":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "reset-before":
            raise httpx.ReadError("connection reset by peer", request=request)
        answer = await self.inner.handle_async_request(request)
        await answer.aread()
        if self.after_apply is not None:
            self.after_apply()
        if fault == "timeout-after":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "reset-after":
            raise httpx.RemoteProtocolError("connection reset by peer", request=request)
        return httpx.Response(504, text="<html>Gateway Timeout</html>")


@pytest.fixture
def link(emulator_app: Any) -> MisbehavingService:
    return MisbehavingService(httpx.ASGITransport(app=emulator_app))


@pytest.fixture
async def session(link: MisbehavingService) -> AsyncIterator[Session]:
    """An unprotected prod session through the misbehaving link, with no retries."""
    settings = dataclasses.replace(demo_settings(), retry=NO_RETRY)
    client = FlowServiceClient(settings, transport=link)
    yield Session(client, "demo", settings.org_id, "prod", protected_sandboxes=frozenset())
    await client.aclose()


async def renamed(session: Session, name: str = "Renamed") -> tuple[EditSession, Any]:
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    edit = EditSession(CONNECTIONS, record)
    text = edit.initial_text().replace(f'"name": "{record["name"]}"', f'"name": "{name}"', 1)
    state = edit.evaluate(text)
    assert state.submittable, state
    return edit, state


def stored(
    emulator_app: Any, kind: str = "connections", record_id: str = SALESFORCE_CONNECTION_ID
) -> Any:
    return emulator_app.store.get("prod", kind, record_id)


# --- the outcome of a PATCH -----------------------------------------------------------------


@pytest.mark.parametrize("fault", ["302", "304", "timeout-before", "reset-before"])
async def test_a_patch_that_never_applied_is_not_applied_and_not_audited(
    session: Session, link: MisbehavingService, emulator_app: Any, fault: Fault
) -> None:
    edit, state = await renamed(session)
    etag = edit.base_etag
    link.fault = fault
    outcome = await submit(session, edit, state)
    assert link.writes_seen == 1
    assert outcome.kind is OutcomeKind.NOT_APPLIED, outcome.message
    assert outcome.submitted is None
    assert "Not applied" in outcome.message and "unchanged" in outcome.message
    assert stored(emulator_app)["etag"] == etag and stored(emulator_app)["name"] != "Renamed"
    assert AuditLog().entries() == []


@pytest.mark.parametrize("fault", ["timeout-after", "reset-after", "504-after"])
async def test_a_patch_applied_behind_a_lost_answer_is_applied_audited_and_undoable(
    session: Session, link: MisbehavingService, emulator_app: Any, fault: Fault
) -> None:
    edit, state = await renamed(session)
    link.fault = fault
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.APPLIED, outcome.message
    now = stored(emulator_app)
    assert now["name"] == "Renamed" and now["etag"] != edit.base_etag
    assert outcome.submitted is not None and outcome.submitted.etag == now["etag"]
    assert "re-reading shows your edit applied" in (outcome.submitted.warning or "")
    (entry,) = AuditLog().entries()
    assert (entry.etag_before, entry.etag_after) == (edit.base_etag, now["etag"])
    assert entry.undo_ops == [{"op": "replace", "path": "/name", "value": "E2E_SF Base_Connection"}]


async def test_a_lost_answer_on_a_record_someone_else_changed_is_unknown(
    session: Session, link: MisbehavingService, emulator_app: Any
) -> None:
    edit, state = await renamed(session)

    def someone_else_renames() -> None:
        other = copy.deepcopy(stored(emulator_app))
        other["name"] = "Theirs"
        other["etag"] = '"theirs-0001"'
        emulator_app.store.replace("prod", "connections", other)

    link.fault = "timeout-after"
    link.after_apply = someone_else_renames
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.UNKNOWN, outcome.message
    assert "reload the record before retrying" in outcome.message
    assert outcome.submitted is None and AuditLog().entries() == []


async def test_a_lost_answer_and_a_failed_re_read_is_unknown(
    session: Session, link: MisbehavingService, emulator_app: Any
) -> None:
    edit, state = await renamed(session)
    link.fault = "timeout-before"
    emulator_app.config.fail_rate = 1.0  # the re-read fails too
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.UNKNOWN, outcome.message
    assert "Re-reading" in outcome.message and "kept as a draft" in outcome.message
    assert AuditLog().entries() == []


async def test_a_definite_refusal_is_not_applied_without_a_re_read(
    session: Session, emulator_app: Any
) -> None:
    edit, state = await renamed(session)
    broken = copy.deepcopy(stored(emulator_app))
    broken["etag"] = '"moved-on"'
    emulator_app.store.replace("prod", "connections", broken)
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.NOT_APPLIED and outcome.stale
    assert outcome.error is not None and outcome.error.status == 412


# --- spec PUTs and flow actions -------------------------------------------------------------


async def spec_edit(session: Session) -> tuple[EditSession, Any]:
    spec = await session.client.get(FLOW_SPECS, FLOW_SPEC_ID)
    edit = EditSession(FLOW_SPECS, spec)
    text = edit.initial_text().replace(f'"name": "{spec["name"]}"', '"name": "Respecced"', 1)
    state = edit.evaluate(text)
    assert state.submittable, state
    return edit, state


@pytest.mark.parametrize("fault", ["302", "304", "timeout-before"])
async def test_a_spec_put_that_never_applied_is_not_applied(
    session: Session, link: MisbehavingService, emulator_app: Any, fault: Fault
) -> None:
    edit, state = await spec_edit(session)
    link.fault = fault
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.NOT_APPLIED, outcome.message
    assert stored(emulator_app, "flowSpecs", FLOW_SPEC_ID)["name"] != "Respecced"
    assert AuditLog().entries() == []


async def test_a_spec_put_applied_behind_a_timeout_is_applied_and_audited(
    session: Session, link: MisbehavingService, emulator_app: Any
) -> None:
    edit, state = await spec_edit(session)
    link.fault = "timeout-after"
    outcome = await submit(session, edit, state)
    assert outcome.kind is OutcomeKind.APPLIED, outcome.message
    (entry,) = AuditLog().entries()
    assert entry.method == "PUT" and entry.previous_body is not None


async def test_submit_edit_never_reports_a_302_as_saved(
    session: Session, link: MisbehavingService
) -> None:
    edit, state = await renamed(session)
    link.fault = "302"
    with pytest.raises(FlowServiceError):
        await submit_edit(session, edit, state)
    assert AuditLog().entries() == []


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("302", OutcomeKind.NOT_APPLIED),
        ("timeout-before", OutcomeKind.NOT_APPLIED),
        ("timeout-after", OutcomeKind.APPLIED),
        ("504-after", OutcomeKind.APPLIED),
    ],
)
async def test_a_flow_action_gets_the_same_three_outcomes(
    session: Session,
    link: MisbehavingService,
    emulator_app: Any,
    fault: Fault,
    expected: OutcomeKind,
) -> None:
    flow = await session.client.get(FLOWS, FLOW_ID)
    op = "disable" if flow["state"] == "enabled" else "enable"
    link.fault = fault
    outcome = await run_flow_action(session, flow, op)
    assert outcome.kind is expected, outcome.message
    entries = AuditLog().entries()
    if expected is OutcomeKind.APPLIED:
        assert stored(emulator_app, "flows", FLOW_ID)["state"] == f"{op}d"
        assert [e.method for e in entries] == ["ACTION"]
    else:
        assert stored(emulator_app, "flows", FLOW_ID)["state"] == flow["state"]
        assert entries == []


# --- what the person sees -------------------------------------------------------------------


async def open_review(pilot: Any) -> None:
    await settle(pilot)
    replace_text(editor_of(pilot), "E2E_SF Base_Connection", "Renamed")
    await pilot.pause(0.7)  # the draft is written
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewModal)


async def test_a_302_keeps_the_edit_the_draft_and_writes_no_audit_entry(
    session: Session, link: MisbehavingService
) -> None:
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditorHost(session, CONNECTIONS, record)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        link.fault = "302"
        await pilot.press("y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert not any(m.startswith("Saved") for m in messages), messages
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Not applied" in text
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert '"name": "Renamed"' in editor_of(pilot).text
    assert AuditLog().entries() == []
    draft = DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert draft is not None and '"name": "Renamed"' in draft.text


async def test_an_unknown_outcome_keeps_the_edit_as_a_draft_and_says_reload(
    session: Session, link: MisbehavingService, emulator_app: Any
) -> None:
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditorHost(session, CONNECTIONS, record)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        link.fault = "timeout-before"
        emulator_app.config.fail_rate = 1.0
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        unknown = [n for n in app._notifications if n.title == "Outcome unknown"]
        assert unknown and "reload the record before retrying" in unknown[0].message
    assert AuditLog().entries() == []
    draft = DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert draft is not None and '"name": "Renamed"' in draft.text


async def test_an_answer_lost_after_apply_is_saved_with_undo_and_the_draft_cleared(
    session: Session, link: MisbehavingService
) -> None:
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditorHost(session, CONNECTIONS, record)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        link.fault = "timeout-after"
        await pilot.press("y")
        await settle(pilot)
        assert app.result is not None and app.result["name"] == "Renamed"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Saved") for m in messages), messages
        assert any("re-reading shows your edit applied" in m for m in messages), messages
    assert len(AuditLog().entries()) == 1
    assert DraftStore().find("demo", "prod", "connections", SALESFORCE_CONNECTION_ID) is None


async def test_a_flow_toggle_answered_302_stays_open_and_says_not_applied(
    session: Session, link: MisbehavingService, emulator_app: Any
) -> None:
    from textual.app import App

    flow = await session.client.get(FLOWS, FLOW_ID)
    results: list[Any] = []

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.session = session

        def on_mount(self) -> None:
            self.push_screen(FlowToggleModal(session, flow), results.append)

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        link.fault = "302"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FlowToggleModal)
        text = str(app.screen.query_one("#toggle-error").render())
        assert "Not applied" in text
    assert results == []
    assert stored(emulator_app, "flows", FLOW_ID)["state"] == flow["state"]
    assert AuditLog().entries() == []
