"""The emulator over a real socket with uvicorn: ``flowtui emulator`` and loopback tests."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import sys
import threading
from types import TracebackType

import uvicorn

from flowtui.emulator.app import create_app
from flowtui.emulator.config import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    EmulatorConfig,
    cursor_tokens_from_environment,
)


class RunningServer:
    """An emulator served by uvicorn on a background thread; stop it with ``stop()``."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, host: str, port: int):
        self._server = server
        self._thread = thread
        self.host = host
        self.port = port

    @property
    def base_url(self) -> str:
        return _base_url(self.host, self.port)

    @property
    def app(self) -> object:
        """The ASGI app being served (an ``EmulatorApp``), for tests that touch its store."""
        return self._server.config.app

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and without
    # it every loopback reply waits ~40 ms for Nagle's algorithm.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _uvicorn(config: EmulatorConfig, host: str, port: int) -> uvicorn.Server:
    settings = uvicorn.Config(
        create_app(config),
        host=host,
        port=port,
        log_level="warning",
        lifespan="off",
        access_log=False,
    )
    return uvicorn.Server(settings)


def start_in_thread(
    config: EmulatorConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    """Serve a fresh emulator on ``host:port`` (0 picks a free port); returns once it listens."""
    sock = _bind(host, port)
    actual_port = sock.getsockname()[1]
    server = _uvicorn(config or EmulatorConfig(), host, actual_port)
    thread = threading.Thread(
        target=lambda: asyncio.run(server.serve(sockets=[sock])),
        name=f"flowtui-emulator-{actual_port}",
        daemon=True,
    )
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"the emulator could not start on {host}:{actual_port}")
        thread.join(0.01)
    return RunningServer(server, thread, host, actual_port)


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """The ``flowtui emulator`` flags as an EmulatorConfig."""
    return EmulatorConfig(
        records=args.records,
        seed=args.seed,
        latency_ms=args.latency_ms,
        fail_rate=args.fail_rate,
        rate_limit=args.rate_limit,
        token_ttl=args.token_ttl,
        client_id=args.client_id or DEMO_CLIENT_ID,
        client_secret=args.client_secret or DEMO_CLIENT_SECRET,
        hostile=getattr(args, "hostile", False),
        cursor_tokens=True if getattr(args, "cursor_tokens", False) else None,
    )


def _argument_problem(config: EmulatorConfig) -> str | None:
    if config.records < 0:
        return "--records must be 0 or more"
    if not 0.0 <= config.fail_rate <= 1.0:
        return "--fail-rate must be between 0 and 1 (a share of reads)"
    if config.rate_limit is not None and config.rate_limit <= 0:
        return "--rate-limit must be more than 0 requests per second"
    if config.latency_ms < 0:
        return "--latency-ms must be 0 or more"
    if config.token_ttl < 1:
        return "--token-ttl must be at least 1 second"
    if not config.client_id or not config.client_secret:
        return "--client-id and --client-secret must not be empty"
    return None


def serve_from_args(args: argparse.Namespace) -> int:
    """Run ``flowtui emulator`` in the foreground until Ctrl+C; prints the URL once listening."""
    config = config_from_args(args)
    problem = _argument_problem(config)
    if problem:
        print(f"flowtui emulator: {problem}", file=sys.stderr)
        return 2
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(
            f"flowtui emulator: cannot listen on {args.host}:{args.port}: {exc.strerror}; "
            "pick another --port (0 picks a free one)",
            file=sys.stderr,
        )
        return 1
    port = sock.getsockname()[1]
    server = _uvicorn(config, args.host, port)
    url = _base_url(args.host, port)

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:
            print(f"flowtui emulator listening on {url}", flush=True)
            print(
                f"  point a client at it: FLOWTUI_PLATFORM_URL={url} FLOWTUI_IMS_URL={url} "
                f"FLOWTUI_CLIENT_ID={config.client_id} FLOWTUI_ORG_ID={config.org_id} "
                "FLOWTUI_CLIENT_SECRET=<the --client-secret; flowtui-demo-secret by default>",
                flush=True,
            )
            if config.cursor_tokens or cursor_tokens_from_environment():
                print(
                    "  cursor tokens: send property, orderby and limit again beside "
                    "continuationToken.",
                    flush=True,
                )
            print("  sandboxes: prod (default), dev. Press Ctrl+C to stop.", flush=True)
        await task

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
    print("flowtui emulator stopped", flush=True)
    return 0
