"""The Sandbox Management API's sandbox list, which the Flow Service reference leaves out.

Path and shapes follow Adobe's Sandbox API guide (sandboxes endpoint):
``GET {base}/data/foundation/sandbox-management/sandboxes?limit=&offset=`` answers
``{"sandboxes": [...], "_page": {"limit", "count"}, "_links": {...}}``, each sandbox with
``name``, ``title``, ``state``, ``type`` (``production``/``development``), ``region``,
``isDefault``, ``eTag``, ``createdDate``, ``lastModifiedDate``, ``createdBy``, ``modifiedBy``;
``GET .../sandboxes/{name}`` answers one sandbox. ``limit`` and ``offset`` go together (one
alone is 400), default 50 and 0. The calls pass the gateway's checks but take no sandbox header.

Choices the guide leaves open: a credential without sandbox administration
(``EmulatorConfig(sandbox_listing=False)``) gets 403 ``{"error_code": "403027", "message"}``, so
a client can fall back to its own list; an unknown name is 404 in the same shape.
"""

from __future__ import annotations

from typing import Any

from flowtui.emulator.errors import EmulatorError, gateway_error

JSON = dict[str, Any]

SANDBOX_MANAGEMENT_BASE = "/data/foundation/sandbox-management"
SANDBOXES_PATH = SANDBOX_MANAGEMENT_BASE + "/sandboxes"
DEFAULT_LIMIT = 50

_TITLES = {"prod": "Production", "dev": "Development"}


def sandbox_record(name: str, index: int) -> JSON:
    """One sandbox as the guide's example shows it; ``prod`` is the default production one."""
    production = name == "prod"
    stamp = f"2019-09-0{3 + index % 6} 0{4 + index % 5}:57:24"
    return {
        "name": name,
        "title": _TITLES.get(name, name.title()),
        "state": "active",
        "type": "production" if production else "development",
        "region": "VA7",
        "isDefault": production,
        "eTag": 1 + index,
        "createdDate": stamp,
        "lastModifiedDate": stamp,
        "createdBy": "acme-admin@AdobeID",
        "modifiedBy": "acme-admin@AdobeID",
    }


def _refused() -> EmulatorError:
    return gateway_error(
        403,
        "403027",
        "This credential may not view sandboxes: it needs the Sandbox Administration "
        "permission. Use the sandbox names you were given.",
    )


def _whole(params: dict[str, list[str]], name: str) -> int:
    text = params[name][-1]
    try:
        value = int(text)
    except ValueError:
        raise gateway_error(
            400, "400001", f"{name} must be a whole number, not '{text}'."
        ) from None
    if value < (1 if name == "limit" else 0):
        raise gateway_error(400, "400001", f"{name} is out of range: {value}.")
    return value


def list_sandboxes(names: tuple[str, ...], params: dict[str, list[str]], *, allowed: bool) -> JSON:
    """The body of ``GET /sandboxes`` for the org's sandboxes ``names``."""
    if not allowed:
        raise _refused()
    if ("limit" in params) != ("offset" in params):
        raise gateway_error(
            400, "400001", "The limit and offset parameters must be given together."
        )
    limit = _whole(params, "limit") if "limit" in params else DEFAULT_LIMIT
    offset = _whole(params, "offset") if "offset" in params else 0
    every = [sandbox_record(name, index) for index, name in enumerate(names)]
    page = every[offset : offset + limit]
    links: JSON = {}
    if offset + limit < len(every):
        links["next"] = {"href": f"{SANDBOXES_PATH}?limit={limit}&offset={offset + limit}"}
    if offset > 0:
        links["prev"] = {"href": f"{SANDBOXES_PATH}?limit={limit}&offset={max(offset - limit, 0)}"}
    return {"sandboxes": page, "_page": {"limit": limit, "count": len(page)}, "_links": links}


def get_sandbox(names: tuple[str, ...], name: str, *, allowed: bool) -> JSON:
    """The body of ``GET /sandboxes/{name}``: the sandbox itself."""
    if not allowed:
        raise _refused()
    if name not in names:
        raise gateway_error(404, "404001", f"Sandbox named '{name}' not found.")
    return sandbox_record(name, names.index(name))
