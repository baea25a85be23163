"""Servers that misbehave the ways a real network and a real gateway can, for the client's tests.

Two of them: ``MisbehavingApp``, a plain ASGI app run in-process (httpx's ASGI transport), for
answers that are wrong (redirects, bodies that are not the documented JSON, endless pages, a
token that is only a position); and ``SocketServer``, a raw asyncio server on 127.0.0.1, for
failures that only exist on a socket (a reset, a trickle, silence after reading a write).

Every wait is bounded (``hang`` seconds at most), so a test that forgets to stop one still ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote

from flowtui.api.settings import ClientSettings
from tests.support import demo_client_settings

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

WRITES = frozenset({"PATCH", "PUT", "POST"})
FLOW_PATH = "/data/foundation/flowservice/flows"
REDIRECT_TO = "https://login.example.invalid/sso/start?state=s3cr3t-state"


def no_ims_settings(base_url: str, **overrides: Any) -> ClientSettings:
    """Settings with a ready token (no IMS call), short deadlines and instant retries."""
    values: dict[str, Any] = {
        "access_token": "t0k3n-misbehaving",
        "client_secret": None,
        "request_deadline": 1.0,
        "write_deadline": 1.0,
    }
    values.update(overrides)
    return demo_client_settings(base_url, **values)


def flow(record_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": record_id, "name": record_id, "etag": '"1"', **fields}


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    body: bytes


# --- in-process ---------------------------------------------------------------------------


@dataclass
class MisbehavingApp:
    """An ASGI app answering every request with the ``behaviour`` named (see the methods)."""

    behaviour: str
    hang: float = 5.0
    records: list[dict[str, Any]] = field(default_factory=list)
    """What the list behaviours serve (``cursor_tokens``, ``query_in_link``)."""
    seen: list[Seen] = field(default_factory=list)
    applied: int = 0
    """Writes this server applied (``apply_then_hang`` applies before it hangs)."""
    max_requests: int = 10_000
    """Past this many requests every list answers its last page: the loop ends regardless."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        request = Seen(scope["method"], scope["path"], query, body)
        self.seen.append(request)
        status, headers, content = await getattr(self, self.behaviour)(request)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": content})

    # Each behaviour: (status, headers, body) for one request.

    async def redirect(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 302, {"location": REDIRECT_TO, "content-type": "text/html"}, b"<a>moved</a>"

    async def not_modified(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 304, {"etag": '"1"'}, b""

    async def apply_then_hang(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        if request.method in WRITES:
            self.applied += 1
        await asyncio.sleep(self.hang)
        return 200, {"content-type": "application/json"}, b'{"id": "x", "etag": "\\"2\\""}'

    async def hang_then_apply(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        await asyncio.sleep(self.hang)
        if request.method in WRITES:
            self.applied += 1
        return 200, {"content-type": "application/json"}, b'{"id": "x", "etag": "\\"2\\""}'

    async def bad_gateway(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 502, {"content-type": "text/html"}, b"<html><h1>502 Bad Gateway</h1></html>"

    async def gateway_timeout(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 504, {"content-type": "text/html"}, b"<html><h1>504 Gateway Time-out</h1></html>"

    async def html(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        page = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>\x1b[31m</body>"
        return 200, {"content-type": "text/html; charset=utf-8"}, page

    async def truncated_json(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "application/json"}, b'{"items": [{"id": "a", "na'

    async def no_envelope(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "application/json"}, b'{"records": [{"id": "a"}]}'

    async def bare_array(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "application/json"}, b'[{"id": "a"}]'

    async def next_not_a_link(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        body = {"items": [flow("a")], "_links": {"next": {"href": 5}}}
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()

    async def not_a_record(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "application/json"}, b'{"message": "ok"}'

    async def endless_pages(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        """Every page holds new records and a link to another new page."""
        n = len(self.seen)
        body: dict[str, Any] = {"items": [flow(f"r{n}-{i}") for i in range(10)], "_links": {}}
        if n < self.max_requests:
            body["_links"] = {"next": {"href": f"/flows?continuationToken=page-{n + 1}"}}
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()

    async def empty_endless_pages(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        """Every page is empty, with a link to another new page."""
        n = len(self.seen)
        body: dict[str, Any] = {"items": [], "_links": {}}
        if n < self.max_requests:
            body["_links"] = {"next": {"href": f"/flows?continuationToken=page-{n + 1}"}}
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()

    async def cursor_tokens(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        """A list whose token is only a position: filter, order and size come from the query
        of every request, the continuation ones included."""
        return self._list(request, link_carries_query=False)

    async def query_in_link(self, request: Seen) -> tuple[int, dict[str, str], bytes]:
        """A list whose next link repeats the whole query beside a position token."""
        return self._list(request, link_carries_query=True)

    def _list(
        self, request: Seen, *, link_carries_query: bool
    ) -> tuple[int, dict[str, str], bytes]:
        params: dict[str, list[str]] = {}
        for key, value in request.query:
            params.setdefault(key, []).append(value)
        chosen = list(self.records)
        for condition in params.get("property", []):
            name, _, value = condition.partition("==")
            chosen = [r for r in chosen if str(r.get(name)) == value]
        orderby = params.get("orderby", [None])[-1]
        if orderby:
            key = orderby.lstrip("+-")
            chosen.sort(key=lambda r: str(r.get(key)), reverse=orderby.startswith("-"))
        limit = int(params.get("limit", ["100"])[-1])
        offset = int(params.get("continuationToken", ["0"])[-1])
        page = chosen[offset : offset + limit]
        links: dict[str, Any] = {}
        if offset + limit < len(chosen) and len(self.seen) < self.max_requests:
            href = f"/flows?continuationToken={offset + limit}"
            if link_carries_query:
                repeated = [
                    (k, v) for k, v in request.query if k in ("property", "orderby", "limit")
                ]
                href += "".join(f"&{k}={quote(v, safe='')}" for k, v in repeated)
            links = {"next": {"href": href}}
        body = {"items": page, "_links": links}
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()


# --- over a real socket -------------------------------------------------------------------


@dataclass
class SocketServer:
    """A raw HTTP/1.1 server on 127.0.0.1 whose ``behaviour`` may change between requests.

    ``ok`` answers a small JSON record; ``reset`` reads the request and resets the connection;
    ``trickle`` sends a 200's headers, then one body byte every ``interval`` seconds;
    ``apply_then_silence`` reads a whole write, counts it applied, and never answers;
    ``silence_before_apply`` reads nothing and never answers; ``redirect`` answers 302.
    """

    behaviour: str = "ok"
    interval: float = 0.2
    hang: float = 5.0
    applied: int = 0
    received: int = 0
    """Requests whose head was read."""
    port: int = 0
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            await asyncio.wait_for(self._serve(reader, writer), timeout=self.hang + 2)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # stop() ends the connection; asyncio's stream callback expects a plain end
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            with contextlib.suppress(Exception):
                writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:  # keep-alive: one request after another until the client closes
            if self.behaviour == "silence_before_apply":
                await asyncio.sleep(self.hang)
                return
            head = await reader.readuntil(b"\r\n\r\n")
            self.received += 1
            lines = head.decode("latin-1").split("\r\n")
            method = lines[0].split(" ")[0]
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length:
                await reader.readexactly(length)
            behaviour = self.behaviour
            if behaviour == "reset":
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
                return
            if behaviour == "apply_then_silence":
                if method in WRITES:
                    self.applied += 1
                await asyncio.sleep(self.hang)
                return
            if behaviour == "redirect":
                writer.write(
                    b"HTTP/1.1 302 Found\r\nLocation: " + REDIRECT_TO.encode() + b"\r\n"
                    b"Content-Length: 0\r\n\r\n"
                )
                await writer.drain()
                continue
            body = json.dumps({"items": [flow("socket-record")]}).encode()
            if behaviour == "trickle":
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body)
                )
                for byte in body:
                    await writer.drain()
                    writer.write(bytes([byte]))
                    await asyncio.sleep(self.interval)
                continue
            if method in WRITES:
                self.applied += 1
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body) + body
            )
            await writer.drain()


@contextlib.asynccontextmanager
async def socket_server(behaviour: str = "ok", **options: Any) -> AsyncIterator[SocketServer]:
    """A started SocketServer, stopped (every connection dropped) on leaving."""
    server = SocketServer(behaviour, **options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
