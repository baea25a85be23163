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
from flowtui.api.envelopes import (
    continue_list,
    json_or_none,
    read_list,
    read_record,
    request_id_of,
    unexpected_body,
    unwrap,
)
from flowtui.api.errors import (
    FlowServiceError,
    NotFoundError,
    SandboxListUnavailableError,
    UnexpectedAnswerError,
)
from flowtui.api.kinds import KINDS, ResourceKind, UpdateMethod
from flowtui.api.responses import NOT_FOUND_MESSAGE
from flowtui.api.sender import Sender, http_client, reports_steps
from flowtui.api.settings import ClientSettings

PAGE_LIMIT = 100
SANDBOXES_PATH = "/data/foundation/sandbox-management/sandboxes"
"""The Sandbox Management API's list (Adobe's Sandbox API guide), under the platform URL."""
SANDBOX_PAGE = 50
MAX_SANDBOX_PAGES = 20
ANY_SANDBOX_HEADERS: dict[str, str] = {"x-sandbox-name": "*", "x-sandbox-id": "*"}
"""A cross-sandbox read: both headers ``*`` (errors.md 2112); the answer's ``sandboxName`` says
where the record lives. The service refuses them on writes (2113) and with orderby (1424)."""


@dataclass(frozen=True)
class Sandbox:
    """One sandbox of the organisation, as the Sandbox Management API lists it."""

    name: str
    """What ``x-sandbox-name`` takes: ``prod``, ``dev``."""
    title: str
    type: str
    """``production`` or ``development``."""
    state: str = "active"
    is_default: bool = False


@dataclass(frozen=True)
class FoundRecord:
    """A record found by a cross-sandbox read, with the kind and sandbox that hold it."""

    kind: ResourceKind
    record: dict[str, Any]
    sandbox: str


@dataclass(frozen=True)
class ListTruncated:
    """Why a list stopped before its end: it reached the settings' record or page limit."""

    loaded: int
    """Records loaded, this page's included."""
    pages: int
    limit: str
    """The limit reached, in words (e.g. "10,000 records")."""

    @property
    def message(self) -> str:
        """What to tell the person: how much was loaded and how to see the rest."""
        return (
            f"Stopped after {self.loaded:,} records ({self.pages:,} pages): the list is longer "
            f"than the limit of {self.limit}. Narrow it with a filter (/ in the pane, e.g. "
            "state==enabled) to see the records you need"
        )


class ListTruncatedError(FlowServiceError):
    """A whole list was asked for and it is longer than the settings allow; nothing is lost
    on the server. ``records`` holds what was loaded; ``truncated`` says why it stopped."""

    def __init__(self, message: str, *, records: list[dict[str, Any]], truncated: ListTruncated):
        super().__init__(message)
        self.records = records
        self.truncated = truncated


@dataclass(frozen=True)
class Page:
    """One page of a list: its records, and the link to the next page (None on the last).

    On the last page a list yields because of a limit, ``truncated`` says so (and
    ``next_href`` is the link not followed); it is None on every other page.
    """

    records: list[dict[str, Any]]
    next_href: str | None
    truncated: ListTruncated | None = None


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
        self._sender = Sender(
            settings, http, TokenSource(settings, http), reports_steps=reports_steps(transport)
        )
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
            replace(sender.settings, sandbox=sandbox),
            sender.http,
            sender.tokens,
            reports_steps=sender.reports_steps,
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
        """Each page of a list as it arrives, following ``_links.next.href`` to the end.

        Each next page is asked for with the link as the service wrote it, plus this list's
        ``property``, ``orderby`` and ``limit`` wherever the link lacks them, so the order and
        filters hold whether the continuation token carries the query or is only a position.
        Stops, with ``Page.truncated`` set on the last page yielded, at the settings'
        ``max_list_records`` or ``max_list_pages``. A body that is not the documented list JSON
        raises UnexpectedAnswerError (with what was received).
        """
        action = f"Listing {kind.title.lower()}"
        params: list[tuple[str, str]] = [("property", p) for p in properties]
        if not kind.paged:
            # Spec kinds take only ``property`` and answer in one page; order them here.
            response = await self._sender.send(
                "GET", self._url(kind.path), params=params, action=action
            )
            records, _ = read_list(response, action=action, paged=False)
            yield Page(self._ordered(records, orderby) if orderby else records, None)
            return
        if not 1 <= limit <= PAGE_LIMIT:
            raise ValueError(f"limit must be between 1 and {PAGE_LIMIT}, not {limit}")
        params.append(("limit", str(limit)))
        if orderby:
            params.append(("orderby", orderby))
        settings = self.settings
        url = self._url(kind.path)
        query: list[tuple[str, str]] | None = params
        seen: set[str] = set()
        loaded = pages = 0
        while True:
            response = await self._sender.send("GET", url, params=query, action=action)
            records, href = read_list(response, action=action)
            loaded += len(records)
            pages += 1
            if href is not None and href in seen:
                raise UnexpectedAnswerError(
                    f"{action}: the service sent the same next-page link twice; stopped rather "
                    "than loop forever",
                    status=response.status_code,
                    request_id=request_id_of(response),
                )
            truncated = None
            if href is not None and loaded >= settings.max_list_records:
                truncated = ListTruncated(loaded, pages, f"{settings.max_list_records:,} records")
            elif href is not None and pages >= settings.max_list_pages:
                truncated = ListTruncated(loaded, pages, f"{settings.max_list_pages:,} pages")
            yield Page(records, href, truncated)
            if href is None or truncated is not None:
                return
            seen.add(href)
            url = continue_list(self._base, href, params)
            query = None  # the URL now holds the whole query

    async def list_all(
        self,
        kind: ResourceKind,
        *,
        properties: Sequence[str] = (),
        orderby: str | None = None,
        limit: int = PAGE_LIMIT,
    ) -> list[dict[str, Any]]:
        """Every record of a list, all pages gathered; ListTruncatedError past the limits."""
        records: list[dict[str, Any]] = []
        pages = self.list_pages(kind, properties=properties, orderby=orderby, limit=limit)
        async for page in pages:
            records.extend(page.records)
            if page.truncated is not None:
                raise ListTruncatedError(
                    f"Listing {kind.title.lower()}: {page.truncated.message}",
                    records=records,
                    truncated=page.truncated,
                )
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
        raise unexpected_body(response, action=action, expected='a count ({"count": n})')

    # --- one record -----------------------------------------------------------------------

    async def get(self, kind: ResourceKind, record_id: str) -> dict[str, Any]:
        """The record with this id, unwrapped from its ``{"items": [...]}`` envelope.

        NotFoundError for a 404 or an empty envelope; UnexpectedAnswerError when the body is not
        a record (HTML, truncated JSON, an object without an ``id``).
        """
        action = f"Reading {kind.singular} {record_id}"
        url = self._record_url(kind, record_id)
        response = await self._sender.send("GET", url, action=action, record=True)
        record = read_record(response, action=action)
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
        """Apply a JSON Patch guarded by ``If-Match`` with the etag exactly as the record had it.

        Only a 2xx is success. OutcomeUnknownError means the PATCH went out and no usable answer
        came back (timeout, reset, deadline, 502/504): it may or may not have been applied, and
        only a re-read tells (applied if the record holds the submitted values under a new
        etag; not applied if it still has ``etag``; otherwise, unknown: it may still land).
        Every other error means it was not applied: NoAnswerError (ConnectionFailedError) that
        it was never sent, an AnswerError (412, 400, a 3xx, a 500, ...) that the service answered
        without success (certain for a 4xx; re-read after a 3xx or 500 to confirm).
        """
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
        """Replace a spec with ``body`` and return the record as the service now holds it.

        Errors mean what they mean for ``patch``: after OutcomeUnknownError re-read the spec and
        compare it with ``body``; after any other error it was not replaced.
        """
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
        """Run a state transition such as ``enable``: ``POST /{kind}/{id}/action?op=...``.

        Errors mean what they mean for ``patch`` (OutcomeUnknownError: re-read to know).
        """
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

    # --- sandboxes ------------------------------------------------------------------------

    async def list_sandboxes(self) -> list[Sandbox]:
        """The organisation's sandboxes, every page, in the order the service gives them.

        SandboxListUnavailableError for anything but the documented answer (a credential
        without sandbox administration gets 403; no answer; another body): the caller falls
        back to the sandboxes its profile names.
        """
        action = "Listing sandboxes"
        url = httpx.URL(self.settings.platform_url)
        url = url.copy_with(path=url.path.rstrip("/") + SANDBOXES_PATH)
        found: list[Sandbox] = []
        for page in range(MAX_SANDBOX_PAGES):
            params = [("limit", str(SANDBOX_PAGE)), ("offset", str(page * SANDBOX_PAGE))]
            try:
                response = await self._sender.send("GET", url, params=params, action=action)
            except FlowServiceError as exc:
                raise SandboxListUnavailableError(
                    f"{action}: the service would not list them ({exc.message}); using the "
                    "sandboxes the profile names",
                    status=exc.status,
                    code=exc.code,
                    request_id=exc.request_id,
                ) from exc
            body = json_or_none(response)
            items = body.get("sandboxes") if isinstance(body, dict) else None
            if not isinstance(body, dict) or not isinstance(items, list):
                raise SandboxListUnavailableError(
                    f"{action}: the answer is not a sandbox list; using the sandboxes the "
                    "profile names",
                    status=response.status_code,
                    request_id=request_id_of(response),
                )
            found.extend(_sandbox(item) for item in items if _sandbox_name(item))
            links = body.get("_links")
            more = isinstance(links, dict) and isinstance(links.get("next"), dict)
            if not more or len(items) < SANDBOX_PAGE:
                break
        return found

    async def get_anywhere(self, kind: ResourceKind, record_id: str) -> FoundRecord:
        """The record of ``kind`` with this id in whichever sandbox holds it (a cross-sandbox
        read); NotFoundError when no sandbox has it."""
        action = f"Looking for {kind.singular} {record_id} in every sandbox"
        response = await self._sender.send(
            "GET",
            self._record_url(kind, record_id),
            action=action,
            headers=ANY_SANDBOX_HEADERS,
            record=True,
        )
        record = read_record(response, action=action)
        if record is None:
            raise NotFoundError(
                f"{action}: {NOT_FOUND_MESSAGE}",
                status=response.status_code,
                request_id=request_id_of(response),
            )
        sandbox = record.get("sandboxName")
        if not isinstance(sandbox, str) or not sandbox:
            raise UnexpectedAnswerError(
                f"{action}: the record came back without the sandboxName that says where it is",
                status=response.status_code,
                request_id=request_id_of(response),
            )
        return FoundRecord(kind, record, sandbox)

    async def find_anywhere(
        self, record_id: str, kinds: Sequence[ResourceKind] = KINDS
    ) -> FoundRecord:
        """The record with this id, of the first of ``kinds`` that has it, in any sandbox.

        NotFoundError when none does; any other error (a refusal of the ``*`` headers, a 403
        included, though it too is a NotFoundError; no answer) is raised as it comes.
        """
        for kind in kinds:
            try:
                return await self.get_anywhere(kind, record_id)
            except NotFoundError as exc:
                if exc.status not in (200, 404):  # 200: an empty envelope
                    raise
                continue
        raise NotFoundError(f"No record of any kind has the id {record_id} in any sandbox")

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


def _sandbox_name(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("name"), str) and bool(item["name"])


def _sandbox(item: dict[str, Any]) -> Sandbox:
    """A listed sandbox; fields the service left out or sent as another type read as blank."""

    def text(name: str, default: str = "") -> str:
        value = item.get(name)
        return value if isinstance(value, str) else default

    return Sandbox(
        name=text("name"),
        title=text("title", text("name")),
        type=text("type"),
        state=text("state", "active"),
        is_default=item.get("isDefault") is True,
    )
