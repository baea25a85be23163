"""Error replies in the shapes the real service and its gateway use.

Flow Service errors carry a code like ``FLOW-1404-412`` (catalogued in Adobe's "Flow Service
error messages" page) in ``type`` and a human title; the API gateway answers in its own
``{"error_code", "message"}`` shape for token and header problems.
"""

from __future__ import annotations

from typing import Any

ERROR_TYPE_BASE = "https://ns.adobe.com/aep/errors/"

# Codes and titles from the Flow Service error catalogue (1434 and 1455 as the docs name them).
INVALID_REQUEST = ("FLOW-1100-400", "Invalid request")
NOT_FOUND = ("FLOW-1101-404", "Resource not found")
INTERNAL_ERROR = ("FLOW-1102-500", "Internal Error")
UNAVAILABLE = ("FLOW-1103-503", "Service Unavailable")
LIMIT_WITH_COUNT = ("FLOW-1401-400", "Invalid request")
IF_MATCH_MISSING = ("FLOW-1403-400", "Header is missing")
VERSION_MISMATCH = ("FLOW-1404-412", "Version not matching")
UNSUPPORTED_OPERATION = ("FLOW-1434-400", "Unsupported operation")
PATCH_NOT_APPLICABLE = ("FLOW-1455-400", "Invalid patch")
METHOD_NOT_ALLOWED = ("FLOW-1100-405", "Method not allowed")
BODY_EMPTY = ("FLOW-1405-400", "Request body is empty")
CONNECTION_SPEC_CHANGED = ("FLOW-1414-400", "Connection spec cannot be updated")
AUTH_SPEC_NOT_FOUND = ("FLOW-1415-400", "Auth spec not found")
SORT_ORDER_WRONG = ("FLOW-1432-400", "Invalid sort order")
ORDERBY_FIELD_NOT_ALLOWED = ("FLOW-1433-400", "Field not allowed in orderby")
OPERATOR_NOT_IMPLEMENTED = ("FLOW-1440-400", "Operator not implemented")
OPERATOR_WITH_MANY_VALUES = ("FLOW-1443-400", "Operator not allowed with multiple values")
OPERATOR_NOT_FOR_FIELD = ("FLOW-1448-400", "Operator not supported for field")
FILTER_FIELD_INVALID = ("FLOW-1449-400", "Invalid field in filter params")
FILTER_OPERATOR_INVALID = ("FLOW-1450-400", "Invalid operator in filter params")
QUERY_PARAMETER_INVALID = ("FLOW-1451-400", "Invalid query parameter")
FILTER_VALUE_INVALID = ("FLOW-1452-400", "Invalid value for field")
QUERY_VALUE_INVALID = ("FLOW-1453-400", "Invalid query value")
SANDBOX_NOT_FOUND = ("FLOW-2100-404", "Sandbox not found")
SANDBOX_ID_NOT_FOUND = ("FLOW-2103-404", "Sandbox not found")
ORDERBY_CROSS_SANDBOX = ("FLOW-1424-400", "Invalid request")
CROSS_SANDBOX_HEADERS = ("FLOW-2112-400", "Invalid sandbox headers")
CROSS_SANDBOX_NOT_ALLOWED = ("FLOW-2113-400", "Invalid sandbox headers")


GATEWAY_BAD_REQUEST_TYPE = "about:blank"
"""The ``type`` of the gateway's BadRequestError body; the documentation does not give one."""


class EmulatorError(Exception):
    """A request the emulator refuses; carries the status and the body to send."""

    def __init__(
        self, status: int, body: dict[str, Any] | str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def flow_error(status: int, code_title: tuple[str, str], detail: str) -> EmulatorError:
    """A Flow Service error; the request id is filled in when the reply is sent."""
    code, title = code_title
    body: dict[str, Any] = {
        "type": ERROR_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "report": {"detailed-message": f"{code}: {detail}"},
    }
    return EmulatorError(status, body)


def gateway_error(
    status: int, error_code: str, message: str, headers: dict[str, str] | None = None
) -> EmulatorError:
    """An error in the API gateway's shape, used before a request reaches the service."""
    return EmulatorError(status, {"error_code": error_code, "message": message}, headers)


def gateway_bad_request(detail: str) -> EmulatorError:
    """The gateway's problem-shaped 400 (``title: BadRequestError``), e.g. for a content type."""
    body = {"type": GATEWAY_BAD_REQUEST_TYPE, "status": 400, "title": "BadRequestError"}
    return EmulatorError(400, {**body, "detail": detail})


def bad_request(detail: str) -> EmulatorError:
    """A 400 for a request the service cannot process as sent."""
    return flow_error(400, INVALID_REQUEST, detail)


def not_found(kind: str, record_id: str) -> EmulatorError:
    """A 404 for an id that does not exist in this sandbox."""
    return flow_error(
        404,
        NOT_FOUND,
        f"The requested resource is not found. No {kind} with id '{record_id}' exists "
        "in this sandbox.",
    )
