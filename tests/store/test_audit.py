"""The audit log: private, appended line by line, read newest first, never holding a credential."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.patching import looks_like_credential
from flowtui.platform_paths import state_dir
from flowtui.store.audit import (
    REDACTED,
    AuditEntry,
    AuditLog,
    scrub,
    timestamp,
)

SECRETS = ("hunter2-typed", "AKIAEXAMPLESECRET", "sv=2020&sig=abc", "DefaultEndpoints=xyz")


def make_entry(n: int = 1, **kw: object) -> AuditEntry:
    fields: dict[str, object] = {
        "time": f"2026-11-25T01:0{n}:00Z",
        "profile": "default",
        "org_id": "DEMO0000000000000000000@AdobeOrg",
        "sandbox": "prod",
        "kind": "connections",
        "record_id": SALESFORCE_CONNECTION_ID,
        "name": "E2E_SF Base_Connection",
        "method": "PATCH",
        "etag_before": f'"etag-{n}"',
        "etag_after": f'"etag-{n + 1}"',
        "ops": [{"op": "replace", "path": "/name", "value": f"name {n}"}],
        "request_id": f"req-{n}",
    }
    fields.update(kw)
    return AuditEntry(**fields)  # type: ignore[arg-type]


def test_entries_round_trip_newest_first() -> None:
    log = AuditLog()
    written = [make_entry(n) for n in (1, 2, 3)]
    for entry in written:
        log.append(entry)
    assert AuditLog().entries() == list(reversed(written))


def test_default_file_is_audit_jsonl_in_the_state_folder() -> None:
    log = AuditLog()
    log.append(make_entry())
    assert log.path == state_dir() / "audit.jsonl"
    assert len(log.path.read_text().splitlines()) == 1


def test_audit_file_is_0600_and_its_folder_0700(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state" / "audit.jsonl"
    log = AuditLog(path)
    log.append(make_entry(1))
    log.append(make_entry(2))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_missing_log_reads_as_empty(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "none.jsonl")
    assert log.entries() == []
    assert log.skipped == 0


def test_unreadable_lines_are_skipped_and_counted() -> None:
    log = AuditLog()
    log.append(make_entry(1))
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-11-25T01:05:00Z", "profile": "defa\n')  # torn write
        handle.write("[]\n")
        handle.write(
            json.dumps({**json.loads(json.dumps(make_entry(4).__dict__)), "method": "DELETE"})
            + "\n"
        )
        handle.write("\n")
    log.append(make_entry(2))
    entries = log.entries()
    assert [e.request_id for e in entries] == ["req-2", "req-1"]
    assert log.skipped == 3


def test_spec_entry_keeps_previous_body_for_undo() -> None:
    previous = {
        "name": "RestStorageToAEP",
        "attributes": {"password": {"type": "string", "format": "password"}},
        "required": ["password"],
    }
    log = AuditLog()
    log.append(
        make_entry(
            kind="flowSpecs",
            method="PUT",
            etag_before=None,
            etag_after=None,
            previous_body=previous,
        )
    )
    (entry,) = log.entries()
    # Schemas that describe a credential field are objects, kept whole so undo can PUT them back.
    assert entry.previous_body == previous
    assert entry.method == "PUT"


def test_no_credential_value_reaches_the_audit_file() -> None:
    ops = [
        {"op": "replace", "path": "/auth/params/password", "value": SECRETS[0]},
        {
            "op": "add",
            "path": "/auth/params",
            "value": {"accessKeyId": "AKIA", "secretKey": SECRETS[1]},
        },
        {"op": "replace", "path": "/auth/params/sasToken", "value": SECRETS[2]},
        {"op": "add", "path": "/auth/params/connection_string", "value": SECRETS[3]},
        {"op": "replace", "path": "/name", "value": "kept name"},
        {"op": "remove", "path": "/auth/params/apiKey"},
    ]
    log = AuditLog()
    log.append(make_entry(ops=ops))
    raw = log.path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in raw
    (entry,) = log.entries()
    assert entry.ops[0]["value"] == REDACTED
    assert entry.ops[1]["value"] == {"accessKeyId": "AKIA", "secretKey": REDACTED}
    assert entry.ops[4]["value"] == "kept name"
    assert entry.ops[5] == {"op": "remove", "path": "/auth/params/apiKey"}


def test_credential_keys_are_recognised_without_catching_plain_fields() -> None:
    for key in (
        "password",
        "clientSecret",
        "securityToken",
        "secretKey",
        "accessKey",
        "connectionString",
        "apiKey",
        "sas_token",
        "refresh-token",
        "PrivateKey",
    ):
        assert looks_like_credential(key), key
    for key in ("name", "tokenUrl", "description", "passwordRequired", "host", "bucketName"):
        assert not looks_like_credential(key), key


def test_scrub_walks_objects_and_lists_under_credential_keys() -> None:
    doc = {"params": {"password": ["a", {"x": 1}], "tokens": 3, "token": True, "secret": None}}
    assert scrub(doc) == {
        "params": {"password": [REDACTED, {"x": 1}], "tokens": 3, "token": True, "secret": None}
    }


def test_caller_entry_is_not_modified_by_scrubbing() -> None:
    ops = [{"op": "replace", "path": "/auth/params/password", "value": "typed"}]
    entry = make_entry(ops=ops)
    AuditLog().append(entry)
    assert entry.ops[0]["value"] == "typed"


def test_timestamp_is_iso_utc() -> None:
    assert timestamp(datetime(2026, 11, 25, 1, 2, 3, tzinfo=UTC)) == "2026-11-25T01:02:03Z"
    assert timestamp().endswith("Z")


def test_undo_ops_round_trip_with_credentials_scrubbed() -> None:
    undo = [
        {"op": "replace", "path": "/name", "value": "old name"},
        {"op": "replace", "path": "/auth/params/password", "value": "old-secret-value"},
        {"op": "remove", "path": "/description"},
    ]
    log = AuditLog()
    log.append(make_entry(undo_ops=undo))
    log.append(make_entry(2))
    assert "old-secret-value" not in log.path.read_text(encoding="utf-8")
    newest, oldest = log.entries()
    assert newest.undo_ops is None
    assert oldest.undo_ops == [undo[0], {**undo[1], "value": REDACTED}, undo[2]]


def test_an_entry_with_malformed_undo_ops_is_skipped() -> None:
    log = AuditLog()
    log.append(make_entry(1))
    line = json.loads(log.path.read_text().splitlines()[0])
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**line, "undo_ops": "not a list"}) + "\n")
    assert len(log.entries()) == 1 and log.skipped == 1


def test_a_line_torn_by_a_crash_does_not_swallow_the_next_entry() -> None:
    log = AuditLog()
    log.append(make_entry(1))
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-11-25T01:05:00Z", "prof')  # crash mid-line, no newline
    log.append(make_entry(2))
    assert [e.request_id for e in log.entries()] == ["req-2", "req-1"]
    assert log.skipped == 1


def test_the_record_before_a_patch_round_trips_without_credential_values() -> None:
    before = {
        "name": "E2E_SF Base_Connection",
        "auth": {"params": {"username": "me", "password": "clear-text-by-mistake"}},
    }
    log = AuditLog()
    log.append(make_entry(before=before))
    (entry,) = log.entries()
    assert entry.before == {
        "name": "E2E_SF Base_Connection",
        "auth": {"params": {"username": "me", "password": REDACTED}},
    }
    assert "clear-text-by-mistake" not in log.path.read_text(encoding="utf-8")


def test_an_entry_whose_before_is_not_an_object_is_skipped() -> None:
    log = AuditLog()
    log.append(make_entry(1))
    line = json.loads(log.path.read_text().splitlines()[0])
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**line, "before": ["not", "an", "object"]}) + "\n")
    assert len(log.entries()) == 1 and log.skipped == 1
