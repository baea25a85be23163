"""Draft autosave keeps its promise: continuous typing loses at most a second, tested on a fake
clock (no sleeping), and the draft file follows the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowtui.api.kinds import CONNECTIONS
from flowtui.demo import emulator_session
from flowtui.edits.autosave import DRAFT_DELAY, DRAFT_MAX_WAIT, DraftAutosave
from flowtui.edits.editing import EditSession
from flowtui.session import Session
from flowtui.store.drafts import DraftStore

RECORD = {"id": "c-1", "name": "Salesforce", "etag": '"1"', "auth": {"params": {}}}


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session() -> Session:
    return emulator_session()


def make_autosave(session: Session, tmp_path: Path, clock: FakeClock) -> DraftAutosave:
    return DraftAutosave(
        session, CONNECTIONS.name, DraftStore(tmp_path), clock=clock, wall_clock=clock
    )


def test_continuous_typing_is_written_within_a_second_of_its_first_change(
    session: Session, tmp_path: Path
) -> None:
    clock = FakeClock()
    autosave = make_autosave(session, tmp_path, clock)
    edit = EditSession(CONNECTIONS, RECORD)
    pending: float | None = None  # when the editor's (re-armed) timer fires
    first_unsaved: float | None = None
    losses = []
    for key in range(600):  # a key every 0.01 s for six seconds, never a pause
        if pending is not None and clock.now >= pending:  # the timer fired: the draft is written
            assert first_unsaved is not None
            losses.append(pending - first_unsaved)
            autosave.write(edit, f"text {key}", "start", holds_secret=False)
            pending = first_unsaved = None
        if first_unsaved is None:
            first_unsaved = clock.now
        pending = clock.now + autosave.changed()
        clock.now += 0.01
    assert len(losses) >= 5
    assert max(losses) <= DRAFT_MAX_WAIT + 1e-9


def test_a_write_starts_the_second_again(session: Session, tmp_path: Path) -> None:
    clock = FakeClock()
    autosave = make_autosave(session, tmp_path, clock)
    autosave.changed()
    clock.now += 0.9
    assert autosave.changed() == pytest.approx(0.1)
    edit = EditSession(CONNECTIONS, RECORD)
    autosave.write(edit, '{"name": "x"}', "start", holds_secret=False)
    clock.now += 5
    assert autosave.changed() == pytest.approx(DRAFT_DELAY)


def test_a_single_change_waits_for_the_typing_pause(session: Session, tmp_path: Path) -> None:
    autosave = make_autosave(session, tmp_path, FakeClock())
    assert autosave.changed() == pytest.approx(DRAFT_DELAY)


def test_the_draft_file_follows_the_text_and_goes_when_it_matches_the_record(
    session: Session, tmp_path: Path
) -> None:
    clock = FakeClock()
    autosave = make_autosave(session, tmp_path, clock)
    store = autosave.store
    edit = EditSession(CONNECTIONS, RECORD)
    note = autosave.write(edit, "changed text", "start text", holds_secret=True)
    assert note == "draft saved (has a credential: 0600, local)"
    draft = store.find(session.profile, session.sandbox, CONNECTIONS.name, "c-1")
    assert draft is not None
    assert (draft.text, draft.base_etag, draft.saved_at) == ("changed text", '"1"', clock.now)
    assert autosave.write(edit, "start text", "start text", holds_secret=False) == ""
    assert store.find(session.profile, session.sandbox, CONNECTIONS.name, "c-1") is None


def test_text_back_at_the_start_never_deletes_a_draft_this_editor_did_not_write(
    session: Session, tmp_path: Path
) -> None:
    autosave = make_autosave(session, tmp_path, FakeClock())
    edit = EditSession(CONNECTIONS, RECORD)
    other = make_autosave(session, tmp_path, FakeClock())
    other.write(edit, "someone's draft", "start", holds_secret=False)
    autosave.write(edit, "start", "start", holds_secret=False)
    assert autosave.store.find(session.profile, session.sandbox, CONNECTIONS.name, "c-1")


def test_a_failed_write_is_a_note_not_an_exception(session: Session, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    autosave = DraftAutosave(session, CONNECTIONS.name, DraftStore(blocker / "drafts"))
    note = autosave.write(EditSession(CONNECTIONS, RECORD), "text", "start", holds_secret=False)
    assert note.startswith("draft NOT saved")
