"""validate_record: check an edited record against the JSON Schemas its specs carry (draft-07)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft7Validator

from flowtui.patching.pointers import child, is_within, join, resolve
from flowtui.patching.problems import Problem
from flowtui.patching.rules import KindRules
from flowtui.patching.secrets import auth_schemas, params_schema, secret_pointers

_PARAM_SECTIONS = {"targetConnections": "targetSpec", "sourceConnections": "sourceSpec"}


def validate_record(
    kind: KindRules,
    record: Any,
    *,
    connection_spec: Any = None,
    flow_spec: Any = None,
) -> list[Problem]:
    """Problems with ``record`` by its spec's schemas; [] when valid or no schema applies."""
    problems: list[Problem] = []
    secrets = secret_pointers(record, connection_spec)
    if isinstance(connection_spec, dict) and isinstance(resolve(record, "/auth"), dict):
        problems += _auth_problems(record, connection_spec, secrets)
    section = _PARAM_SECTIONS.get(kind.name)
    schema = params_schema(connection_spec, section) if section else None
    if schema is not None:
        params = resolve(record, "/params")
        if isinstance(params, dict):
            problems += _schema_problems(schema, params, "/params", f"the {section}", secrets)
    if kind.name == "flows" and isinstance(flow_spec, dict):
        schedule = flow_spec.get("scheduleSpec")
        schedule_schema = schedule.get("spec") if isinstance(schedule, dict) else None
        params = resolve(record, "/scheduleParams")
        if isinstance(schedule_schema, dict) and isinstance(params, dict):
            problems += _schema_problems(
                schedule_schema, params, "/scheduleParams", "the flow spec's scheduleSpec", secrets
            )
    return problems


def _auth_problems(
    record: Any, connection_spec: dict[str, Any], secrets: set[str]
) -> list[Problem]:
    entries = [e for e in connection_spec.get("authSpec") or [] if isinstance(e, dict)]
    if not entries:
        return []
    names = [str(e.get("name")) for e in entries]
    spec_name = resolve(record, "/auth/specName")
    if spec_name not in names and len(entries) > 1:
        return [
            Problem(
                "/auth/specName",
                f"/auth/specName must name one of the spec's auth types: {', '.join(names)}",
            )
        ]
    params = resolve(record, "/auth/params")
    if not isinstance(params, dict):
        return [Problem("/auth/params", "/auth/params must be an object of credentials")]
    problems: list[Problem] = []
    for schema in auth_schemas(record, connection_spec):
        problems += _schema_problems(schema, params, "/auth/params", "its auth spec", secrets)
    return problems


def _schema_problems(
    schema: dict[str, Any], instance: Any, prefix: str, source: str, secrets: set[str]
) -> list[Problem]:
    try:
        errors = sorted(
            Draft7Validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path)
        )
    except Exception as error:  # a broken schema in the spec must not stop the edit
        return [Problem(prefix, f"{prefix}: {source} has a schema that cannot be used ({error})")]
    problems: list[Problem] = []
    for failure in errors:
        pointer = prefix + join([str(token) for token in failure.absolute_path])
        if failure.validator == "required" and isinstance(failure.instance, dict):
            for name in failure.validator_value:
                if name not in failure.instance:
                    missing = child(pointer, name)
                    problems.append(Problem(missing, f"{missing} is required by {source}; add it"))
            continue
        secret = any(is_within(pointer, s) for s in secrets)
        detail = (
            _describe(failure.validator, failure.validator_value) if secret else failure.message
        )
        problems.append(Problem(pointer, f"{pointer or '/'}: {detail} (required by {source})"))
    return problems


def _describe(validator: Any, expected: Any) -> str:
    """A message that does not quote the value (it may be a secret)."""
    if validator == "type":
        return f"must be of type {expected}"
    if validator == "enum":
        return f"must be one of {expected}"
    return f"does not satisfy the schema's {validator!r} rule"
