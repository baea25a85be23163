"""get, diff, apply and patch as a script runs them: subprocesses against a loopback emulator.

The module's emulator pins its token mode (``cursor_tokens=False``, see conftest): the tests
share its records, so each runs once.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.commands.conftest import Flowtui

pytestmark = pytest.mark.loopback


def _write(path: Path, value: object) -> str:
    path.write_text(json.dumps(value, indent=2))
    return str(path)


def test_get_edit_diff_apply_round_trip_lands_once_in_the_audit_log(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[0]
    got = flowtui("get", "targetConnections", target)
    assert got.code == 0, got.err
    record = got.json()
    original_bucket = record["params"]["bucketName"]
    assert record["id"] == target and "items" not in record
    assert (
        flowtui("diff", "targetConnections", target, _write(tmp_path / "same.json", record)).code
        == 0
    )

    record["params"]["bucketName"] = "acme-round-trip"
    changed = _write(tmp_path / "t.json", record)
    diff = flowtui("diff", "targetConnections", target, changed)
    assert diff.code == 1
    assert diff.json() == [
        {"op": "replace", "path": "/params/bucketName", "value": "acme-round-trip"}
    ]

    applied = flowtui("apply", "targetConnections", target, changed, "-o", "json")
    assert applied.code == 0, applied.err
    rerun = flowtui("apply", "targetConnections", target, changed)
    assert rerun.code == 0 and "nothing to change" in rerun.err  # a script run twice
    assert f"If-Match: {record['etag']}" in applied.err  # the review, on stderr
    result = applied.json()
    assert result["applied"] is True and result["etag_before"] == record["etag"]
    now = flowtui.record("targetConnections", target)
    assert now["params"]["bucketName"] == "acme-round-trip"
    assert now["etag"] == result["etag"] != record["etag"]

    [entry] = [e for e in flowtui.audit_lines() if e["record_id"] == target]
    assert entry["method"] == "PATCH" and entry["etag_before"] == record["etag"]
    assert entry["ops"] == diff.json()
    assert entry["undo_ops"] == [
        {"op": "replace", "path": "/params/bucketName", "value": original_bucket}
    ]


def test_apply_of_a_file_with_a_stale_etag_exits_3_and_changes_nothing(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[1]
    old = flowtui("get", "targetConnections", target).json()
    ops = [{"op": "replace", "path": "/name", "value": "renamed by a colleague"}]
    assert (
        flowtui("patch", "targetConnections", target, "--ops", "-", stdin=json.dumps(ops)).code == 0
    )
    between = flowtui.record("targetConnections", target)

    old["params"]["path"] = "mine/too/late"
    stale = flowtui("apply", "targetConnections", target, _write(tmp_path / "old.json", old))
    assert stale.code == 3, stale.err
    assert "changed on the server" in stale.err and old["etag"] in stale.err
    assert flowtui.record("targetConnections", target) == between
    assert flowtui("diff", "targetConnections", target, str(tmp_path / "old.json")).code == 3


def test_a_protected_sandbox_needs_its_name_and_nothing_changes_without_it(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets("prod")[0]
    record = flowtui("--sandbox", "prod", "get", "targetConnections", target).json()
    before = flowtui.record("targetConnections", target, "prod")
    record["params"]["bucketName"] = "acme-prod-change"
    path = _write(tmp_path / "prod.json", record)

    refused = flowtui("--sandbox", "prod", "apply", "targetConnections", target, path, "--yes")
    assert refused.code == 1
    assert "--confirm-sandbox prod" in refused.err
    wrong = flowtui(
        "apply", "targetConnections", target, path, "--sandbox", "prod", "--confirm-sandbox", "dev"
    )
    assert wrong.code == 1 and "does not name this sandbox" in wrong.err
    assert flowtui.record("targetConnections", target, "prod") == before

    done = flowtui(
        "apply", "targetConnections", target, path, "--sandbox", "prod", "--confirm-sandbox", "prod"
    )
    assert done.code == 0, done.err
    assert flowtui.record("targetConnections", target, "prod")["params"]["bucketName"] == (
        "acme-prod-change"
    )


def test_a_read_only_field_is_refused_with_the_reason(flowtui: Flowtui, tmp_path: Path) -> None:
    target = flowtui.s3_targets()[2]
    record = flowtui("get", "targetConnections", target).json()
    before = flowtui.record("targetConnections", target)
    record["connectionSpec"]["id"] = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
    result = flowtui("apply", "targetConnections", target, _write(tmp_path / "ro.json", record))
    assert result.code == 1
    assert "/connectionSpec" in result.err and "read-only" in result.err
    assert flowtui.record("targetConnections", target) == before


def test_a_removed_required_field_is_refused_with_the_reason(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[3]
    record = flowtui("get", "targetConnections", target).json()
    before = flowtui.record("targetConnections", target)
    del record["params"]["path"]
    result = flowtui("diff", "targetConnections", target, _write(tmp_path / "req.json", record))
    assert result.code == 1
    assert "/params/path" in result.err and "required" in result.err
    applied = flowtui("apply", "targetConnections", target, str(tmp_path / "req.json"))
    assert applied.code == 1 and "required" in applied.err
    assert flowtui.record("targetConnections", target) == before


def test_a_masked_secret_written_back_is_refused_with_the_reason(flowtui: Flowtui) -> None:
    s3 = [
        r["id"]
        for r in flowtui.records("connections")
        if "secretKey" in r.get("auth", {}).get("params", {})
    ]
    shown = flowtui("get", "connections", s3[0]).json()
    assert shown["auth"]["params"]["secretKey"] == "********"
    before = flowtui.record("connections", s3[0])
    ops = [{"op": "replace", "path": "/auth/params/secretKey", "value": "********"}]
    result = flowtui("patch", "connections", s3[0], "--ops", "-", stdin=json.dumps(ops))
    assert result.code == 1
    assert "/auth/params/secretKey" in result.err and "masked value" in result.err
    assert flowtui.record("connections", s3[0]) == before


def test_apply_reads_stdin_and_dry_run_sends_nothing(flowtui: Flowtui) -> None:
    target = flowtui.s3_targets()[4]
    record = flowtui("get", "targetConnections", target).json()
    before = flowtui.record("targetConnections", target)
    record["name"] = "dry"
    dry = flowtui("apply", "targetConnections", target, "-", "--dry-run", stdin=json.dumps(record))
    assert dry.code == 0 and "dry run: nothing was sent" in dry.err
    assert '"dry"' in dry.err  # the op is in the review
    assert flowtui.record("targetConnections", target) == before
    assert flowtui.audit_lines() == []


def test_a_hand_written_file_without_the_service_fields_uses_the_etag_read_at_the_start(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[5]
    record = flowtui.record("targetConnections", target)
    service_fields = {"id", "etag", "version", "connectionSpec", "sandboxId", "sandboxName"}
    mine = {
        key: value
        for key, value in record.items()
        if key not in service_fields and not key.startswith(("created", "updated", "imsOrg"))
    }
    assert "etag" not in mine and "name" in mine
    mine["params"] = {**record["params"], "path": "hand/written"}
    result = flowtui("apply", "targetConnections", target, _write(tmp_path / "hand.json", mine))
    assert result.code == 0, result.err
    assert f"If-Match: {record['etag']}" in result.err
    assert flowtui.record("targetConnections", target)["params"]["path"] == "hand/written"


def test_nothing_to_change_exits_0_without_a_write(flowtui: Flowtui, tmp_path: Path) -> None:
    target = flowtui.s3_targets()[6]
    record = flowtui("get", "targetConnections", target).json()
    result = flowtui("apply", "targetConnections", target, _write(tmp_path / "n.json", record))
    assert result.code == 0 and "nothing to change" in result.err
    assert flowtui.audit_lines() == []


def test_a_service_error_as_json_carries_its_code_and_request_id(flowtui: Flowtui) -> None:
    result = flowtui("get", "flows", "00000000-0000-0000-0000-000000000000", "-o", "json")
    assert result.code == 4
    assert result.out == ""
    error = json.loads(result.err)["error"]
    assert error["status"] == 404 and error["type"] == "NotFoundError"
    assert error["code"] and error["request_id"] and error["exit_code"] == 4


def test_usage_and_configuration_errors_exit_2(flowtui: Flowtui) -> None:
    unknown = flowtui("get", "widgets", "x")
    assert unknown.code == 2 and "unknown kind" in unknown.err
    missing = flowtui("get", "flows", "x", env={"FLOWTUI_CLIENT_ID": ""})
    assert missing.code == 2 and "client id" in missing.err


def test_read_only_session_refuses_a_write(flowtui: Flowtui, tmp_path: Path) -> None:
    target = flowtui.s3_targets()[7]
    record = flowtui("get", "targetConnections", target).json()
    record["name"] = "never"
    path = _write(tmp_path / "ro.json", record)
    result = flowtui("--read-only", "apply", "targetConnections", target, path)
    assert result.code == 1 and "read-only session" in result.err
    assert flowtui.record("targetConnections", target)["name"] != "never"


def test_flow_disable_then_enable_is_audited_like_the_tui_toggle(flowtui: Flowtui) -> None:
    flow = next(r for r in flowtui.records("flows") if r["state"] == "enabled")
    again = flowtui("flow", "enable", flow["id"])
    assert again.code == 0 and "already enabled" in again.err
    disabled = flowtui("flow", "disable", flow["id"], "-o", "json")
    assert disabled.code == 0, disabled.err
    assert flowtui.record("flows", flow["id"])["state"] == "disabled"
    assert disabled.json()["etag"] == flowtui.record("flows", flow["id"])["etag"]
    [entry] = flowtui.audit_lines()
    assert entry["method"] == "ACTION" and entry["etag_before"] == flow["etag"]
    assert entry["ops"] == [{"op": "replace", "path": "/state", "value": "disabled"}]
    assert flowtui("flow", "enable", flow["id"]).code == 0
    assert flowtui.record("flows", flow["id"])["state"] == "enabled"


def test_a_spec_is_put_whole_and_a_file_read_before_a_change_is_refused(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    spec_id = "6499120c-0b15-42dc-936e-847ea3c24d72"
    read = flowtui("get", "flowSpecs", spec_id).json()
    first = {**read, "description": "first change"}
    applied = flowtui("apply", "flowSpecs", spec_id, _write(tmp_path / "a.json", first))
    assert applied.code == 0, applied.err
    assert "PUT of the whole spec" in applied.err
    assert flowtui.record("flowSpecs", spec_id)["description"] == "first change"
    [entry] = flowtui.audit_lines()
    assert entry["method"] == "PUT" and entry["previous_body"] is not None

    second = {**read, "description": "from the old file"}
    stale = flowtui("apply", "flowSpecs", spec_id, _write(tmp_path / "b.json", second))
    assert stale.code == 3 and "updatedAt" in stale.err
    assert flowtui.record("flowSpecs", spec_id)["description"] == "first change"


def test_get_as_yaml_reads_the_same_record(flowtui: Flowtui) -> None:
    import yaml  # PyYAML, a test extra: reads the YAML back

    target = flowtui.s3_targets()[8]
    as_json = flowtui("get", "targetConnections", target).json()
    as_yaml = flowtui("get", "targetConnections", target, "-o", "yaml")
    assert as_yaml.code == 0, as_yaml.err
    assert yaml.safe_load(as_yaml.out) == as_json


def _run_on_a_terminal(flowtui: Flowtui, args: list[str], answer: str) -> tuple[int, str]:
    """Run flowtui with stdin and stderr on a pseudo-terminal; answer its question."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "flowtui", *args],
        stdin=terminal,
        stderr=terminal,
        stdout=subprocess.PIPE,
        env=flowtui.env,
        cwd=flowtui.home,
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 30
    try:
        while b"[y/N]" not in seen and time.monotonic() < deadline:
            if select.select([controller], [], [], 0.5)[0]:
                seen += os.read(controller, 4096)
        os.write(controller, answer.encode() + b"\r")
        code = process.wait(timeout=30)
        while select.select([controller], [], [], 0.2)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
        if process.stdout is not None:
            process.stdout.close()
    return code, seen.decode("utf-8", "replace")


def test_on_a_terminal_apply_asks_and_no_sends_nothing(flowtui: Flowtui, tmp_path: Path) -> None:
    target = flowtui.s3_targets()[9]
    record = flowtui("get", "targetConnections", target).json()
    before = flowtui.record("targetConnections", target)
    record["name"] = "asked first"
    path = _write(tmp_path / "ask.json", record)
    code, screen = _run_on_a_terminal(flowtui, ["apply", "targetConnections", target, path], "n")
    assert "replace /name" in screen and "[y/N]" in screen
    assert code == 1 and "not confirmed" in screen
    assert flowtui.record("targetConnections", target) == before
    code, screen = _run_on_a_terminal(flowtui, ["apply", "targetConnections", target, path], "y")
    assert code == 0 and "Applied" in screen
    assert flowtui.record("targetConnections", target)["name"] == "asked first"


def test_a_file_of_another_record_is_refused_before_anything_is_read(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    first, second = flowtui.s3_targets()[:2]
    other = flowtui("get", "targetConnections", first).json()
    result = flowtui("apply", "targetConnections", second, _write(tmp_path / "o.json", other))
    assert result.code == 1 and f"'{first}', not '{second}'" in result.err
