"""A loopback Flow Service for the benchmarks: the emulator, with N flows listed fast.

The emulator filters and sorts the whole kind on every list request (1.4 s a page at 100,000
flows), which would swamp whatever the client does. Here the flows' pages are encoded once, in
the emulator's newest-first order and documented shape (``{"items": [...], "_links": {"next":
{"href": ...}}}``), and served as bytes; the token, ``count=true`` and everything else go to the
emulator. Both flowtui and the raw httpx loop read the same server.

Run: ``python -m benchmarks.loopback ROWS`` prints ``READY <base url> <json bytes>`` and serves
until killed.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from typing import Any
from urllib.parse import parse_qs

import uvicorn

from flowtui.emulator import EmulatorConfig, create_app

FLOWS_PATH = "/data/foundation/flowservice/flows"
PAGE = 100


def make_flows(count: int) -> list[dict[str, Any]]:
    """``count`` flows cloned from the emulator's generated ones: real shapes, new ids and names."""
    source = create_app(EmulatorConfig(records=200, seed=11)).store.records("prod", "flows")
    flows = []
    for n in range(count):
        flow = dict(source[n % len(source)])
        flow["id"] = f"{n:08x}-b0b0-4b0b-8b0b-{n * 7919 % 16**12:012x}"
        flow["name"] = f"{flow['name'].split(' #')[0]} #{n:06d}"
        flow["updatedAt"] = 1_600_000_000_000 + n * 60_000
        flow["state"] = "enabled" if n % 4 else "disabled"
        flows.append(flow)
    flows.reverse()  # newest first, as the service lists them
    return flows


class FastFlowList:
    """ASGI: GET /flows pages from memory; every other request to the emulator."""

    def __init__(self, rows: int) -> None:
        self.emulator = create_app(EmulatorConfig())
        flows = make_flows(rows)
        for flow in flows:
            self.emulator.store.add("prod", "flows", flow)
        self.count = json.dumps({"count": rows}).encode()
        self.pages: list[bytes] = []
        starts = range(0, len(flows), PAGE)
        for index, start in enumerate(starts):
            has_next = start + PAGE < len(flows)
            links = {"next": {"href": f"{FLOWS_PATH}?continuationToken=p{index + 1}"}}
            body = {"items": flows[start : start + PAGE], "_links": links if has_next else {}}
            self.pages.append(json.dumps(body).encode())
        self.json_bytes = sum(len(json.dumps(flow).encode()) for flow in flows)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == FLOWS_PATH:
            query = parse_qs(scope.get("query_string", b"").decode())
            if "property" not in query and "orderby" not in query:
                if query.get("count") == ["true"]:
                    return await _answer(send, self.count)
                token = query.get("continuationToken", ["p0"])[0]
                if (
                    token.startswith("p")
                    and token[1:].isdigit()
                    and int(token[1:]) < len(self.pages)
                ):
                    return await _answer(send, self.pages[int(token[1:])])
        await self.emulator(scope, receive, send)


async def _answer(send: Any, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"x-request-id", b"bench")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    rows = int(sys.argv[1])
    app = FastFlowList(rows)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        print(f"READY http://127.0.0.1:{port} {app.json_bytes}", flush=True)
        await task

    asyncio.run(serve())


if __name__ == "__main__":
    main()
