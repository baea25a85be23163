"""Drafts and the audit log keep each number's exact text, so a restored draft or an undo never
changes a number the person did not touch."""

from __future__ import annotations

from pathlib import Path

from flowtui.exactjson import ExactNumber, dumps, loads
from flowtui.patching import diff
from flowtui.store.audit import AuditLog
from flowtui.store.drafts import DraftStore
from tests.store.test_draft_restore_modal import make_draft
from tests.store.test_history_screen import make_entry

RECORD_TEXT = (
    '{"id": "r1", "name": "n", "metrics": {"overflow": 1e400, "precise": '
    '0.1000000000000000055511151231257827, "big": 123456789012345678901234567890, '
    '"exponent": 1E+2, "zero": -0.0}}'
)


def test_a_draft_keeps_the_exact_numbers_of_its_base(tmp_path: Path) -> None:
    base = loads(RECORD_TEXT)
    store = DraftStore(tmp_path)
    store.save(make_draft(base=base, text=dumps(base, indent=2)))
    found = store.find("demo", "prod", "connections", make_draft().record_id)
    assert found is not None
    assert dumps(found.base) == RECORD_TEXT
    assert diff(base, found.base) == []
    assert "Infinity" not in (tmp_path / next(p.name for p in tmp_path.iterdir())).read_text()


def test_the_audit_log_keeps_exact_numbers_for_undo(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    before = loads(RECORD_TEXT)
    undo = [{"op": "replace", "path": "/metrics/overflow", "value": ExactNumber("1e400")}]
    log.append(make_entry(1, undo_ops=undo, before=before))
    (entry,) = log.entries()
    assert entry.undo_ops is not None
    assert dumps(entry.undo_ops[0]["value"]) == "1e400"
    assert entry.before is not None
    assert dumps(entry.before) == RECORD_TEXT
    assert "Infinity" not in (tmp_path / "audit.jsonl").read_text()
