"""Sending one call: auth headers on, reads retried with backoff, a 401 renews the token once.

Writes (PATCH, PUT, POST) are never repeated after a failure, only after a 401, which means
the service applied nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from flowtui.api.auth import Token, TokenSource
from flowtui.api.envelopes import request_id_of
from flowtui.api.errors import ConnectionFailedError, NoAnswerError
from flowtui.api.responses import error_for_response, retry_after_seconds
from flowtui.api.retry import is_retryable_exception, is_retryable_status
from flowtui.api.settings import ClientSettings

WRITE_METHODS = frozenset({"PATCH", "PUT", "POST"})
log = logging.getLogger("flowtui.api")
"""Method, path, status and request id of each call; never headers, bodies or tokens."""


def http_client(
    settings: ClientSettings, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    """The pooled httpx client with the settings' connection limit and timeouts."""
    return httpx.AsyncClient(
        transport=transport,
        limits=httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_connections,
        ),
        timeout=httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=None,  # waiting for the shared connection is bounded by the others' timeouts
        ),
        follow_redirects=False,
        headers={"Accept": "application/json"},
    )


class Sender:
    """Sends Flow Service calls for one org and sandbox over a shared client and token."""

    def __init__(self, settings: ClientSettings, http: httpx.AsyncClient, tokens: TokenSource):
        self.settings = settings
        self.http = http
        self.tokens = tokens
        self.count = 0
        """Calls sent, retries and repeats included (for tests and benchmarks)."""

    def headers(self, token: Token, method: str, extra: Mapping[str, str]) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {token.value}",
            "x-api-key": self.settings.client_id,
            "x-gw-ims-org-id": self.settings.org_id,
            "x-sandbox-name": self.settings.sandbox,
        }
        if method in WRITE_METHODS:
            headers["Content-Type"] = "application/json"
        headers.update(extra)
        return headers

    async def send(
        self,
        method: str,
        url: httpx.URL,
        *,
        action: str,
        params: Iterable[tuple[str, str]] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        record: bool = False,
    ) -> httpx.Response:
        """The successful answer to one call, or the typed error; ``action`` names it for people."""
        policy = self.settings.retry
        idempotent = method == "GET"
        query = httpx.QueryParams(list(params)) if params is not None else None
        content = None if json_body is None else httpx.Request("POST", "/", json=json_body).content
        renewed = False
        attempt = 0
        while True:
            token = await self.tokens.current()  # a Token: its repr hides the value
            self.count += 1
            try:
                response = await self.http.request(
                    method,
                    url,
                    params=query,
                    content=content,
                    headers=self.headers(token, method, headers or {}),
                )
            except httpx.HTTPError as exc:
                if idempotent and is_retryable_exception(exc) and attempt < policy.retries:
                    wait = policy.delay(attempt)
                    log.info(
                        "%s %s failed (%s); retry in %.1f s",
                        method,
                        url.path,
                        type(exc).__name__,
                        wait,
                    )
                    await policy.sleep(wait)
                    attempt += 1
                    continue
                raise self._network_error(exc, action) from exc
            status = response.status_code
            log.debug(
                "%s %s -> %d (request id %s)", method, url.path, status, request_id_of(response)
            )
            if status == 401 and not renewed:
                log.info("%s %s: token refused; renewing it and repeating once", method, url.path)
                renewed = True
                await self.tokens.renew(token)
                continue
            if idempotent and is_retryable_status(status) and attempt < policy.retries:
                wait = policy.delay(attempt, retry_after_seconds(response))
                log.info("%s %s -> %d; retry in %.1f s", method, url.path, status, wait)
                await policy.sleep(wait)
                attempt += 1
                continue
            if response.is_error:
                raise error_for_response(response, action=action, record=record)
            return response

    def _network_error(self, exc: httpx.HTTPError, action: str) -> NoAnswerError:
        host = httpx.URL(self.settings.platform_url).host
        if isinstance(exc, httpx.ConnectError):
            return ConnectionFailedError(
                f"{action}: could not connect to {host}; check the network and the platform URL"
            )
        if isinstance(exc, httpx.TimeoutException):
            what = f"{host} did not answer in time ({type(exc).__name__})"
        else:
            what = f"the connection to {host} failed ({type(exc).__name__})"
        return NoAnswerError(f"{action}: {what}")
