"""Changes: JSON Patch under If-Match for records, PUT for specs, enable/disable for flows."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

import jsonpatch
import jsonpointer

from flowtui.emulator.errors import (
    IF_MATCH_MISSING,
    PATCH_NOT_APPLICABLE,
    UNSUPPORTED_OPERATION,
    VERSION_MISMATCH,
    bad_request,
    flow_error,
    not_found,
)

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
READ_ONLY_BY_KIND: dict[str, tuple[str, ...]] = {
    "flows": ("state",),
    "connections": ("connectionSpec",),
    "sourceConnections": ("connectionSpec",),
    "targetConnections": ("connectionSpec",),
}
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
SPEC_REQUIRED: tuple[str, ...] = ("name", "providerId", "version")


def require_json_content_type(headers: dict[str, str], body: bytes) -> None:
    """A payload must be declared JSON, as every Platform API requires."""
    if not body:
        return
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_MEDIA_TYPES:
        raise bad_request(
            "Requests with a payload require the header 'Content-Type: application/json'."
        )


def _json_body(request: Request) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}.") from None


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
            changed = jsonpatch.JsonPatch(ops).apply(copy.deepcopy(record))
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            raise flow_error(
                400,
                PATCH_NOT_APPLICABLE,
                f"The patch cannot be applied to {kind} '{record_id}': {exc}.",
            ) from None
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
        app.store.replace(request.sandbox, "flows", changed)
        return {"id": record_id, "etag": changed["etag"]}
