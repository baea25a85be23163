"""Reading successful answers: the {"items": [...]} envelope, _links.next and request ids."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from flowtui.api.errors import FlowServiceError

REQUEST_ID_HEADERS = ("x-request-id", "x-adobe-request-id", "request-id")


def request_id_of(response: httpx.Response) -> str | None:
    """The request id the service gave this answer, to quote to support."""
    return next((response.headers[h] for h in REQUEST_ID_HEADERS if h in response.headers), None)


def json_or_none(response: httpx.Response) -> Any:
    """The decoded body, or None when it is empty or not JSON (e.g. a 202)."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


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


def follow(base: httpx.URL, href: str) -> httpx.URL:
    """The URL a next-page ``href`` points to: a path relative to ``base``, or a full URL.

    The query is kept exactly as the service wrote it (its continuation token is opaque), and a
    link to another host is refused: following it would hand that host the access token.
    """
    parts = urlsplit(href)
    query = parts.query.encode() or None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc.decode("ascii")):
            raise FlowServiceError(
                "The service sent a next-page link to another host; not following it "
                "(the access token would go there)"
            )
        return base.copy_with(path=parts.path, query=query)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    base_path = base.path.rstrip("/")
    if not path.startswith(base_path + "/"):
        path = base_path + path
    return base.copy_with(path=path, query=query)
