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
    """A demo session (sandbox prod, protected) on ``emulator_app``; closed afterwards."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app)
    yield made
    await made.client.aclose()


@pytest.fixture
async def open_session(emulator_app: Any) -> AsyncIterator[Session]:
    """Like ``session`` with no protected sandbox, so ``y`` alone submits (protection has its
    own tests)."""
    from flowtui.demo import emulator_session

    made = emulator_session(emulator_app, protected_sandboxes=frozenset())
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


# --- Both continuation-token modes ------------------------------------------------------------
# Nothing documents whether the service's continuation token carries the query or is only a
# position, so every test that talks to an emulator runs twice: once with tokens that carry the
# query ([carrying-tokens]) and once with bare cursors ([cursor-tokens]). An emulator whose config
# leaves ``cursor_tokens`` unset reads FLOWTUI_EMULATOR_CURSOR_TOKENS at each list request, so
# module-wide emulators and loopback servers follow the running test's mode too.
# Left out: snapshot tests (their file names are their test names; a screen does not depend on
# the mode), tests/e2e (subprocesses on the demo's 40 records, which fit in one page) and modules
# that pin ``cursor_tokens=`` themselves.
TOKEN_MODES = ("carrying-tokens", "cursor-tokens")
_EMULATOR_FIXTURES = frozenset({"emulator_app", "session", "open_session", "loopback_emulator"})
_EMULATOR_WORDS = ("emulator", "demo", "create_app", "make_app", "open_service", "Service")
_mentions_emulator: dict[str, bool] = {}


def _talks_to_an_emulator(metafunc: pytest.Metafunc) -> bool:
    path = str(metafunc.definition.path)
    if "snap_compare" in metafunc.fixturenames or f"{Path('tests', 'e2e')}" in path:
        return False
    if _EMULATOR_FIXTURES & set(metafunc.fixturenames):
        return True
    if path not in _mentions_emulator:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
        pinned = "cursor_tokens=" in source  # the module chooses its modes itself
        talks = any(word in source for word in _EMULATOR_WORDS)
        _mentions_emulator[path] = talks and not pinned
    return _mentions_emulator[path]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "emulator_token_mode" in metafunc.fixturenames and _talks_to_an_emulator(metafunc):
        metafunc.parametrize("emulator_token_mode", TOKEN_MODES, indirect=True)


@pytest.fixture(autouse=True)
def emulator_token_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The token mode of every emulator the test starts without choosing one."""
    from flowtui.emulator.config import CURSOR_TOKENS_VARIABLE

    mode: str | None = getattr(request, "param", None)
    if mode is None:
        return "as the environment says"
    monkeypatch.setenv(CURSOR_TOKENS_VARIABLE, "1" if mode == "cursor-tokens" else "0")
    return mode
