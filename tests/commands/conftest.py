"""One loopback emulator per module, and ``flowtui`` run as a subprocess pointed at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID, EmulatorConfig
from flowtui.emulator.server import RunningServer, start_in_thread

S3_SPEC_ID = "0b23e41a-cb4a-4321-a78f-3b654f5d7d97"
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    """What one ``flowtui`` run left: its exit status and its two streams."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Flowtui:
    """Runs ``python -m flowtui ...`` against one emulator with private folders."""

    server: RunningServer
    home: Path

    @property
    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith("FLOWTUI_")}
        url = self.server.base_url
        return {
            **keep,
            "FLOWTUI_PLATFORM_URL": url,
            "FLOWTUI_IMS_URL": url,
            "FLOWTUI_ORG_ID": DEMO_ORG_ID,
            "FLOWTUI_CLIENT_ID": DEMO_CLIENT_ID,
            "FLOWTUI_CLIENT_SECRET": DEMO_CLIENT_SECRET,
            "FLOWTUI_SANDBOX": "dev",
            "FLOWTUI_STATE_DIR": str(self.home / "state"),
            "FLOWTUI_CONFIG_DIR": str(self.home / "config"),
            "FLOWTUI_CACHE_DIR": str(self.home / "cache"),
            "PYTHONPATH": str(REPO_ROOT),
        }

    def __call__(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "flowtui", *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            timeout=60,
            cwd=self.home,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def records(self, kind: str, sandbox: str = "dev") -> list[dict[str, Any]]:
        """The emulator's records, read past the wire (to choose ids and check the truth)."""
        app: Any = self.server.app
        return [dict(record) for record in app.store.records(sandbox, kind)]

    def record(self, kind: str, record_id: str, sandbox: str = "dev") -> dict[str, Any]:
        app: Any = self.server.app
        return dict(app.store.get(sandbox, kind, record_id))

    def s3_targets(self, sandbox: str = "dev") -> list[str]:
        """Ids of target connections with an S3 bucket: the kind the tests edit."""
        return [
            r["id"]
            for r in self.records("targetConnections", sandbox)
            if r.get("connectionSpec", {}).get("id") == S3_SPEC_ID
        ]

    def audit_lines(self) -> list[dict[str, Any]]:
        path = self.home / "state" / "audit.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def start_emulator(*, cursor_tokens: bool) -> RunningServer:
    """The module's loopback emulator: 40 generated records a kind, the token mode pinned.

    Pinned because a module's tests share its records (each test runs once, not once per
    mode); test_list runs its paging tests against one server of each mode.
    """
    config = EmulatorConfig(records=40, seed=14, cursor_tokens=cursor_tokens)
    return start_in_thread(config, host="127.0.0.1", port=0)


@pytest.fixture(scope="module")
def emulator() -> Iterator[RunningServer]:
    server = start_emulator(cursor_tokens=False)
    yield server
    server.stop()


@pytest.fixture
def flowtui(emulator: RunningServer, tmp_path: Path) -> Flowtui:
    return Flowtui(emulator, tmp_path)
