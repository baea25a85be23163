"""guard_edit refuses read-only writes, masked secrets written back and required removals."""

from __future__ import annotations

import copy
from typing import Any

from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, FLOWS, KINDS
from flowtui.patching import KindRules, Problem, diff, guard_edit, strip_read_only
from tests.patching.specs import MAILCHIMP_SPEC, SALESFORCE_SPEC, flow, salesforce_connection


def _guard(kind: KindRules, before: dict[str, Any], after: dict[str, Any]) -> list[Problem]:
    return guard_edit(kind, before, after, diff(before, after), connection_spec=SALESFORCE_SPEC)


def test_a_plain_rename_passes() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    after["name"] = "Test salesforce connection"
    after["description"] = "A test salesforce connection"
    assert _guard(CONNECTIONS, before, after) == []


def test_the_tutorials_credential_update_passes_with_new_secrets() -> None:
    before = salesforce_connection()
    ops = [
        {
            "op": "replace",
            "path": "/auth/params",
            "value": {
                "username": "salesforce-connector-username",
                "password": "new-password",
                "securityToken": "new-token",
            },
        }
    ]
    after = copy.deepcopy(before)
    after["auth"]["params"] = ops[0]["value"]
    assert guard_edit(CONNECTIONS, before, after, ops, connection_spec=SALESFORCE_SPEC) == []


def test_editing_an_id_is_refused_by_path() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    after["id"] = "something-else"
    [problem] = _guard(CONNECTIONS, before, after)
    assert problem.path == "/id"
    assert "/id is read-only" in problem.message


def test_a_flows_state_changes_through_the_action_not_an_edit() -> None:
    before = flow()
    after = copy.deepcopy(before)
    after["state"] = "disabled"
    [problem] = guard_edit(FLOWS, before, after, diff(before, after))
    assert problem.path == "/state"
    assert "enable/disable action" in problem.message


def test_a_child_of_the_connection_spec_is_read_only() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    after["connectionSpec"]["id"] = "another"
    [problem] = _guard(CONNECTIONS, before, after)
    assert problem.path == "/connectionSpec/id"
    assert "create a new connection" in problem.message


def test_replacing_a_parent_that_changes_a_read_only_field_is_refused() -> None:
    before = flow()
    after = copy.deepcopy(before)
    after["etag"] = '"forged"'
    after["name"] = "renamed"
    ops = [{"op": "replace", "path": "", "value": after}]
    problems = guard_edit(FLOWS, before, after, ops)
    assert [p.path for p in problems] == ["/etag"]


def test_replacing_a_parent_that_keeps_read_only_fields_passes() -> None:
    before = flow()
    after = copy.deepcopy(before)
    after["name"] = "renamed"
    ops = [{"op": "replace", "path": "", "value": after}]
    assert guard_edit(FLOWS, before, after, ops) == []


def test_replacing_the_whole_record_would_write_masks_over_secrets() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    after["name"] = "renamed"
    ops = [{"op": "replace", "path": "", "value": after}]
    problems = guard_edit(CONNECTIONS, before, after, ops, connection_spec=SALESFORCE_SPEC)
    assert {p.path for p in problems} == {"/auth/params/password", "/auth/params/securityToken"}


def test_the_masked_secret_written_back_is_refused() -> None:
    before = salesforce_connection()
    params = dict(before["auth"]["params"], username="new-user")
    ops = [{"op": "replace", "path": "/auth/params", "value": params}]
    after = copy.deepcopy(before)
    after["auth"]["params"] = params
    problems = guard_edit(CONNECTIONS, before, after, ops, connection_spec=SALESFORCE_SPEC)
    assert {p.path for p in problems} == {"/auth/params/password", "/auth/params/securityToken"}
    assert all("masked value the service returned" in p.message for p in problems)


def test_the_display_mask_is_never_sent_as_a_secret() -> None:
    before = salesforce_connection()
    ops = [{"op": "replace", "path": "/auth/params/password", "value": "********"}]
    after = copy.deepcopy(before)
    after["auth"]["params"]["password"] = "********"
    [problem] = guard_edit(CONNECTIONS, before, after, ops, connection_spec=SALESFORCE_SPEC)
    assert problem.path == "/auth/params/password"


def test_removing_a_required_credential_is_refused() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    del after["auth"]["params"]["username"]
    [problem] = _guard(CONNECTIONS, before, after)
    assert problem.path == "/auth/params/username"
    assert "required" in problem.message


def test_removing_an_optional_field_passes() -> None:
    before = salesforce_connection()
    after = copy.deepcopy(before)
    del after["auth"]["params"]["environmentUrl"]
    assert _guard(CONNECTIONS, before, after) == []


def test_move_is_refused_because_the_service_rejects_it() -> None:
    before = {"name": "a", "description": "b"}
    ops = [{"op": "move", "from": "/description", "path": "/title"}]
    problems = guard_edit(CONNECTIONS, before, {"name": "a", "title": "b"}, ops)
    assert any("only add, replace and remove" in p.message for p in problems)


def test_spec_edits_run_through_the_read_only_guard() -> None:
    before = dict(MAILCHIMP_SPEC, updatedAt=1633389108018)
    after = copy.deepcopy(before)
    after["name"] = "MailChimp source update 1.0"
    after["version"] = "1.1"
    assert guard_edit(CONNECTION_SPECS, before, after, diff(before, after)) == []
    after["updatedAt"] = 1
    [problem] = guard_edit(CONNECTION_SPECS, before, after, diff(before, after))
    assert problem.path == "/updatedAt"


def test_strip_read_only_leaves_only_what_a_put_may_send() -> None:
    body = dict(MAILCHIMP_SPEC, createdAt=1, updatedAt=2, createdBy="x", etag="e")
    stripped = strip_read_only(CONNECTION_SPECS, body)
    assert "id" not in stripped and "createdAt" not in stripped and "etag" not in stripped
    assert stripped["name"] == body["name"] and stripped["version"] == "1.0"
    assert body["id"] == MAILCHIMP_SPEC["id"]  # the input is untouched


def test_every_kind_in_the_table_satisfies_the_rules_protocol() -> None:
    rules: list[KindRules] = list(KINDS)
    assert all(kind.update.value in ("patch", "put", "none") for kind in rules)
