"""The emulator as a plain ASGI 3 application: routing, request ids and error replies."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

from flowtui.emulator.auth import ANY_SANDBOX, TokenIssuer, check_gateway, check_headers
from flowtui.emulator.config import SANDBOXES, EmulatorConfig, cursor_tokens_from_environment
from flowtui.emulator.credentials import masked
from flowtui.emulator.errors import (
    CROSS_SANDBOX_NOT_ALLOWED,
    METHOD_NOT_ALLOWED,
    ORDERBY_CROSS_SANDBOX,
    EmulatorError,
    flow_error,
    gateway_error,
    not_found,
)
from flowtui.emulator.faults import Faults
from flowtui.emulator.fixtures import SANDBOX_IDS
from flowtui.emulator.generate import populate
from flowtui.emulator.listing import list_page
from flowtui.emulator.rawjson import dumps as dump_json
from flowtui.emulator.sandboxes import SANDBOXES_PATH, get_sandbox, list_sandboxes
from flowtui.emulator.store import ALL_KINDS, RECORD_KINDS, SPEC_KINDS, RecordStore

JSON = dict[str, Any]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

FLOW_SERVICE_BASE = "/data/foundation/flowservice"
TOKEN_PATH = "/ims/token/v3"


@dataclass
class Request:
    """What a handler needs of one HTTP request."""

    method: str
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    sandbox: str = "prod"

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None


@dataclass
class Reply:
    status: int
    body: JSON | str | None
    headers: dict[str, str] | None = None


class EmulatorApp:
    """An in-memory Flow Service and IMS token endpoint; ``store`` holds the records."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.store = RecordStore(self.config.org_id, SANDBOXES)
        if self.config.hostile:
            # Loaded only when asked for, like the write handlers: the demo starts without them.
            from flowtui.emulator.hostile import add_hostile_records

            add_hostile_records(self.store)
        if self.config.records > 0:
            populate(self.store, self.config.records, self.config.seed)
        self.tokens = TokenIssuer(self.config)
        self.faults = Faults(self.config)

    @property
    def cursor_tokens(self) -> bool:
        """Whether continuation tokens are bare positions (the config's choice, else the
        environment's, read now)."""
        if self.config.cursor_tokens is not None:
            return self.config.cursor_tokens
        return cursor_tokens_from_environment()

    def expire_tokens(self) -> None:
        """Expire every token issued so far, as if token_ttl had passed."""
        self.tokens.expire_all()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = await _read_request(scope, receive)
        request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
        try:
            await self.faults.before(request.method, request.path.startswith(FLOW_SERVICE_BASE))
            reply = self._dispatch(request)
        except EmulatorError as error:
            reply = Reply(error.status, error.body, error.headers)
        await _send(send, reply, request_id)

    def _dispatch(self, request: Request) -> Reply:
        if request.path == TOKEN_PATH:
            if request.method != "POST":
                raise _not_allowed(request.method, request.path, "POST")
            content_type = request.headers.get("content-type", "")
            return Reply(200, self.tokens.issue(request.body, content_type))
        if (request.path + "/").startswith(SANDBOXES_PATH + "/"):
            return self._sandboxes(request)
        if not (request.path + "/").startswith(FLOW_SERVICE_BASE + "/"):
            raise gateway_error(404, "404010", f"Resource {request.path} not found")
        segments = [unquote(s) for s in request.path[len(FLOW_SERVICE_BASE) :].split("/") if s]
        sandbox_ids = {name: SANDBOX_IDS.get(name, "") for name in self.store.sandboxes}
        request.sandbox = check_headers(request.headers, self.config, self.tokens, sandbox_ids)
        if not segments or segments[0] not in ALL_KINDS:
            raise flow_error(
                404,
                ("FLOW-1101-404", "Resource not found"),
                f"The path {request.path} does not name a Flow Service resource.",
            )
        kind = segments[0]
        allowed = _allowed_methods(kind, segments)
        if allowed and request.method not in allowed:
            raise _not_allowed(request.method, request.path, ", ".join(allowed))
        if request.sandbox == ANY_SANDBOX and request.method != "GET":
            raise flow_error(
                400,
                CROSS_SANDBOX_NOT_ALLOWED,
                f"'*' sandbox headers are not allowed for {request.method} {request.path}: "
                "name the record's sandbox in x-sandbox-name.",
            )
        if request.method in ("POST", "PUT", "PATCH"):
            from flowtui.emulator import updates

            updates.require_json_content_type(request.headers)
        if len(segments) == 1:
            self.faults.maybe_fail_read()
            return self._list(request, kind)
        record_id = segments[1]
        if len(segments) == 2:
            if request.method == "GET":
                self.faults.maybe_fail_read()
                return Reply(200, {"items": [self._get(request.sandbox, kind, record_id)]})
            if request.method == "PATCH":
                return Reply(200, updates.patch(self, request, kind, record_id))
            return Reply(200, updates.put(self, request, kind, record_id))
        if allowed:
            return Reply(200, updates.action(self, request, record_id))
        raise flow_error(
            404,
            ("FLOW-1101-404", "Resource not found"),
            f"The path {request.path} does not name a Flow Service resource.",
        )

    def present(self, sandbox: str, kind: str, record: JSON) -> JSON:
        """A stored record as the service sends it: a copy with credentials masked."""
        if kind in ("connections", "sourceConnections", "targetConnections") and "auth" in record:
            spec_id = (record.get("connectionSpec") or {}).get("id")
            spec = self.store.find(sandbox, "connectionSpecs", spec_id) if spec_id else None
            return masked(record, spec)
        return copy.deepcopy(record)

    def _sandboxes(self, request: Request) -> Reply:
        """The Sandbox Management API's list and single sandbox (see ``sandboxes``)."""
        if request.method != "GET":
            raise _not_allowed(request.method, request.path, "GET")
        check_gateway(request.headers, self.config, self.tokens)
        name = unquote(request.path[len(SANDBOXES_PATH) :].strip("/"))
        allowed = self.config.sandbox_listing
        if not name:
            return Reply(200, list_sandboxes(self.store.sandboxes, request.params, allowed=allowed))
        return Reply(200, get_sandbox(self.store.sandboxes, name, allowed=allowed))

    def _scope(self, sandbox: str) -> tuple[str, ...]:
        """The sandboxes a request reads: its own, or every one for a cross-sandbox read."""
        return self.store.sandboxes if sandbox == ANY_SANDBOX else (sandbox,)

    def _get(self, sandbox: str, kind: str, record_id: str) -> JSON:
        with self.store.lock:
            for name in self._scope(sandbox):
                record = self.store.find(name, kind, record_id)
                if record is not None:
                    return self.present(name, kind, record)
            raise not_found(kind, record_id)

    def _list(self, request: Request, kind: str) -> Reply:
        if request.sandbox == ANY_SANDBOX and request.param("orderby"):
            raise flow_error(
                400,
                ORDERBY_CROSS_SANDBOX,
                "orderby is not supported with a cross-sandbox query; leave it out.",
            )
        with self.store.lock:
            owner: dict[int, str] = {}  # a record (by identity) to the sandbox holding it
            records: list[JSON] = []
            for name in self._scope(request.sandbox):
                for record in self.store.records(name, kind):
                    owner[id(record)] = name
                    records.append(record)
            body = list_page(
                kind,
                records,
                request.params,
                paged=kind not in SPEC_KINDS,
                present=lambda r: self.present(owner[id(r)], kind, r),
                cursor_tokens=self.cursor_tokens,
            )
        return Reply(200, body)


def _allowed_methods(kind: str, segments: list[str]) -> tuple[str, ...]:
    """The methods a path takes (for 405 and its ``Allow``); empty for a path that is not one."""
    if len(segments) == 1:
        return ("GET",)
    if len(segments) == 2:
        if kind in RECORD_KINDS:
            return ("GET", "PATCH")
        if kind in SPEC_KINDS:
            return ("GET", "PUT")
        return ("GET",)
    if len(segments) == 3 and segments[2] == "action" and kind == "flows":
        return ("POST",)
    return ()


def _not_allowed(method: str, path: str, allow: str) -> EmulatorError:
    error = flow_error(
        405, METHOD_NOT_ALLOWED, f"{method} is not supported on {path}; use {allow}."
    )
    error.headers["Allow"] = allow
    return error


def create_app(config: EmulatorConfig | None = None) -> EmulatorApp:
    """A fresh emulator with the seed records (and generated ones when config.records > 0)."""
    return EmulatorApp(config)


async def _read_request(scope: Scope, receive: Receive) -> Request:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        headers[raw_name.decode("latin-1").lower()] = raw_value.decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    return Request(
        method=scope["method"].upper(),
        path=scope["path"].rstrip("/") or "/",
        params=parse_qs(query, keep_blank_values=True),
        headers=headers,
        body=b"".join(chunks),
    )


async def _send(send: Send, reply: Reply, request_id: str) -> None:
    headers = [(b"x-request-id", request_id.encode("latin-1"))]
    for name, value in (reply.headers or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    if reply.body is None:
        payload = b""
    elif isinstance(reply.body, str):
        payload = reply.body.encode()
        headers.append((b"content-type", b"text/html; charset=utf-8"))
    else:
        body = reply.body
        report = body.get("report")
        if isinstance(report, dict) and "request-id" not in report:
            body = {**body, "report": {**report, "request-id": request_id}}
        payload = dump_json(body).encode()
        headers.append((b"content-type", b"application/json"))
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
