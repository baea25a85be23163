"""Reading the service's error bodies: every shape it answers in becomes one typed exception.

The Flow Service, its gateway and IMS each answer errors in their own JSON shape (or not in JSON
at all); this module reads them all so the rest of the client sees one exception tree.
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from flowtui.api.envelopes import decode_json, request_id_of, shown_text
from flowtui.api.error_codes import with_meaning
from flowtui.api.errors import (
    AnswerError,
    AuthenticationError,
    FlowServiceError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitedError,
    ServerError,
    UnexpectedAnswerError,
    ValidationError,
)

NOT_FOUND_MESSAGE = "not found, or you have no access to it"
_CODE = re.compile(r"\b[A-Z][A-Z0-9]{1,15}-\d{3,5}(?:-\d{3})?\b")
_MAX_DETAIL = 500


@dataclass(frozen=True)
class ErrorBody:
    """What an error reply said, whichever shape it came in."""

    code: str | None = None
    title: str | None = None
    detail: str | None = None
    request_id: str | None = None
    gateway: bool = False
    """Answered by the API gateway (``error_code`` shape): about credentials, not records."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if not text:
        return None
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


def _find_code(*candidates: Any) -> str | None:
    for candidate in candidates:
        if candidate is None:
            continue
        match = _CODE.search(str(candidate))
        if match:
            return match.group(0)
    return None


def parse_error_body(response: httpx.Response) -> ErrorBody:
    """The code, title, detail and request id of an error reply, in any of the known shapes."""
    header_id = request_id_of(response)
    try:
        body: Any = decode_json(response)  # depth-safe: a hostile error body cannot recurse
    except (ValueError, UnicodeDecodeError):
        body = None
    if isinstance(body, list) and body and isinstance(body[0], dict):
        body = body[0]
    if not isinstance(body, dict):
        raw = _text(response.text) if response.content else None
        if raw and raw.lstrip().startswith("<"):
            raw = None  # an HTML error page says nothing a person can use
        return ErrorBody(detail=raw, request_id=header_id)

    found = body.get("report")
    report: dict[str, Any] = found if isinstance(found, dict) else {}
    # Flow Service problem shape, with or without its report.
    title = _text(body.get("title"))
    detail = _text(body.get("detail")) or _text(report.get("detailed-message"))
    # Older Flow Service shape.
    if detail is None and title is None:
        title = _text(body.get("errorMessage"))
        detail = _text(body.get("errorDetails"))
        if detail == title:
            detail = None
    # Gateway and IMS shapes, and bare messages.
    gateway_code = body.get("error_code") or body.get("errorCode") or body.get("error")
    if title is None and detail is None:
        detail = (
            _text(body.get("message"))
            or _text(body.get("error_description"))
            or _text(body.get("error"))
        )
    code = _find_code(body.get("code"), body.get("type"), title, body.get("errorMessage"))
    if code is None and gateway_code is not None:
        code = str(gateway_code)
    request_id = (
        _text(report.get("request-id"))
        or _text(body.get("request-id"))
        or _text(body.get("requestId"))
        or header_id
    )
    return ErrorBody(
        code=code,
        title=title,
        detail=detail,
        request_id=request_id,
        gateway="error_code" in body,
    )


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The wait a 429 or 503 asks for (seconds or an HTTP date), or None."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _location(response: httpx.Response) -> str | None:
    """Where a redirect points, without its query (which may carry someone's state)."""
    value = response.headers.get("location")
    if not value:
        return None
    parts = urlsplit(value)
    where = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path
    return shown_text(where) or None


def unexpected_status(response: httpx.Response, *, action: str) -> UnexpectedAnswerError:
    """A 1xx or 3xx (304 included): not success, and never followed."""
    status = response.status_code
    reason = response.reason_phrase or ""
    location = _location(response)
    where = f" to {location}" if location else ""
    return UnexpectedAnswerError(
        f"{action}: the service answered {status} {reason}{where} instead of a result; only a "
        "2xx counts as success and redirects are not followed. A proxy or a wrong platform URL "
        "may be in the way",
        status=status,
        request_id=request_id_of(response),
        detail=f"Location: {location}" if location else None,
    )


def error_for_response(
    response: httpx.Response, *, action: str, record: bool = False
) -> FlowServiceError:
    """The typed exception for any reply that is not a 2xx; ``action`` says what was being done."""
    status = response.status_code
    if status < 200 or 300 <= status < 400:
        return unexpected_status(response, action=action)
    parsed = parse_error_body(response)
    said = parsed.detail or parsed.title
    if parsed.title and parsed.detail and parsed.title not in parsed.detail:
        said = f"{parsed.title}: {parsed.detail}"
    meant = with_meaning(said, parsed.code)  # the code's documented meaning beside its text
    suffix = f": {meant}" if meant else ""
    fields: dict[str, Any] = {
        "status": status,
        "code": parsed.code,
        "request_id": parsed.request_id,
        "detail": said,
    }
    if status == 404 or (status == 403 and record and not parsed.gateway):
        return NotFoundError(f"{action}: {NOT_FOUND_MESSAGE}", **fields)
    if status == 412:
        return PreconditionFailedError(
            f"{action}: the record changed on the server since it was loaded; "
            "reload it and apply the edit again",
            **fields,
        )
    if status in (400, 409, 415, 422):
        return ValidationError(f"{action}: the service refused the request{suffix}", **fields)
    if status == 401:
        return AuthenticationError(
            f"{action}: the access token was refused; check the client id, secret and org id"
            f"{suffix}",
            **fields,
        )
    if status == 403:
        return AuthenticationError(
            f"{action}: access denied; check the org id and API key, and that the credentials' "
            f"product profile grants this permission{suffix}",
            **fields,
        )
    if status == 429:
        return RateLimitedError(
            f"{action}: too many requests; wait a moment and try again",
            retry_after=retry_after_seconds(response),
            **fields,
        )
    if status >= 500:
        return ServerError(
            f"{action}: the service is failing; try again shortly{suffix}",
            **fields,
        )
    return AnswerError(f"{action}: the service answered {status}{suffix}", **fields)
