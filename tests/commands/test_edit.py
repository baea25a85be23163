"""flowtui edit with a scripted $EDITOR: refusals reopen the file, a 412 rebases, drafts persist."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.commands.conftest import Flowtui, Result

pytestmark = pytest.mark.loopback

EDITOR_SCRIPT = Path(__file__).with_name("scripted_editor.py")


def edit(flowtui: Flowtui, tmp_path: Path, target: str, plan: list[dict[str, Any]]) -> Result:
    (tmp_path / "editor").mkdir(exist_ok=True)
    plan_path = tmp_path / "editor" / "plan.json"
    plan_path.write_text(json.dumps(plan))
    editor = f"{sys.executable} {EDITOR_SCRIPT} {plan_path}"
    return flowtui("edit", "targetConnections", target, env={"EDITOR": editor, "VISUAL": ""})


def seen(tmp_path: Path) -> list[str]:
    files = sorted((tmp_path / "editor").glob("seen-*.txt"))
    return [path.read_text() for path in files]


def drafts(flowtui: Flowtui) -> list[Path]:
    return sorted((flowtui.home / "state" / "drafts").glob("*.json"))


def _path_line(record: dict[str, Any]) -> str:
    return f'"path": "{record["params"]["path"]}"'


def test_bad_json_reopens_with_the_error_on_top_and_the_fix_is_applied(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[11]
    record = flowtui.record("targetConnections", target)
    line = _path_line(record)
    plan = [
        {"replace": [[line, '"path": "fixed/later",']]},  # the line had a comma: now two
        {"replace": [['"path": "fixed/later",,', '"path": "fixed/later",']]},
    ]
    result = edit(flowtui, tmp_path, target, plan)
    assert result.code == 0, result.err
    first, second = seen(tmp_path)
    assert first.startswith("# Editing target connection") and line in first
    reopened = second.splitlines()
    bad_line = next(n for n, text in enumerate(reopened, 1) if "fixed/later" in text)
    assert any(f"not JSON: line {bad_line}, column" in text for text in reopened if text[:1] == "#")
    assert '"path": "fixed/later",,' in second  # the person's text, not the record's
    assert flowtui.record("targetConnections", target)["params"]["path"] == "fixed/later"
    assert drafts(flowtui) == []
    [entry] = flowtui.audit_lines()
    assert entry["ops"] == [{"op": "replace", "path": "/params/path", "value": "fixed/later"}]


def test_a_guard_refusal_reopens_with_the_reason_and_giving_up_keeps_the_draft(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[12]
    record = flowtui.record("targetConnections", target)
    before = dict(record)
    line = _path_line(record)
    removed = [[f"{line},\n", ""]]
    result = edit(flowtui, tmp_path, target, [{"replace": removed}])
    assert result.code == 1
    assert "/params/path" in result.err and "required" in result.err
    assert "kept as a draft" in result.err
    _first, second = seen(tmp_path)
    assert "# NOT APPLIED YET:" in second and "/params/path is required" in second
    assert flowtui.record("targetConnections", target) == before
    [draft_file] = drafts(flowtui)
    draft = json.loads(draft_file.read_text())
    assert draft["record_id"] == target and draft["base_etag"] == record["etag"]
    assert line not in draft["text"]

    # The next edit (no terminal to ask on) restores the draft rather than losing it.
    for old in (tmp_path / "editor").glob("seen-*.txt"):
        old.unlink()
    again = edit(flowtui, tmp_path, target, [])
    assert "Restoring it" in again.err
    [reopened] = seen(tmp_path)
    assert line not in reopened and record["params"]["bucketName"] in reopened


def test_a_change_made_meanwhile_is_rebased_and_applied_after_another_look(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[13]
    record = flowtui.record("targetConnections", target)
    line = _path_line(record)
    colleague = [{"op": "replace", "path": "/name", "value": "renamed meanwhile"}]
    patch = [sys.executable, "-m", "flowtui", "patch", "targetConnections", target, "--ops", "-"]
    plan = [
        {
            "run": patch,
            "stdin": json.dumps(colleague),
            "replace": [[line, '"path": "mine/after/rebase"']],
        },
        {},  # saved as it is: the rebased edit, looked at again
    ]
    result = edit(flowtui, tmp_path, target, plan)
    assert result.code == 0, result.err
    _first, second = seen(tmp_path)
    assert "changed on the server (412)" in second
    assert "quit (saved or not) to review it again" in second
    assert '"renamed meanwhile"' in second and '"mine/after/rebase"' in second
    now = flowtui.record("targetConnections", target)
    assert now["name"] == "renamed meanwhile" and now["params"]["path"] == "mine/after/rebase"
    mine = [e for e in flowtui.audit_lines() if e["ops"][0]["path"] == "/params/path"]
    assert len(mine) == 1 and mine[0]["etag_after"] == now["etag"]
    assert drafts(flowtui) == []


def test_quitting_without_a_change_cancels(flowtui: Flowtui, tmp_path: Path) -> None:
    target = flowtui.s3_targets()[14]
    before = flowtui.record("targetConnections", target)
    result = edit(flowtui, tmp_path, target, [])
    assert result.code == 0 and "Edit cancelled" in result.err
    assert flowtui.record("targetConnections", target) == before
    assert drafts(flowtui) == [] and flowtui.audit_lines() == []


def test_a_record_open_in_another_flowtui_is_not_edited_and_its_draft_is_left_alone(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[15]
    holder = [
        sys.executable,
        "-c",
        "import sys, time\n"
        "from flowtui.store.locks import DraftLocks\n"
        "lock = DraftLocks().acquire('env', 'dev', 'targetConnections', sys.argv[1])\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n",
        target,
    ]
    other = subprocess.Popen(
        holder, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=flowtui.env
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        result = edit(flowtui, tmp_path, target, [{"replace": [['"', '"']]}])
        assert result.code == 1
        assert f"pid {other.pid}" in result.err and "another flowtui" in result.err
        assert seen(tmp_path) == []  # the editor never opened
    finally:
        other.communicate("")
    assert edit(flowtui, tmp_path, target, []).code == 0  # free again once it is gone


def test_an_overlapping_change_meanwhile_lists_both_values_and_keeps_mine_in_the_text(
    flowtui: Flowtui, tmp_path: Path
) -> None:
    target = flowtui.s3_targets()[16]
    record = flowtui.record("targetConnections", target)
    line = _path_line(record)
    colleague = [{"op": "replace", "path": "/params/path", "value": "theirs/path"}]
    patch = [sys.executable, "-m", "flowtui", "patch", "targetConnections", target, "--ops", "-"]
    plan = [
        {"run": patch, "stdin": json.dumps(colleague), "replace": [[line, '"path": "my/path"']]},
        {},
    ]
    result = edit(flowtui, tmp_path, target, plan)
    assert result.code == 0, result.err
    _first, second = seen(tmp_path)
    assert '/params/path: theirs "theirs/path", yours "my/path"' in second
    assert '"path": "my/path"' in second
    assert flowtui.record("targetConnections", target)["params"]["path"] == "my/path"
