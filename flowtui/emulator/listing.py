"""List requests: page size, count, order, and the continuation token in its two modes.

By default a token is URL-safe base64 of the query (filters, fields, order, page size) and the
offset of the next page, so ``/flows?continuationToken=<token>`` alone fetches the next page;
parameters repeated next to such a token are ignored, so a client that repeats them gets the
same page. In cursor mode (``EmulatorConfig(cursor_tokens=True)``) a token is only the kind and
the position: the query sent beside it (``property``, ``orderby``, ``limit``) is applied from
that position, so a client that does not send the query again gets the unfiltered, default
ordered list from there, as it would from a service whose token is a bare cursor.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flowtui.emulator.errors import (
    LIMIT_WITH_COUNT,
    QUERY_PARAMETER_INVALID,
    bad_request,
    flow_error,
)
from flowtui.emulator.fields import DEFAULT_ORDER
from flowtui.emulator.query import Query

JSON = dict[str, Any]

MAX_LIMIT = 100
DEFAULT_LIMIT = 100
LIST_PARAMETERS: tuple[str, ...] = ("property", "limit", "orderby", "count", "continuationToken")
"""The query parameters a list takes; any other is refused with 1451."""


def encode_token(
    kind: str, properties: list[str], orderby: str | None, limit: int, offset: int
) -> str:
    state = {"k": kind, "p": properties, "o": orderby, "l": limit, "s": offset}
    raw = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def encode_cursor(kind: str, offset: int) -> str:
    """A cursor-mode token: the kind and the position of the next page, nothing else."""
    raw = json.dumps({"k": kind, "c": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, token: str) -> int:
    """The position a cursor-mode token holds; 400 when it is not one of ours for this kind."""
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset = int(state["c"])
        if state["k"] != kind or offset < 0:
            raise ValueError(state)
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise bad_request(
            "The continuationToken is not valid for this list. Start the list again without it."
        ) from exc
    return offset


def decode_token(kind: str, token: str) -> tuple[list[str], str | None, int, int]:
    """The query a token carries; 400 when it is not one of ours or is for another kind."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
        properties = [str(p) for p in state["p"]]
        orderby = state["o"]
        limit = int(state["l"])
        offset = int(state["s"])
        if state["k"] != kind or offset < 0 or not 0 < limit <= MAX_LIMIT:
            raise ValueError(state)
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise bad_request(
            "The continuationToken is not valid for this list. Start the list again without it."
        ) from exc
    return properties, (str(orderby) if orderby is not None else None), limit, offset


def _last(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def _flag(params: dict[str, list[str]], name: str) -> bool:
    values = params.get(name)
    if not values:
        return False
    value = values[-1].lower()
    if value not in ("true", "false"):
        raise bad_request(f"{name} must be true or false, not '{values[-1]}'.")
    return value == "true"


def _limit(params: dict[str, list[str]]) -> int | None:
    values = params.get("limit")
    if not values:
        return None
    try:
        limit = int(values[-1])
    except ValueError:
        raise bad_request(f"limit must be a whole number, not '{values[-1]}'.") from None
    if limit < 1 or limit > MAX_LIMIT:
        raise bad_request(f"limit must be between 1 and {MAX_LIMIT}; {limit} was given.")
    return limit


def _properties(params: dict[str, list[str]]) -> list[str]:
    """One ``property`` value is one condition; commas inside it are "any of" lists."""
    return list(params.get("property", []))


def check_parameters(params: dict[str, list[str]]) -> None:
    """1451 for a query parameter a list does not take."""
    for name in params:
        if name not in LIST_PARAMETERS:
            raise flow_error(
                400,
                QUERY_PARAMETER_INVALID,
                f"Invalid query parameter '{name}'. A list takes {', '.join(LIST_PARAMETERS)}.",
            )


def list_page(
    kind: str,
    records: list[JSON],
    params: dict[str, list[str]],
    *,
    paged: bool,
    present: Callable[[JSON], JSON],
    cursor_tokens: bool = False,
) -> JSON:
    """The list body for ``params``; ``present`` turns a stored record into what is sent."""
    check_parameters(params)
    if not paged:
        query = Query.parse(kind, _properties(params), None)
        return {"items": [query.project(present(r)) for r in query.select(records)]}
    token = _last(params, "continuationToken")
    if token and not cursor_tokens:
        properties, orderby, limit, offset = decode_token(kind, token)
    else:
        properties = _properties(params)
        orderby = _last(params, "orderby")
        requested = _limit(params)
        if _flag(params, "count"):
            if requested is not None:
                raise flow_error(
                    400,
                    LIMIT_WITH_COUNT,
                    "The limit and count parameters cannot be given together in the same "
                    "request. Please provide either only the limit or the count parameter and "
                    "try again.",
                )
            query = Query.parse(kind, properties, orderby)
            return {"count": len(query.select(records))}
        limit = requested or DEFAULT_LIMIT
        offset = decode_cursor(kind, token) if token else 0
    query = Query.parse(kind, properties, orderby, DEFAULT_ORDER)
    chosen = query.select(records)
    page = chosen[offset : offset + limit]
    links: JSON = {}
    if offset + limit < len(chosen):
        next_token = (
            encode_cursor(kind, offset + limit)
            if cursor_tokens
            else encode_token(kind, properties, orderby, limit, offset + limit)
        )
        links = {"next": {"href": f"/{kind}?continuationToken={quote(next_token)}"}}
    return {"items": [query.project(present(r)) for r in page], "_links": links}
