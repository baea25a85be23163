"""Drafts across app lifetimes: torn down mid-edit, offered at the next start, restored, submitted.

The pieces are the real ones (EditorScreen, ReviewModal, StaleRecordScreen, the emulator); the
host app starts the offer the way FlowTUI does at start-up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import TextArea

from flowtui.api.kinds import CONNECTIONS
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from flowtui.tui.screens.draft_restore import (
    DraftRestoreModal,
    offer_draft_of,
    offer_pending_drafts,
)
from flowtui.tui.screens.editor import EditorScreen

SIZE = (80, 24)


class EditingApp(App[None]):
    """Opens the editor on a record, as the record view does on ``e``."""

    def __init__(self, session: Session, record: dict[str, Any], store: DraftStore) -> None:
        super().__init__()
        self.session = session
        self.record = record
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(self.session, CONNECTIONS, self.record, drafts=self.store))


class StartingApp(App[None]):
    """Offers pending drafts at start, as FlowTUI does."""

    def __init__(self, session: Session, store: DraftStore) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.answers: list[Any] = []

    def on_mount(self) -> None:
        self.run_worker(self.offer(), name="offer-drafts")

    async def offer(self) -> None:
        self.answers = await offer_pending_drafts(self, self.session, self.store)


@pytest.fixture
async def session(emulator_app: Any) -> AsyncIterator[Session]:
    """Prod without protection, so ``y`` alone submits (the protected path is tested elsewhere)."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app, protected_sandboxes=frozenset())
    yield made
    await made.client.aclose()


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


async def until(pilot: Pilot[Any], check: Any, what: str, tries: int = 100) -> None:
    """Pause until ``check()`` holds: workers and timers run between pauses."""
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def location_of(text: str, index: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea locations are given."""
    before = text[:index]
    return before.count("\n"), index - (before.rfind("\n") + 1)


def editor_text(app: App[Any]) -> str:
    return app.screen.query_one("#editor-text", TextArea).text


async def leave_a_draft(session: Session, store: DraftStore, new_name: str) -> None:
    """Rename the connection in the editor, wait for the draft, then tear the app down."""
    record = await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)
    app = EditingApp(session, record, store)
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot,
            lambda: not app.screen.query_one("#editor-text", TextArea).read_only,
            "the editor takes keys",
        )
        editor = app.screen.query_one("#editor-text", TextArea)
        old = "E2E_SF Base_Connection"
        index = editor.text.index(old)
        editor.replace(
            new_name, location_of(editor.text, index), location_of(editor.text, index + len(old))
        )
        await until(
            pilot,
            lambda: (
                store.find(session.profile, "prod", "connections", SALESFORCE_CONNECTION_ID)
                is not None
            ),
            "the draft is saved",
        )
    # The app is gone without submitting or leaving the editor: the draft stays.
    draft = store.find(session.profile, "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert draft is not None and f'"name": "{new_name}"' in draft.text


async def test_draft_left_by_a_torn_down_app_is_restored_and_submitted(
    session: Session, store: DraftStore, emulator_app: Any
) -> None:
    first_etag = (await session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID))["etag"]
    await leave_a_draft(session, store, "Renamed at 2am")

    app = StartingApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftRestoreModal), "the offer")
        assert isinstance(app.screen, DraftRestoreModal)
        assert app.screen.changed_on_server is False
        await pilot.press("r")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditorScreen) and '"Renamed at 2am"' in editor_text(app),
            "the editor on the draft",
        )
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewModal", "the review")
        await pilot.press("y")
        await until(
            pilot,
            lambda: (
                not isinstance(app.screen, EditorScreen)
                and type(app.screen).__name__ != "ReviewModal"
            ),
            "the submit",
        )
    assert (
        emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
        == "Renamed at 2am"
    )
    assert store.find(session.profile, "prod", "connections", SALESFORCE_CONNECTION_ID) is None
    assert [choice for _, choice in app.answers] == ["restore"]
    # The restored edit went out with the etag it began from, and is in the audit log.
    (entry,) = AuditLog().entries()
    assert (entry.record_id, entry.method, entry.etag_before) == (
        SALESFORCE_CONNECTION_ID,
        "PATCH",
        first_etag,
    )
    assert entry.ops == [{"op": "replace", "path": "/name", "value": "Renamed at 2am"}]


async def test_draft_of_a_record_changed_meanwhile_leads_to_the_conflict_view(
    session: Session, store: DraftStore, emulator_app: Any
) -> None:
    await leave_a_draft(session, store, "Mine")
    emulator_app.store.touch(
        "prod", "connections", SALESFORCE_CONNECTION_ID, {"description": "theirs"}
    )

    app = StartingApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftRestoreModal), "the offer")
        assert isinstance(app.screen, DraftRestoreModal)
        assert app.screen.changed_on_server is True
        await pilot.press("r")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditorScreen) and '"Mine"' in editor_text(app),
            "the editor on the draft",
        )
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewModal", "the review")
        await pilot.press("y")
        await until(
            pilot, lambda: type(app.screen).__name__ == "StaleRecordScreen", "the conflict view"
        )
    stored = emulator_app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)
    assert stored["name"] == "E2E_SF Base_Connection" and stored["description"] == "theirs"
    # Nothing was lost: the draft is still on disk.
    draft = store.find(session.profile, "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert draft is not None and '"Mine"' in draft.text


@pytest.mark.parametrize(
    ("keys", "kept"),
    [(("escape",), True), (("d", "d"), False)],
    ids=["later-keeps", "discard-deletes"],
)
async def test_later_keeps_the_draft_and_discard_deletes_it(
    session: Session, store: DraftStore, keys: tuple[str, ...], kept: bool
) -> None:
    await leave_a_draft(session, store, "Maybe")
    app = StartingApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftRestoreModal), "the offer")
        await pilot.press(*keys)
        await until(pilot, lambda: bool(app.answers), "the answer")
    found = store.find(session.profile, "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert (found is not None) is kept


async def test_nothing_is_offered_without_drafts(session: Session, store: DraftStore) -> None:
    app = StartingApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, DraftRestoreModal)
    assert app.answers == []


class RecordApp(App[None]):
    """Asks about a record's draft before editing it, as the record view's ``e`` does."""

    def __init__(self, session: Session, store: DraftStore) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.choices: list[Any] = []

    def on_mount(self) -> None:
        self.run_worker(self.edit(), name="edit")

    async def edit(self) -> None:
        self.choices.append(
            await offer_draft_of(
                self, self.session, "connections", SALESFORCE_CONNECTION_ID, self.store
            )
        )


async def test_opening_a_record_with_a_draft_offers_it_first(
    session: Session, store: DraftStore
) -> None:
    await leave_a_draft(session, store, "Pending")
    app = RecordApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftRestoreModal), "the offer")
        await pilot.press("r")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditorScreen) and '"Pending"' in editor_text(app),
            "the editor on the draft",
        )
    assert app.choices == ["restore"]


async def test_a_record_without_a_draft_offers_nothing(session: Session, store: DraftStore) -> None:
    app = RecordApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.choices == [None]
