"""Changes: JSON Patch under If-Match for records, PUT for specs, enable/disable for flows."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import jsonpatch
import jsonpointer

from flowtui.emulator.errors import (
    AUTH_SPEC_NOT_FOUND,
    BODY_EMPTY,
    CONNECTION_SPEC_CHANGED,
    IF_MATCH_MISSING,
    PATCH_NOT_APPLICABLE,
    UNSUPPORTED_OPERATION,
    VERSION_MISMATCH,
    bad_request,
    flow_error,
    gateway_bad_request,
    not_found,
)
from flowtui.emulator.rawjson import loads as load_json
from flowtui.emulator.rawjson import opened_along

if TYPE_CHECKING:
    from flowtui.emulator.app import EmulatorApp, Request

JSON = dict[str, Any]

JSON_MEDIA_TYPES = ("application/json", "application/json-patch+json")
ALLOWED_OPS = ("add", "replace", "remove")

SERVER_OWNED: tuple[str, ...] = (
    "id",
    "etag",
    "version",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
    "inheritedAttributes",
    "lastOperation",
    "lastRunDetails",
)
"""Top-level fields of a record that no PATCH may touch."""
READ_ONLY_BY_KIND: dict[str, tuple[str, ...]] = {"flows": ("state",)}
CONNECTION_KINDS: tuple[str, ...] = ("connections", "sourceConnections", "targetConnections")
"""Kinds whose ``connectionSpec`` no PATCH may change (1414)."""
SPEC_OWNED: tuple[str, ...] = (
    "id",
    "createdAt",
    "createdBy",
    "createdClient",
    "updatedAt",
    "updatedBy",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
)
"""Fields of a spec that the server keeps whatever a PUT body says."""
SPEC_REQUIRED: tuple[str, ...] = ("name", "providerId")
"""What the OpenAPI description requires of a spec body; ``version`` is optional there."""


def require_json_content_type(headers: dict[str, str]) -> None:
    """POST, PUT and PATCH must declare JSON, or the gateway answers its BadRequestError."""
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_MEDIA_TYPES:
        raise gateway_bad_request("A valid content-type must be specified")


def _json_body(request: Request) -> Any:
    """The parsed body; 1405 when it is absent, ``null`` or an empty array or object."""
    if not request.body.strip():
        raise flow_error(400, BODY_EMPTY, "The request body is null or empty.")
    try:
        body = load_json(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}.") from None
    if body is None or body == [] or body == {}:
        raise flow_error(400, BODY_EMPTY, "The request body is null or empty.")
    return body


def _strip_etag(value: str) -> str:
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def _check_if_match(given: str, record: JSON) -> None:
    current = str(record.get("etag", ""))
    if _strip_etag(given) != _strip_etag(current):
        raise flow_error(
            412,
            VERSION_MISMATCH,
            f"The supplied version '{_strip_etag(given)}' does not match the current version "
            f"on entity '{_strip_etag(current)}'. Please provide the latest version and try "
            "again.",
        )


def _validate_ops(body: Any) -> list[JSON]:
    if not isinstance(body, list):
        raise bad_request("A PATCH body must be a JSON array of operations.")
    for index, op in enumerate(body):
        if not isinstance(op, dict) or not isinstance(op.get("path"), str):
            raise bad_request(f"Operation {index} must be an object with a string 'path'.")
        if op.get("op") not in ALLOWED_OPS:
            raise flow_error(
                400,
                UNSUPPORTED_OPERATION,
                f"Operation {index} uses op '{op.get('op')}'; only add, replace and remove "
                "are supported.",
            )
        if op["op"] != "remove" and "value" not in op:
            raise bad_request(f"Operation {index} ({op['op']} {op['path']}) has no 'value'.")
    return body


def _top_field(path: str) -> str:
    if path == "":
        return ""
    if not path.startswith("/"):
        raise flow_error(400, PATCH_NOT_APPLICABLE, f"The path '{path}' is not a JSON Pointer.")
    return path[1:].split("/")[0].replace("~1", "/").replace("~0", "~")


def _check_writable(kind: str, ops: list[JSON]) -> None:
    read_only = SERVER_OWNED + READ_ONLY_BY_KIND.get(kind, ())
    for op in ops:
        field = _top_field(op["path"])
        if field == "":
            raise bad_request("The whole record cannot be replaced; patch its fields instead.")
        if field == "state" and kind == "flows":
            raise bad_request(
                "The field '/state' of a flow cannot be patched; use "
                "POST /flows/{id}/action?op=enable or op=disable."
            )
        if field in read_only:
            raise bad_request(f"The field '{op['path']}' is read-only and cannot be updated.")


def _check_connection_spec(kind: str, ops: list[JSON], before: JSON, after: JSON) -> None:
    """1414 when a patch changes a connection's ``connectionSpec``."""
    if kind not in CONNECTION_KINDS or before.get("connectionSpec") == after.get("connectionSpec"):
        return
    paths = ", ".join(op["path"] for op in ops if _top_field(op["path"]) == "connectionSpec")
    raise flow_error(
        400,
        CONNECTION_SPEC_CHANGED,
        f"The connection spec of a connection cannot be updated (the patch changes {paths}).",
    )


def _check_auth_spec(app: EmulatorApp, sandbox: str, before: JSON, after: JSON) -> None:
    """1415 when a patch names an ``auth.specName`` the connection spec has no authSpec for."""
    auth = after.get("auth")
    name = auth.get("specName") if isinstance(auth, dict) else None
    old_auth = before.get("auth")
    old_name = old_auth.get("specName") if isinstance(old_auth, dict) else None
    if name is None or name == old_name:
        return
    spec_id = (after.get("connectionSpec") or {}).get("id")
    spec = app.store.find(sandbox, "connectionSpecs", spec_id) if spec_id else None
    names = [e.get("name") for e in (spec or {}).get("authSpec") or [] if isinstance(e, dict)]
    if name not in names:
        raise flow_error(
            400,
            AUTH_SPEC_NOT_FOUND,
            f"Auth spec '{name}' not found for connection spec '{spec_id}'. "
            f"It has: {', '.join(str(n) for n in names) or 'none'}.",
        )


def _user(app: EmulatorApp) -> tuple[str, str]:
    return f"{app.config.client_id}@AdobeID", app.config.client_id


def patch(app: EmulatorApp, request: Request, kind: str, record_id: str) -> JSON:
    """Apply a JSON Patch guarded by If-Match; reply ``{"id", "etag"}``."""
    if_match = request.headers.get("if-match")
    if not if_match:
        raise flow_error(
            400,
            IF_MATCH_MISSING,
            "The header 'If-Match' is missing in the request. Please provide the header and "
            "try again.",
        )
    ops = _validate_ops(_json_body(request))
    with app.store.lock:
        record = app.store.find(request.sandbox, kind, record_id)
        if record is None:
            raise not_found(kind, record_id)
        _check_if_match(if_match, record)
        _check_writable(kind, ops)
        try:
            changed = copy.deepcopy(record)
            for op in ops:  # a stored raw value (repeated keys) opens where a patch reaches in
                opened_along(changed, op["path"])
            changed = jsonpatch.JsonPatch(ops).apply(changed)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            raise flow_error(
                400,
                PATCH_NOT_APPLICABLE,
                f"The patch cannot be applied to {kind} '{record_id}': {exc}.",
            ) from None
        _check_connection_spec(kind, ops, record, changed)
        _check_auth_spec(app, request.sandbox, record, changed)
        user, client = _user(app)
        app.store.stamp(changed, user=user, client=client)
        app.store.replace(request.sandbox, kind, changed)
        return {"id": record_id, "etag": changed["etag"]}


def _check_spec_body(kind: str, record_id: str, body: Any) -> JSON:
    if not isinstance(body, dict):
        raise bad_request("A PUT body must be a JSON object holding the whole specification.")
    missing = [f for f in SPEC_REQUIRED if not body.get(f)]
    if missing:
        raise bad_request(
            f"The specification is missing required field(s): {', '.join(missing)}. A PUT "
            "must carry every field that creating the specification requires."
        )
    wrong = [f for f in SPEC_REQUIRED if not isinstance(body[f], str)]
    if wrong:
        raise bad_request(f"The field(s) {', '.join(wrong)} must be strings.")
    if "id" in body and body["id"] != record_id:
        raise bad_request(f"The body's id '{body['id']}' does not match the path's '{record_id}'.")
    list_fields = (
        ("authSpec",)
        if kind == "connectionSpecs"
        else ("sourceConnectionSpecIds", "targetConnectionSpecIds", "transformationSpecs")
    )
    for field in list_fields:
        if field in body and not isinstance(body[field], list):
            raise bad_request(f"The field '{field}' must be an array.")
    return body


def put(app: EmulatorApp, request: Request, kind: str, record_id: str) -> JSON:
    """Replace a spec whole, keeping the server's fields; reply ``{"items": [spec]}``."""
    body = _check_spec_body(kind, record_id, _json_body(request))
    with app.store.lock:
        current = app.store.find(request.sandbox, kind, record_id)
        if current is None:
            raise not_found(kind, record_id)
        spec: JSON = {"id": record_id}
        spec.update({k: current[k] for k in SPEC_OWNED if k in current})
        spec.update({k: copy.deepcopy(v) for k, v in body.items() if k not in SPEC_OWNED})
        user, client = _user(app)
        app.store.stamp(spec, user=user, client=client)
        app.store.replace(request.sandbox, kind, spec)
        return {"items": [copy.deepcopy(spec)]}


def action(app: EmulatorApp, request: Request, record_id: str) -> JSON:
    """Enable or disable a flow: changes ``state`` and the etag; reply ``{"id", "etag"}``."""
    op = (request.param("op") or "").lower()
    if op not in ("enable", "disable"):
        raise bad_request(
            f"The action op '{request.param('op')}' is not supported; use op=enable or op=disable."
        )
    with app.store.lock:
        record = app.store.find(request.sandbox, "flows", record_id)
        if record is None:
            raise not_found("flows", record_id)
        if_match = request.headers.get("if-match")
        if if_match:
            _check_if_match(if_match, record)
        changed = copy.deepcopy(record)
        changed["state"] = "enabled" if op == "enable" else "disabled"
        user, client = _user(app)
        app.store.stamp(changed, user=user, client=client)
        if op == "enable" and record.get("state") != "enabled":
            app.store.run_now(request.sandbox, changed)  # an enabled flow runs at once
        app.store.replace(request.sandbox, "flows", changed)
        return {"id": record_id, "etag": changed["etag"]}
