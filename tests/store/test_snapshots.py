"""How the History view and the draft offer look at 80x24 (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flowtui.store.audit import AuditLog
from flowtui.tui.screens.draft_restore import DraftRestoreModal
from flowtui.tui.screens.history import HistoryScreen
from tests.pilot import HostApp

from .test_draft_restore_modal import SAVED_AT, make_draft
from .test_history_screen import make_entry

SIZE = (80, 24)


def test_history_view(snap_compare: Any, tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    for n in (1, 2, 3):
        audit.append(make_entry(n))
    audit.append(
        make_entry(
            4,
            kind="flowSpecs",
            method="PUT",
            etag_before=None,
            etag_after=None,
            name="RestStorageToAEP",
            undo_ops=None,
            previous_body={"name": "RestStorageToAEP"},
        )
    )
    assert snap_compare(HostApp(lambda: HistoryScreen(audit)), terminal_size=SIZE)


def test_draft_offer_for_a_record_changed_on_the_server(snap_compare: Any) -> None:
    app = HostApp(lambda: DraftRestoreModal(make_draft(), True, now=SAVED_AT + 180))
    assert snap_compare(app, terminal_size=SIZE)


def test_draft_offer_asking_before_discard(snap_compare: Any) -> None:
    app = HostApp(lambda: DraftRestoreModal(make_draft(), False, now=SAVED_AT + 7200))
    assert snap_compare(app, terminal_size=SIZE, press=["d"])
