"""validate_record checks auth params and schedules against the specs' draft-07 schemas."""

from __future__ import annotations

from flowtui.api.kinds import CONNECTIONS, FLOWS, TARGET_CONNECTIONS
from flowtui.patching import validate_record
from tests.patching.specs import (
    MAILCHIMP_SPEC,
    PERIODIC_FLOW_SPEC,
    S3_SPEC,
    SALESFORCE_SPEC,
    flow,
    salesforce_connection,
)


def test_the_tutorial_connection_is_valid() -> None:
    assert (
        validate_record(CONNECTIONS, salesforce_connection(), connection_spec=SALESFORCE_SPEC) == []
    )


def test_a_missing_required_credential_is_named_by_its_path() -> None:
    record = {
        "auth": {"specName": "Basic Authentication", "params": {"username": "u", "password": "p"}}
    }
    [problem] = validate_record(CONNECTIONS, record, connection_spec=MAILCHIMP_SPEC)
    assert problem.path == "/auth/params/host"


def test_an_unknown_auth_type_is_refused() -> None:
    record = {"auth": {"specName": "Token", "params": {}}}
    [problem] = validate_record(CONNECTIONS, record, connection_spec=MAILCHIMP_SPEC)
    assert problem.path == "/auth/specName"
    assert "Basic Authentication" in problem.message


def test_a_wrong_typed_secret_is_reported_without_quoting_it() -> None:
    record = salesforce_connection()
    record["auth"]["params"]["password"] = 987654321
    [problem] = validate_record(CONNECTIONS, record, connection_spec=SALESFORCE_SPEC)
    assert problem.path == "/auth/params/password"
    assert "987654321" not in problem.message
    assert "string" in problem.message


def test_target_params_are_checked_against_the_target_spec() -> None:
    record = {"params": {"bucketName": 5}}
    problems = validate_record(TARGET_CONNECTIONS, record, connection_spec=S3_SPEC)
    assert {p.path for p in problems} == {"/params/bucketName", "/params/path"}


def test_a_valid_schedule_passes() -> None:
    assert validate_record(FLOWS, flow(), flow_spec=PERIODIC_FLOW_SPEC) == []


def test_schedule_if_then_else_applies_the_minute_minimum() -> None:
    record = flow()
    record["scheduleParams"] = {"startTime": 1, "frequency": "minute", "interval": 5}
    [problem] = validate_record(FLOWS, record, flow_spec=PERIODIC_FLOW_SPEC)
    assert problem.path == "/scheduleParams/interval"
    assert "15" in problem.message


def test_schedule_else_branch_requires_an_interval() -> None:
    record = flow()
    record["scheduleParams"] = {"startTime": 1, "frequency": "day"}
    [problem] = validate_record(FLOWS, record, flow_spec=PERIODIC_FLOW_SPEC)
    assert problem.path == "/scheduleParams/interval"
    assert "required" in problem.message


def test_a_once_schedule_must_not_carry_an_interval() -> None:
    record = flow()
    record["scheduleParams"] = {"startTime": 1, "frequency": "once", "interval": 1}
    problems = validate_record(FLOWS, record, flow_spec=PERIODIC_FLOW_SPEC)
    assert [p.path for p in problems] == ["/scheduleParams"]


def test_no_spec_means_no_schema_problems() -> None:
    assert validate_record(FLOWS, flow()) == []
    assert validate_record(CONNECTIONS, salesforce_connection()) == []


def test_a_broken_schema_is_reported_not_raised() -> None:
    spec = {"authSpec": [{"name": "x", "spec": {"type": "no-such-type"}}]}
    problems = validate_record(
        CONNECTIONS, {"auth": {"specName": "x", "params": {}}}, connection_spec=spec
    )
    assert problems and problems[0].path == "/auth/params"
