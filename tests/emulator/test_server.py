"""The emulator over a real loopback socket, in a thread and as ``flowtui emulator``."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

import httpx
import pytest

from flowtui.emulator import EmulatorApp, EmulatorConfig
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.emulator.server import serve_from_args, start_in_thread

from .conftest import BASE, service_headers

pytestmark = pytest.mark.loopback


def _token(http: httpx.Client) -> str:
    reply = http.post(
        "/ims/token/v3",
        data={
            "grant_type": "client_credentials",
            "client_id": "flowtui-demo",
            "client_secret": "flowtui-demo-secret",
            "scope": "openid",
        },
    )
    assert reply.status_code == 200
    token: str = reply.json()["access_token"]
    return token


def test_thread_server_serves_the_real_path_layout_on_a_free_port() -> None:
    with start_in_thread(EmulatorConfig(records=120, cursor_tokens=False)) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.port != 0
        with httpx.Client(base_url=server.base_url) as http:
            headers = service_headers(_token(http))
            record = http.get(
                f"{BASE}/connections/{SALESFORCE_CONNECTION_ID}", headers=headers
            ).json()["items"][0]
            patched = http.patch(
                f"{BASE}/connections/{SALESFORCE_CONNECTION_ID}",
                json=[{"op": "replace", "path": "/name", "value": "over the wire"}],
                headers={**headers, "If-Match": record["etag"]},
            )
            assert patched.status_code == 200
            first = http.get(f"{BASE}/flows", params={"limit": 50}, headers=headers).json()
            second = http.get(BASE + first["_links"]["next"]["href"], headers=headers)
            assert second.status_code == 200
            assert len(second.json()["items"]) == 50
        app = server.app
        assert isinstance(app, EmulatorApp)
        assert (
            app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
            == "over the wire"
        )


def test_two_servers_are_independent() -> None:
    with start_in_thread() as one, start_in_thread() as two:
        assert one.port != two.port
        assert isinstance(one.app, EmulatorApp) and isinstance(two.app, EmulatorApp)
        one.app.store.touch(
            "prod", "connections", SALESFORCE_CONNECTION_ID, {"name": "only in one"}
        )
        assert (
            two.app.store.get("prod", "connections", SALESFORCE_CONNECTION_ID)["name"]
            == "E2E_SF Base_Connection"
        )


def test_stopped_server_refuses_connections() -> None:
    server = start_in_thread()
    url = server.base_url
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/ims/token/v3", timeout=2)


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT like Ctrl+C")
def test_cli_prints_its_url_when_ready_and_stops_cleanly_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flowtui",
            "emulator",
            "--port",
            "0",
            "--records",
            "5",
            "--client-id",
            "cli-client",
            "--client-secret",
            "cli-secret",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("flowtui emulator listening on http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[-1]
        reply = httpx.post(
            base_url + "/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": "cli-client",
                "client_secret": "cli-secret",
            },
        )
        assert reply.status_code == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped" in out


def test_cli_reports_a_busy_port() -> None:
    with start_in_thread() as server:
        result = subprocess.run(
            [sys.executable, "-m", "flowtui", "emulator", "--port", str(server.port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "cannot listen" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--fail-rate", "1.5", "--fail-rate"),
        ("--rate-limit", "0", "--rate-limit"),
        ("--records", "-3", "--records"),
        ("--token-ttl", "0", "--token-ttl"),
    ],
)
def test_cli_refuses_bad_flags_with_a_message(
    capsys: pytest.CaptureFixture[str], flag: str, value: str, message: str
) -> None:
    args = argparse.Namespace(
        host="127.0.0.1",
        port=0,
        records=0,
        latency_ms=0,
        fail_rate=0.0,
        rate_limit=None,
        token_ttl=86400,
        client_id=None,
        client_secret=None,
        seed=0,
    )
    name = flag.lstrip("-").replace("-", "_")
    setattr(args, name, type(getattr(args, name) or 0.0)(value))
    assert serve_from_args(args) == 2
    assert message in capsys.readouterr().err
