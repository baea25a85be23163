"""Sending one call: auth headers on, reads retried with backoff, a 401 renews the token once.

Writes (PATCH, PUT, POST) are never repeated after a failure, only after a 401, which means
the service applied nothing. Only a 2xx is success. Every call runs under an overall deadline
(the body read included), so a server that trickles bytes cannot hold a person forever.

What a write's error says about the change:

- ``OutcomeUnknownError``: the request went out (or may have) and no usable answer came back
  (a timeout, a reset, a deadline, a 502 or 504). It may or may not have been applied: re-read.
- ``NoAnswerError`` (``ConnectionFailedError`` included): the request was never sent.
- ``AnswerError``: the service answered without success; by HTTP it applied nothing (a 4xx
  certainly; after a 500 or a 3xx a re-read confirms it cheaply).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from flowtui.api.auth import Token, TokenSource
from flowtui.api.envelopes import request_id_of
from flowtui.api.errors import (
    ConnectionFailedError,
    FlowServiceError,
    NoAnswerError,
    OutcomeUnknownError,
    without_frames,
)
from flowtui.api.responses import error_for_response, retry_after_seconds
from flowtui.api.retry import is_retryable_exception, is_retryable_status
from flowtui.api.settings import ClientSettings
from flowtui.exactjson import dumps

WRITE_METHODS = frozenset({"PATCH", "PUT", "POST"})
GATEWAY_STATUSES = frozenset({502, 504})
"""Answers from something between us and the service: they say nothing of what it did."""
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""Failures that happen before the first byte of a request leaves."""
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


def reports_steps(transport: httpx.AsyncBaseTransport | None) -> bool:
    """Whether ``transport`` reports each step through the ``trace`` extension (httpx's own
    HTTP transport does; the in-process ASGI transport and test doubles do not)."""
    return transport is None or isinstance(transport, httpx.AsyncHTTPTransport)


class WireProgress:
    """How far one attempt got, as the transport reports it through httpcore's ``trace``
    extension. Silence from a transport that reports its steps means the attempt is still
    waiting for a free pooled connection."""

    def __init__(self, *, token: bool = False, reports: bool = False) -> None:
        self.token = token
        """Not on the wire yet: waiting for an access token from IMS."""
        self.reports = reports
        self.connecting = False
        self.sending = False

    async def __call__(self, name: str, info: Mapping[str, Any]) -> None:
        self.reports = True
        if name.startswith("connection."):
            self.connecting = True
        if ".send_request_headers." in name:
            self.sending = True

    @property
    def unsent(self) -> bool:
        """Known never to have left: the transport reports its steps, and none was sending."""
        return self.reports and not self.sending


class Sender:
    """Sends Flow Service calls for one org and sandbox over a shared client and token."""

    def __init__(
        self,
        settings: ClientSettings,
        http: httpx.AsyncClient,
        tokens: TokenSource,
        *,
        reports_steps: bool = False,
    ) -> None:
        self.settings = settings
        self.http = http
        self.tokens = tokens
        self.reports_steps = reports_steps
        """The transport reports its steps (see ``reports_steps``): silence means not sent."""
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

    @property
    def host(self) -> str:
        return httpx.URL(self.settings.platform_url).host

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
        """The 2xx answer to one call, or the typed error; ``action`` names it for people.

        The whole call (token, retries, the body read) is bounded by the settings' deadline.
        For a write, OutcomeUnknownError is the one error after which the change may have been
        applied; see the module docstring for what each error says about it.
        """
        write = method in WRITE_METHODS
        deadline = self.settings.write_deadline if write else self.settings.request_deadline
        flight: list[WireProgress] = []  # the attempt on the wire, if one is
        timer = asyncio.timeout(deadline)
        try:
            async with timer:
                return await self._send(
                    method,
                    url,
                    action=action,
                    params=params,
                    json_body=json_body,
                    headers=headers,
                    record=record,
                    flight=flight,
                )
        except TimeoutError as exc:
            if not timer.expired():
                raise
            raise self._deadline_error(
                action, deadline, write=write, flight=flight[-1] if flight else None
            ) from without_frames(exc)

    async def _send(
        self,
        method: str,
        url: httpx.URL,
        *,
        action: str,
        params: Iterable[tuple[str, str]] | None,
        json_body: Any,
        headers: Mapping[str, str] | None,
        record: bool,
        flight: list[WireProgress],
    ) -> httpx.Response:
        policy = self.settings.retry
        write = method in WRITE_METHODS
        query = httpx.QueryParams(list(params)) if params is not None else None
        # Compact like httpx's json=, and every number written as the exact text it was read as.
        content = None if json_body is None else dumps(json_body, separators=(",", ":")).encode()
        renewed = False
        attempt = 0
        while True:
            flight.append(WireProgress(token=True))
            token = await self.tokens.current()  # a Token: its repr hides the value
            flight.clear()
            self.count += 1
            progress = WireProgress(reports=self.reports_steps)
            flight.append(progress)
            try:
                response = await self.http.request(
                    method,
                    url,
                    params=query,
                    content=content,
                    headers=self.headers(token, method, headers or {}),
                    extensions={"trace": progress},
                )
            except httpx.HTTPError as exc:
                flight.clear()
                if not write and is_retryable_exception(exc) and attempt < policy.retries:
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
                error = self._network_error(exc, action, write=write, progress=progress)
                raise error from without_frames(exc)
            flight.clear()
            status = response.status_code
            log.debug(
                "%s %s -> %d (request id %s)", method, url.path, status, request_id_of(response)
            )
            if status == 401 and not renewed:
                log.info("%s %s: token refused; renewing it and repeating once", method, url.path)
                renewed = True
                flight.append(WireProgress(token=True))
                await self.tokens.renew(token)
                flight.clear()
                continue
            if not write and is_retryable_status(status) and attempt < policy.retries:
                wait = policy.delay(attempt, retry_after_seconds(response))
                log.info("%s %s -> %d; retry in %.1f s", method, url.path, status, wait)
                await policy.sleep(wait)
                attempt += 1
                continue
            if write and status in GATEWAY_STATUSES:
                cause = error_for_response(response, action=action, record=record)
                raise self._unknown(
                    action, f"a gateway answered {status} instead of the service", cause
                ) from cause
            if not response.is_success:
                raise error_for_response(response, action=action, record=record)
            return response

    @staticmethod
    def _unknown(action: str, what: str, cause: FlowServiceError) -> OutcomeUnknownError:
        return OutcomeUnknownError(
            f"{action}: the request was sent, but {what}; it may or may not have been applied. "
            "Reload the record to see which before trying again",
            cause=cause,
            status=cause.status,
            code=cause.code,
            request_id=cause.request_id,
        )

    def _network_error(
        self, exc: httpx.HTTPError, action: str, *, write: bool, progress: WireProgress
    ) -> NoAnswerError | OutcomeUnknownError:
        host = self.host
        name = type(exc).__name__
        if isinstance(exc, _NOT_SENT) or progress.unsent:
            not_sent = "the change was not sent; " if write else ""
            return ConnectionFailedError(
                f"{action}: could not connect to {host} ({name}); {not_sent}"
                "check the network and the platform URL"
            )
        if isinstance(exc, httpx.TimeoutException):
            what = f"{host} did not answer in time ({name})"
        else:
            what = f"the connection to {host} failed ({name})"
        if not write:
            return NoAnswerError(f"{action}: {what}")
        cause = NoAnswerError(f"{action}: {what}")
        cause.__cause__ = without_frames(exc)
        return self._unknown(action, what, cause)

    def _deadline_error(
        self, action: str, deadline: float, *, write: bool, flight: WireProgress | None
    ) -> NoAnswerError | OutcomeUnknownError:
        what = f"{self.host} did not answer within {deadline:g} s"
        if flight is not None and flight.token:
            not_sent = "; the change was not sent" if write else ""
            return NoAnswerError(
                f"{action}: no access token came from IMS within {deadline:g} s{not_sent}; "
                "check the network and the IMS URL"
            )
        if write and flight is not None and not flight.unsent:
            return self._unknown(action, what, NoAnswerError(f"{action}: {what}"))
        if flight is not None and flight.unsent and not flight.connecting:
            not_sent = "; the change was not sent" if write else ""
            return ConnectionFailedError(
                f"{action}: no connection to {self.host} came free within {deadline:g} s (an "
                f"earlier call still holds it){not_sent}; try again when it has finished"
            )
        if flight is not None and flight.unsent:
            not_sent = "; the change was not sent" if write else ""
            return ConnectionFailedError(
                f"{action}: could not connect to {self.host} within {deadline:g} s{not_sent}; "
                "check the network and the platform URL"
            )
        not_sent = "; the change was not sent" if write else ""
        return NoAnswerError(f"{action}: {what}{not_sent}; check the network and try again")
