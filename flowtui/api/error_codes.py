"""The documented meaning of each Flow Service and gateway error code, so a refusal can be shown
with what the code means as well as what the service said.

From Adobe's error catalogue (``help/sources/errors/flow-service-errors.md`` and the gateway
errors of ``help/landing/troubleshooting.md``; a copy with its sources is in
``reference/flow-service/errors.md`` of the shared material). Meanings are paraphrased and say
what to do where the catalogue makes it clear.
"""

from __future__ import annotations

import re

FLOW_SERVICE_CODES: dict[int, str] = {
    1100: "invalid request, or not entitled to this operation",
    1101: "no resource with the given id exists",
    1102: "internal error in the service; try again later",
    1400: "internal error in the service; try again later",
    1103: "the service is unavailable; try again later",
    1104: "gateway timeout; try again later",
    1401: "limit and count cannot be given together",
    1403: "the If-Match header is missing: reload the record and submit again",
    1404: "the etag sent does not match the record's current version: reload and reapply",
    1405: "the request body is null or empty",
    1410: "state is not allowed when creating a flow",
    1411: "the record id could not be read from the path",
    1413: "the spec id is not valid",
    1414: "the connection spec of a connection cannot be changed",
    1415: "the auth spec named in auth.specName is not one of the connection spec's authSpec",
    1416: "a connection can be changed only while enabled, disabled or initializing",
    1418: "a base connection used by flows cannot be deleted",
    1420: "a flow that is disabling cannot be updated",
    1421: "a flow that is updating cannot change state",
    1422: "the action cannot be applied in the flow's current state",
    1424: "orderby is not supported in a cross-sandbox query",
    1426: "the token is not allowed to create or update this connection spec",
    1430: "no flow with the given id",
    1432: "wrong sort order: prefix a field with + for ascending or - for descending",
    1433: "this field cannot be used in orderby (for example +name, -name, name)",
    1434: "unsupported patch operation: only add, replace and remove are accepted",
    1437: "unsupported status value",
    1439: "the flow was not found",
    1440: "the filter operator is not implemented: use ==, !=, >, <, >= or <=",
    1443: "this filter operator takes one value: only == and != take a comma list",
    1445: "patching connections is not enabled for this organisation",
    1447: "active flows use this resource",
    1448: "this filter operator is not supported for this field (ranges need a number field)",
    1449: "the filter names a field the service does not know",
    1450: "the filter uses an operator that does not exist: use ==, !=, >, <, >= or <=",
    1451: "the request has a query parameter the service does not take",
    1452: "the value is not valid for this field (a timestamp field takes one whole number)",
    1453: "the filter has no value after its operator",
    1454: "the filter value has a type the service cannot handle",
    1455: "the patch cannot be applied: a field it names is missing",
    1456: "the state is not valid: use enabled, disabled or initializing",
    2000: "the token has no access to this organisation, or it does not exist",
    2001: "the x-gw-ims-org-id header is missing",
    2002: "the x-gw-ims-org-id header is empty",
    2100: "no sandbox with this name: check the sandbox setting",
    2101: "no sandbox with this name: check the sandbox setting",
    2103: "no sandbox with this id and name",
    2105: "the x-sandbox-name header is missing",
    2110: "x-sandbox-id is not allowed with a user token",
    2111: "x-sandbox-name: * is restricted with a user token",
    2112: "a cross-sandbox query needs both sandbox headers set to *",
    2113: "* sandbox headers are not allowed for this request",
    2114: "the token is empty",
    2115: "the token is not valid",
    2118: "a permission this call needs is missing from the product profile",
    2120: "forbidden: the product profile lacks the permission",
    2121: "forbidden: the product profile lacks the permission",
}
"""Flow Service codes (the number in ``FLOW-1453-400``) and what they mean."""

GATEWAY_CODES: dict[str, str] = {
    "403010": "the Authorization header is missing",
    "401013": "the access token is not valid or has expired",
    "403000": "the x-api-key header is missing",
    "403003": "the x-api-key is not valid",
    "400003": "the x-gw-ims-org-id header is missing",
    "403025": "the credentials are not entitled to the organisation in x-gw-ims-org-id",
}
"""The API gateway's ``error_code`` values and what they mean."""

_FLOW_CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*-)?(\d{4})(?:-\d{3})?$")


def meaning_of(code: str | None) -> str | None:
    """The documented meaning of ``FLOW-1453-400``, ``1453-400``, ``1453`` or ``403010``."""
    if not code:
        return None
    code = code.strip()
    if code in GATEWAY_CODES:
        return GATEWAY_CODES[code]
    match = _FLOW_CODE.match(code)
    return FLOW_SERVICE_CODES.get(int(match.group(1))) if match else None


def with_meaning(said: str | None, code: str | None) -> str | None:
    """What the service said, followed by the documented meaning of its code when one is known."""
    meaning = meaning_of(code)
    if meaning is None or (said and meaning in said):
        return said
    return f"{said} (the code means: {meaning})" if said else f"the code means: {meaning}"
