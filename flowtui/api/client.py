"""The Flow Service client: lists, reads and updates records over one pooled httpx connection.

Every call carries the bearer token, API key, org and sandbox headers; reads are retried with
backoff, writes never are; a 401 renews the token once and repeats the call once.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from flowtui.api.auth import TokenSource
from flowtui.api.errors import FlowServiceError, NotFoundError, ServiceUnavailableError
from flowtui.api.kinds import ResourceKind, UpdateMethod
from flowtui.api.responses import NOT_FOUND_MESSAGE, error_for_response, retry_after_seconds
from flowtui.api.retry import is_retryable_exception, is_retryable_status
from flowtui.api.settings import ClientSettings

PAGE_LIMIT = 100
_REQUEST_ID_HEADERS = ("x-request-id", "x-adobe-request-id", "request-id")


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


def _request_id(response: httpx.Response) -> str | None:
    return next((response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None)


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


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
        _shared: tuple[httpx.AsyncClient, TokenSource] | None = None,
    ) -> None:
        self._settings = settings
        if _shared is not None:
            self._http, self._tokens = _shared
            self._owns_http = False
        else:
            limits = httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_connections,
            )
            timeout = httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=None,
            )
            self._http = httpx.AsyncClient(
                transport=transport,
                limits=limits,
                timeout=timeout,
                follow_redirects=False,
                headers={"Accept": "application/json"},
            )
            self._tokens = TokenSource(settings, self._http)
            self._owns_http = True
        self._base = httpx.URL(settings.flow_service_url)
        self.request_count = 0
        """Calls sent to the Flow Service, retries included (for benchmarks)."""

    # --- where it points ------------------------------------------------------------------

    @property
    def settings(self) -> ClientSettings:
        return self._settings

    @property
    def sandbox(self) -> str:
        return self._settings.sandbox

    @property
    def org_id(self) -> str:
        return self._settings.org_id

    @property
    def tokens(self) -> TokenSource:
        return self._tokens

    def for_sandbox(self, sandbox: str) -> FlowServiceClient:
        """A client of another sandbox sharing this one's connection and token."""
        from dataclasses import replace

        return FlowServiceClient(
            replace(self._settings, sandbox=sandbox), _shared=(self._http, self._tokens)
        )

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

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
        params: list[tuple[str, str]] = [("property", p) for p in properties]
        if not kind.paged:
            # Spec kinds take only ``property`` and answer in one page; order them here.
            response = await self._send(
                "GET", self._url(kind.path), params=params, action=f"Listing {kind.title.lower()}"
            )
            records = self._records_of(response)
            if orderby:
                records = self._ordered(records, orderby)
            yield Page(records, None)
            return
        if not 1 <= limit <= PAGE_LIMIT:
            raise ValueError(f"limit must be between 1 and {PAGE_LIMIT}, not {limit}")
        params.append(("limit", str(limit)))
        if orderby:
            params.append(("orderby", orderby))
        url: httpx.URL = self._url(kind.path)
        request_params: list[tuple[str, str]] | None = params
        seen: set[str] = set()
        action = f"Listing {kind.title.lower()}"
        while True:
            response = await self._send("GET", url, params=request_params, action=action)
            body = _json_or_none(response)
            records = self._records_of(response, body)
            href = self._next_href(body)
            if href is not None and href in seen:
                raise FlowServiceError(
                    f"{action}: the service sent the same next-page link twice; stopped to "
                    "avoid looping forever",
                    request_id=_request_id(response),
                )
            yield Page(records, href)
            if href is None:
                return
            seen.add(href)
            url = self._follow(href)
            request_params = None  # the continuation token carries the filters and order

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
        params = [("property", p) for p in properties]
        params.append(("count", "true"))
        action = f"Counting {kind.title.lower()}"
        response = await self._send("GET", self._url(kind.path), params=params, action=action)
        body = _json_or_none(response)
        if isinstance(body, dict) and isinstance(body.get("count"), int):
            return int(body["count"])
        raise FlowServiceError(
            f"{action}: the service answered without a count", request_id=_request_id(response)
        )

    # --- one record -----------------------------------------------------------------------

    async def get(self, kind: ResourceKind, record_id: str) -> dict[str, Any]:
        """The record with this id, unwrapped from its ``{"items": [...]}`` envelope."""
        action = f"Reading {kind.singular} {record_id}"
        response = await self._send(
            "GET", self._record_url(kind, record_id), action=action, record=True
        )
        body = _json_or_none(response)
        record = self._unwrap(body)
        if record is None:
            raise NotFoundError(
                f"{action}: {NOT_FOUND_MESSAGE}",
                status=response.status_code,
                request_id=_request_id(response),
            )
        return record

    async def patch(
        self, kind: ResourceKind, record_id: str, ops: list[dict[str, Any]], etag: str
    ) -> UpdateResult:
        """Apply a JSON Patch guarded by ``If-Match`` with the etag exactly as the record had it."""
        if kind.update is not UpdateMethod.PATCH:
            raise ValueError(f"{kind.title} are not updated by PATCH")
        action = f"Updating {kind.singular} {record_id}"
        response = await self._send(
            "PATCH",
            self._record_url(kind, record_id),
            json_body=ops,
            headers={"If-Match": etag},
            action=action,
            record=True,
        )
        return await self._update_result(kind, record_id, response)

    async def put(self, kind: ResourceKind, record_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Replace a spec with ``body`` and return the record as the service now holds it."""
        if kind.update is not UpdateMethod.PUT:
            raise ValueError(f"{kind.title} are not updated by PUT")
        action = f"Replacing {kind.singular} {record_id}"
        response = await self._send(
            "PUT", self._record_url(kind, record_id), json_body=body, action=action, record=True
        )
        record = self._unwrap(_json_or_none(response))
        if record is None or "id" not in record or len(record) <= 2:
            # Some answers carry only {"id"} or nothing: read the spec back.
            return await self.get(kind, record_id)
        return record

    async def action(
        self, kind: ResourceKind, record_id: str, op: str, etag: str | None = None
    ) -> UpdateResult:
        """Run a state transition such as ``enable``: ``POST /{kind}/{id}/action?op=...``."""
        if op not in kind.actions:
            raise ValueError(f"{kind.title} have no action {op!r}")
        headers = {"If-Match": etag} if etag else {}
        response = await self._send(
            "POST",
            self._record_url(kind, record_id, "/action"),
            params=[("op", op)],
            headers=headers,
            action=f"Running {op} on {kind.singular} {record_id}",
            record=True,
        )
        return await self._update_result(kind, record_id, response)

    # --- the wire -------------------------------------------------------------------------

    def _url(self, path: str, query: str = "") -> httpx.URL:
        return self._base.copy_with(
            path=self._base.path.rstrip("/") + path, query=query.encode() or None
        )

    def _record_url(self, kind: ResourceKind, record_id: str, suffix: str = "") -> httpx.URL:
        if not record_id:
            raise ValueError("a record id is required")
        return self._url(f"{kind.path}/{quote(record_id, safe='')}{suffix}")

    def _follow(self, href: str) -> httpx.URL:
        """The URL of a ``_links.next.href``: a path relative to the base, or the full URL."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != (self._base.scheme, self._base.netloc.decode()):
                raise FlowServiceError(
                    "The service sent a next-page link to another host; not following it "
                    "(the access token would go there)"
                )
            return self._base.copy_with(path=parts.path, query=parts.query.encode() or None)
        path = parts.path if parts.path.startswith("/") else "/" + parts.path
        base_path = self._base.path.rstrip("/")
        if path.startswith(base_path + "/"):
            path = path[len(base_path) :]
        return self._url(path, parts.query)

    @staticmethod
    def _next_href(body: Any) -> str | None:
        if not isinstance(body, dict):
            return None
        links = body.get("_links")
        if not isinstance(links, dict):
            return None
        following = links.get("next")
        if isinstance(following, dict):
            href = following.get("href")
            return href if isinstance(href, str) and href else None
        return None

    @staticmethod
    def _records_of(response: httpx.Response, body: Any = None) -> list[dict[str, Any]]:
        if body is None:
            body = _json_or_none(response)
        items = body.get("items") if isinstance(body, dict) else body
        if not isinstance(items, list):
            return []
        return [item for item in items if isinstance(item, dict)]

    @staticmethod
    def _unwrap(body: Any) -> dict[str, Any] | None:
        if isinstance(body, dict) and isinstance(body.get("items"), list):
            items = [item for item in body["items"] if isinstance(item, dict)]
            return items[0] if items else None
        if isinstance(body, list):
            return body[0] if body and isinstance(body[0], dict) else None
        return body if isinstance(body, dict) and body else None

    @staticmethod
    def _ordered(records: list[dict[str, Any]], orderby: str) -> list[dict[str, Any]]:
        field = orderby.lstrip("+-")
        descending = orderby.startswith("-")
        return sorted(records, key=lambda r: _sort_key(r.get(field)), reverse=descending)

    async def _update_result(
        self, kind: ResourceKind, record_id: str, response: httpx.Response
    ) -> UpdateResult:
        body = _json_or_none(response)
        request_id = _request_id(response)
        etag = body.get("etag") if isinstance(body, dict) else None
        new_id = body.get("id") if isinstance(body, dict) else None
        if not isinstance(etag, str) or not etag:
            etag = response.headers.get("etag") or None
        if etag is None:
            # 202 with no body: the change was taken; read the record to learn its new etag.
            record = await self.get(kind, record_id)
            found = record.get("etag")
            etag = found if isinstance(found, str) else None
        return UpdateResult(str(new_id) if new_id else record_id, etag, request_id)

    def _headers(self, token: str, method: str, extra: Mapping[str, str]) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {token}",
            "x-api-key": self._settings.client_id,
            "x-gw-ims-org-id": self._settings.org_id,
            "x-sandbox-name": self._settings.sandbox,
        }
        if method in ("PATCH", "PUT", "POST"):
            headers["Content-Type"] = "application/json"
        headers.update(extra)
        return headers

    async def _send(
        self,
        method: str,
        url: httpx.URL,
        *,
        params: Iterable[tuple[str, str]] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        action: str,
        record: bool = False,
    ) -> httpx.Response:
        """Send one call: GETs retried on 429/5xx/network errors, any call renewed once on 401."""
        policy = self._settings.retry
        idempotent = method == "GET"
        renewed = False
        attempt = 0
        content = None if json_body is None else httpx.Request("POST", "/", json=json_body).content
        while True:
            token = await self._tokens.token()
            self.request_count += 1
            try:
                response = await self._http.request(
                    method,
                    url,
                    params=list(params) if params is not None else None,
                    content=content,
                    headers=self._headers(token, method, headers or {}),
                )
            except httpx.HTTPError as exc:
                if idempotent and is_retryable_exception(exc) and attempt < policy.retries:
                    await policy.sleep(policy.delay(attempt))
                    attempt += 1
                    continue
                raise self._network_error(exc, action) from None
            if response.status_code == 401 and not renewed:
                renewed = True
                await self._tokens.renew(token)
                continue
            if (
                idempotent
                and is_retryable_status(response.status_code)
                and attempt < policy.retries
            ):
                await policy.sleep(policy.delay(attempt, retry_after_seconds(response)))
                attempt += 1
                continue
            if response.is_error:
                raise error_for_response(response, action=action, record=record)
            return response

    def _network_error(self, exc: httpx.HTTPError, action: str) -> ServiceUnavailableError:
        host = self._base.host
        if isinstance(exc, httpx.TimeoutException):
            what = f"{host} did not answer in time ({type(exc).__name__})"
        elif isinstance(exc, httpx.ConnectError):
            what = f"could not connect to {host}; check the network and the platform URL"
        else:
            what = f"the connection to {host} failed ({type(exc).__name__})"
        return ServiceUnavailableError(f"{action}: {what}")
