"""guard_edit refuses read-only writes, masked secrets written back and required removals."""

from __future__ import annotations

import copy
from typing import Any

from flowtui.api.kinds import CONNECTION_SPECS, CONNECTIONS, FLOWS, KINDS, SOURCE_CONNECTIONS
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


# --- fields a record cannot lose ------------------------------------------------------------


def _without(record: dict[str, Any], *path: str) -> dict[str, Any]:
    after = copy.deepcopy(record)
    holder = after
    for token in path[:-1]:
        holder = holder[token]
    del holder[path[-1]]
    return after


def test_removing_the_name_is_refused_for_every_editable_kind_with_the_reason() -> None:
    for kind in KINDS:
        if not kind.editable:
            continue
        before = {"id": "x1", "name": "Something", "description": "d"}
        [problem] = guard_edit(
            kind, before, _without(before, "name"), [{"op": "remove", "path": "/name"}]
        )
        assert problem.path == "/name", kind.name
        assert problem.message.startswith("name cannot be removed: the service would store a")
    [problem] = _guard(
        CONNECTIONS, salesforce_connection(), _without(salesforce_connection(), "name")
    )
    assert problem.message == (
        "name cannot be removed: the service would store a nameless connection"
    )


def test_a_blank_name_is_refused_like_a_removed_one() -> None:
    before = flow()
    after = copy.deepcopy(before)
    after["name"] = "   "
    [problem] = guard_edit(FLOWS, before, after, diff(before, after))
    assert problem.path == "/name" and "cannot be blank" in problem.message


def test_replacing_the_whole_record_without_a_name_is_refused() -> None:
    before = flow()
    after = _without(before, "name")
    ops = [{"op": "replace", "path": "", "value": after}]
    problems = guard_edit(FLOWS, before, after, ops)
    assert any(p.path == "/name" and "nameless flow" in p.message for p in problems)


def test_what_the_api_schema_requires_cannot_be_removed() -> None:
    before = flow()
    assert "flowSpec" in before
    [problem] = guard_edit(
        FLOWS,
        before,
        _without(before, "flowSpec", "id"),
        [{"op": "remove", "path": "/flowSpec/id"}],
    )
    assert problem.path == "/flowSpec/id"
    assert "requires it of a flow" in problem.message
    source = {"id": "s1", "name": "S", "data": {"format": "json"}, "params": {}}
    [problem] = guard_edit(
        SOURCE_CONNECTIONS, source, _without(source, "data"), [{"op": "remove", "path": "/data"}]
    )
    assert problem.path == "/data"


def test_a_removed_transformation_is_fine_but_not_its_name() -> None:
    before = {
        "id": "f1",
        "name": "F",
        "flowSpec": {"id": "s", "version": "1.0"},
        "transformations": [
            {"name": "Mapping", "params": {"mappingId": "m1"}},
            {"name": "Other", "params": {}},
        ],
    }
    whole = copy.deepcopy(before)
    del whole["transformations"][0]
    assert guard_edit(FLOWS, before, whole, diff(before, whole)) == []
    nameless = _without(before, "transformations", 1, "name")  # type: ignore[arg-type]
    [problem] = guard_edit(FLOWS, before, nameless, diff(before, nameless))
    assert problem.path == "/transformations/1/name"


def test_a_spec_put_cannot_drop_its_provider() -> None:
    before = {"id": "c1", "name": "Spec", "providerId": "p1", "type": "x"}
    after = _without(before, "providerId")
    [problem] = guard_edit(CONNECTION_SPECS, before, after, diff(before, after))
    assert problem.path == "/providerId"


def test_the_required_table_follows_the_apis_request_schemas() -> None:
    import yaml

    from flowtui.patching.required import REQUIRED_FIELDS
    from tests.support import shared_path

    spec = yaml.safe_load(shared_path("reference", "flow-service", "flow-service.yaml").read_text())
    schemas = spec["components"]["schemas"]
    for kind, schema in (
        ("connections", "CreateConnectionRequest"),
        ("sourceConnections", "CreateSourceConnectionRequest"),
        ("targetConnections", "CreateTargetConnectionRequest"),
        ("flows", "CreateFlowRequest"),
        ("connectionSpecs", "UpdateConnectionSpecRequest"),
        ("flowSpecs", "UpdateFlowSpecRequest"),
    ):
        for name in schemas[schema]["required"]:
            assert f"/{name}" in REQUIRED_FIELDS[kind], (kind, name)
        assert "/name" in REQUIRED_FIELDS[kind]
    for name in schemas["SpecInfoDTO"]["required"]:
        assert f"/flowSpec/{name}" in REQUIRED_FIELDS["flows"]
        assert f"/connectionSpec/{name}" in REQUIRED_FIELDS["connections"]


def test_the_editor_refuses_a_removed_name_before_the_review() -> None:
    from flowtui.edits.editing import EditSession

    before = salesforce_connection()
    edit = EditSession(CONNECTIONS, before, connection_spec=SALESFORCE_SPEC)
    text = "\n".join(
        line for line in edit.initial_text().splitlines() if not line.startswith('  "name":')
    )
    state = edit.evaluate(text)
    assert not state.submittable
    assert [p.message for p in state.problems if p.path == "/name"] == [
        "name cannot be removed: the service would store a nameless connection"
    ]
