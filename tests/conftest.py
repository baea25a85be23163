"""Fixtures for every test folder: private folders, a clean environment, emulators and sessions."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from flowtui.session import Session

_REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)  # so tests import tests.support however pytest was started

CREDENTIAL_VARIABLES = (
    "FLOWTUI_CONFIG",
    "FLOWTUI_PROFILE",
    "FLOWTUI_PLATFORM_URL",
    "FLOWTUI_IMS_URL",
    "FLOWTUI_CLIENT_ID",
    "FLOWTUI_CLIENT_SECRET",
    "FLOWTUI_ORG_ID",
    "FLOWTUI_SANDBOX",
    "FLOWTUI_SCOPES",
    "FLOWTUI_ACCESS_TOKEN",
)


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config, state and cache folders under tmp_path, and no credentials from the real shell."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "flowtui-home"
    monkeypatch.setenv("FLOWTUI_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("FLOWTUI_STATE_DIR", str(root / "state"))
    monkeypatch.setenv("FLOWTUI_CACHE_DIR", str(root / "cache"))
    return root


@pytest.fixture
def emulator_app() -> Any:
    """A fresh in-process emulator holding the seed records."""
    from flowtui.emulator import create_app

    return create_app()


@pytest.fixture
async def session(emulator_app: Any) -> AsyncIterator[Session]:
    """A demo session (sandbox prod) on ``emulator_app``; its client is closed afterwards."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app)
    yield made
    await made.client.aclose()


@pytest.fixture
def loopback_emulator() -> Iterator[Callable[..., Any]]:
    """Start emulators on a real loopback socket: ``loopback_emulator(EmulatorConfig(...))``.

    Returns the RunningServer (``.base_url``, ``.app`` if the server exposes it); all are stopped
    at the end of the test.
    """
    from flowtui.emulator import EmulatorConfig
    from flowtui.emulator.server import start_in_thread

    running: list[Any] = []

    def start(config: EmulatorConfig | None = None) -> Any:
        server = start_in_thread(config or EmulatorConfig(), host="127.0.0.1", port=0)
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()
