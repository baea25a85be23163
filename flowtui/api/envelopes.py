"""Reading successful answers: the {"items": [...]} envelope, _links.next and request ids.

A 2xx whose body is not the documented JSON is not success: the strict readers (``read_list``,
``read_record``) raise UnexpectedAnswerError showing what was received, so a proxy's HTML page
or a truncated body can never look like an empty list.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from flowtui import exactjson
from flowtui.api.errors import UnexpectedAnswerError

REQUEST_ID_HEADERS = ("x-request-id", "x-adobe-request-id", "request-id")
SHOWN_CHARS = 200
"""How much of an unexpected body an error shows."""
REPEATED_QUERY = ("property", "orderby", "limit")
"""The list parameters sent again beside a continuation token that does not carry them."""


def request_id_of(response: httpx.Response) -> str | None:
    """The request id the service gave this answer, to quote to support."""
    return next((response.headers[h] for h in REQUEST_ID_HEADERS if h in response.headers), None)


def decode_json(response: httpx.Response) -> Any:
    """The decoded body; ValueError when it is not JSON.

    Numbers keep their exact text (``1e400`` is not read as inf) and a part nested deeper than
    ``exactjson.MAX_DEPTH`` is cut (a TooDeepValue stands there), so one hostile record can
    neither be changed by being read nor stop the rest of its page from loading.
    """
    return exactjson.loads(response.content, cut_too_deep=True)


def json_or_none(response: httpx.Response) -> Any:
    """The decoded body, or None when it is empty or not JSON (e.g. a 202)."""
    if not response.content:
        return None
    try:
        return decode_json(response)
    except ValueError:
        return None


def shown_text(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` safe to show a person: control characters replaced, cut to ``limit``."""
    cleaned = "".join(
        " " if ch in "\r\n\t" else ch if ch.isprintable() else "\ufffd" for ch in text[: limit + 1]
    ).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def unexpected_body(
    response: httpx.Response, *, action: str, expected: str
) -> UnexpectedAnswerError:
    """The error for an answer whose body is not ``expected``: status, content type and the
    first characters received, so the person sees what came instead."""
    raw = response.content[: SHOWN_CHARS * 4].decode("utf-8", errors="replace")
    shown = shown_text(raw)
    content_type = response.headers.get("content-type") or "no content type"
    received = f"it began: {shown}" if shown else "the body was empty"
    return UnexpectedAnswerError(
        f"{action}: the answer ({content_type}) is not {expected}; {received}",
        status=response.status_code,
        request_id=request_id_of(response),
        detail=shown or None,
    )


def read_list(
    response: httpx.Response, *, action: str, paged: bool = True
) -> tuple[list[dict[str, Any]], str | None]:
    """The records and next-page href of a list answer, or UnexpectedAnswerError.

    The documented body is ``{"items": [object, ...]}``, plus ``"_links": {"next": {"href":
    "..."}}`` on every page but the last (``_links`` empty or absent there).
    """
    expected = "the documented list JSON"
    try:
        body = decode_json(response)
    except (ValueError, UnicodeDecodeError):
        raise unexpected_body(response, action=action, expected=expected) from None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise unexpected_body(response, action=action, expected=expected + ' ({"items": [...]})')
    if not paged:
        return items, None
    links = body.get("_links", {})
    following = links.get("next") if isinstance(links, dict) else None
    href = following.get("href") if isinstance(following, dict) else None
    if not isinstance(links, dict) or (
        following is not None and not (isinstance(href, str) and href)
    ):
        raise unexpected_body(
            response, action=action, expected=expected + " (_links.next.href must be a link)"
        )
    return items, href


def read_record(response: httpx.Response, *, action: str) -> dict[str, Any] | None:
    """The one record of a by-id answer; None for an empty ``{"items": []}``; otherwise, when
    the body is not a record (an object with an ``id``), UnexpectedAnswerError."""
    expected = "a record in the documented JSON"
    try:
        body = decode_json(response)
    except (ValueError, UnicodeDecodeError):
        raise unexpected_body(response, action=action, expected=expected) from None
    if isinstance(body, dict) and body.get("items") == []:
        return None
    record = unwrap(body)
    if record is None or not isinstance(record.get("id"), str):
        raise unexpected_body(response, action=action, expected=expected)
    return record


def records_of(body: Any) -> list[dict[str, Any]]:
    """The records of a list page: ``{"items": [...]}`` (or a bare array)."""
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict)]


def unwrap(body: Any) -> dict[str, Any] | None:
    """The one record of a by-id answer, ``{"items": [record]}`` or the record itself."""
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        items = records_of(body)
        return items[0] if items else None
    if isinstance(body, list):
        return body[0] if body and isinstance(body[0], dict) else None
    return body if isinstance(body, dict) and body else None


def next_href(body: Any) -> str | None:
    """``_links.next.href`` of a list page; None on the last page (``_links: {}``)."""
    if not isinstance(body, dict):
        return None
    links = body.get("_links")
    following = links.get("next") if isinstance(links, dict) else None
    href = following.get("href") if isinstance(following, dict) else None
    return href if isinstance(href, str) and href else None


def continue_list(base: httpx.URL, href: str, query: list[tuple[str, str]]) -> httpx.URL:
    """The URL of the next page: ``href`` as the service wrote it, with the list's own
    ``property``, ``orderby`` and ``limit`` added beside the token wherever ``href`` lacks them.

    Right whichever way the service reads its token: if the token carries the whole query,
    the repeated parameters say the same thing; if it is only a position, they are needed. A
    parameter the link already carries is left exactly as the service wrote it.
    """
    url = follow(base, href)
    present = set(url.params.keys())
    extra = [(k, v) for k, v in query if k in REPEATED_QUERY and k not in present]
    if not extra:
        return url
    own = url.query.decode("ascii")
    added = urlencode(extra)
    return url.copy_with(query=(f"{own}&{added}" if own else added).encode("ascii"))


def follow(base: httpx.URL, href: str) -> httpx.URL:
    """The URL a next-page ``href`` points to: a path relative to ``base``, or a full URL.

    The query is kept exactly as the service wrote it (its continuation token is opaque), and a
    link to another host is refused: following it would hand that host the access token.
    """
    parts = urlsplit(href)
    query = parts.query.encode() or None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc.decode("ascii")):
            raise UnexpectedAnswerError(
                "The service sent a next-page link to another host; not following it "
                "(the access token would go there)"
            )
        return base.copy_with(path=parts.path, query=query)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    base_path = base.path.rstrip("/")
    if not path.startswith(base_path + "/"):
        path = base_path + path
    return base.copy_with(path=path, query=query)
