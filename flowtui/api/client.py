"""The Flow Service client: lists, reads and updates records of one org's sandbox.

Pages stream as an async iterator; updates are PATCHes guarded by the record's etag, PUTs of
whole specs, or flow actions. The wire details live in sender.py and envelopes.py.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import httpx

from flowtui.api.auth import TokenSource
from flowtui.api.envelopes import follow, json_or_none, next_href, records_of, request_id_of, unwrap
from flowtui.api.errors import FlowServiceError, NotFoundError
from flowtui.api.kinds import ResourceKind, UpdateMethod
from flowtui.api.responses import NOT_FOUND_MESSAGE
from flowtui.api.sender import Sender, http_client
from flowtui.api.settings import ClientSettings

PAGE_LIMIT = 100


@dataclass(frozen=True)
class Page:
    """One page of a list: its records, and the link to the next page (None on the last)."""

    records: list[dict[str, Any]]
    next_href: str | None


@dataclass(frozen=True)
class UpdateResult:
    """What a PATCH or an action left behind: the record's new etag and the request id."""

    id: str
    etag: str | None
    request_id: str | None


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value).lower())


class FlowServiceClient:
    """Async client of one organisation's sandbox on the Flow Service."""

    def __init__(
        self,
        settings: ClientSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        http = http_client(settings, transport)
        self._sender = Sender(settings, http, TokenSource(settings, http))
        self._owns_http = True
        self._base = httpx.URL(settings.flow_service_url)

    # --- where it points ------------------------------------------------------------------

    @property
    def settings(self) -> ClientSettings:
        return self._sender.settings

    @property
    def sandbox(self) -> str:
        return self._sender.settings.sandbox

    @property
    def org_id(self) -> str:
        return self._sender.settings.org_id

    @property
    def tokens(self) -> TokenSource:
        return self._sender.tokens

    @property
    def request_count(self) -> int:
        """Calls sent to the Flow Service, retries included (for benchmarks)."""
        return self._sender.count

    def for_sandbox(self, sandbox: str) -> FlowServiceClient:
        """A client of another sandbox sharing this one's connection and token."""
        other = object.__new__(FlowServiceClient)
        sender = self._sender
        other._sender = Sender(
            replace(sender.settings, sandbox=sandbox), sender.http, sender.tokens
        )
        other._owns_http = False
        other._base = self._base
        return other

    async def aclose(self) -> None:
        if self._owns_http:
            await self._sender.http.aclose()

    async def __aenter__(self) -> FlowServiceClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- lists ----------------------------------------------------------------------------

    async def list_pages(
        self,
        kind: ResourceKind,
        *,
        properties: Sequence[str] = (),
        orderby: str | None = None,
        limit: int = PAGE_LIMIT,
    ) -> AsyncGenerator[Page, None]:
        """Each page of a list as it arrives, following ``_links.next.href`` to the end."""
        action = f"Listing {kind.title.lower()}"
        params: list[tuple[str, str]] = [("property", p) for p in properties]
        if not kind.paged:
            # Spec kinds take only ``property`` and answer in one page; order them here.
            response = await self._sender.send(
                "GET", self._url(kind.path), params=params, action=action
            )
            records = records_of(json_or_none(response))
            yield Page(self._ordered(records, orderby) if orderby else records, None)
            return
        if not 1 <= limit <= PAGE_LIMIT:
            raise ValueError(f"limit must be between 1 and {PAGE_LIMIT}, not {limit}")
        params.append(("limit", str(limit)))
        if orderby:
            params.append(("orderby", orderby))
        url = self._url(kind.path)
        query: list[tuple[str, str]] | None = params
        seen: set[str] = set()
        while True:
            response = await self._sender.send("GET", url, params=query, action=action)
            body = json_or_none(response)
            href = next_href(body)
            if href is not None and href in seen:
                raise FlowServiceError(
                    f"{action}: the service sent the same next-page link twice; stopped rather "
                    "than loop forever",
                    request_id=request_id_of(response),
                )
            yield Page(records_of(body), href)
            if href is None:
                return
            seen.add(href)
            url = follow(self._base, href)
            query = None  # the continuation token carries the filters, order and page size

    async def list_all(
        self, kind: ResourceKind, *, properties: Sequence[str] = (), orderby: str | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a list, all pages gathered."""
        records: list[dict[str, Any]] = []
        async for page in self.list_pages(kind, properties=properties, orderby=orderby):
            records.extend(page.records)
        return records

    async def count(self, kind: ResourceKind, *, properties: Sequence[str] = ()) -> int:
        """How many records match, via ``count=true`` (never sent with ``limit``)."""
        if not kind.paged:
            return len(await self.list_all(kind, properties=properties))
        action = f"Counting {kind.title.lower()}"
        params = [("property", p) for p in properties]
        params.append(("count", "true"))
        response = await self._sender.send(
            "GET", self._url(kind.path), params=params, action=action
        )
        body = json_or_none(response)
        if isinstance(body, dict) and isinstance(body.get("count"), int):
            return int(body["count"])
        raise FlowServiceError(
            f"{action}: the service answered without a count", request_id=request_id_of(response)
        )

    # --- one record -----------------------------------------------------------------------

    async def get(self, kind: ResourceKind, record_id: str) -> dict[str, Any]:
        """The record with this id, unwrapped from its ``{"items": [...]}`` envelope."""
        action = f"Reading {kind.singular} {record_id}"
        url = self._record_url(kind, record_id)
        response = await self._sender.send("GET", url, action=action, record=True)
        record = unwrap(json_or_none(response))
        if record is None:
            raise NotFoundError(
                f"{action}: {NOT_FOUND_MESSAGE}",
                status=response.status_code,
                request_id=request_id_of(response),
            )
        return record

    async def patch(
        self, kind: ResourceKind, record_id: str, ops: list[dict[str, Any]], etag: str
    ) -> UpdateResult:
        """Apply a JSON Patch guarded by ``If-Match`` with the etag exactly as the record had it."""
        if kind.update is not UpdateMethod.PATCH:
            raise ValueError(f"{kind.title} are not updated by PATCH")
        response = await self._sender.send(
            "PATCH",
            self._record_url(kind, record_id),
            json_body=ops,
            headers={"If-Match": etag},
            action=f"Updating {kind.singular} {record_id}",
            record=True,
        )
        return await self._update_result(kind, record_id, response)

    async def put(self, kind: ResourceKind, record_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Replace a spec with ``body`` and return the record as the service now holds it."""
        if kind.update is not UpdateMethod.PUT:
            raise ValueError(f"{kind.title} are not updated by PUT")
        response = await self._sender.send(
            "PUT",
            self._record_url(kind, record_id),
            json_body=body,
            action=f"Replacing {kind.singular} {record_id}",
            record=True,
        )
        record = unwrap(json_or_none(response))
        if record is None or set(record) <= {"id", "etag"}:
            return await self.get(kind, record_id)  # an answer of just {"id"}: read it back
        return record

    async def action(
        self, kind: ResourceKind, record_id: str, op: str, etag: str | None = None
    ) -> UpdateResult:
        """Run a state transition such as ``enable``: ``POST /{kind}/{id}/action?op=...``."""
        if op not in kind.actions:
            raise ValueError(f"{kind.title} have no action {op!r}")
        response = await self._sender.send(
            "POST",
            self._record_url(kind, record_id, "/action"),
            params=[("op", op)],
            headers={"If-Match": etag} if etag else {},
            action=f"Running {op} on {kind.singular} {record_id}",
            record=True,
        )
        return await self._update_result(kind, record_id, response)

    # --- helpers --------------------------------------------------------------------------

    def _url(self, path: str) -> httpx.URL:
        return self._base.copy_with(path=self._base.path.rstrip("/") + path)

    def _record_url(self, kind: ResourceKind, record_id: str, suffix: str = "") -> httpx.URL:
        if not record_id:
            raise ValueError("a record id is required")
        return self._url(f"{kind.path}/{quote(record_id, safe='')}{suffix}")

    @staticmethod
    def _ordered(records: list[dict[str, Any]], orderby: str) -> list[dict[str, Any]]:
        field = orderby.lstrip("+-")
        descending = orderby.startswith("-")
        return sorted(records, key=lambda r: _sort_key(r.get(field)), reverse=descending)

    async def _update_result(
        self, kind: ResourceKind, record_id: str, response: httpx.Response
    ) -> UpdateResult:
        body = json_or_none(response)
        body = body if isinstance(body, dict) else {}
        etag = body.get("etag") if isinstance(body.get("etag"), str) else None
        etag = etag or response.headers.get("etag") or None
        if etag is None:
            # 202 with no body: the change was taken; read the record to learn its new etag.
            found = (await self.get(kind, record_id)).get("etag")
            etag = found if isinstance(found, str) else None
        new_id = body.get("id")
        return UpdateResult(str(new_id) if new_id else record_id, etag, request_id_of(response))
