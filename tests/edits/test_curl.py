"""The equivalent curl command: every header, placeholders for secrets, quoting a shell keeps."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from flowtui.edits.curl import curl_get, curl_patch

BASE = "https://platform.adobe.io/data/foundation/flowservice"
HOSTILE_NAME = 'it\'s "quoted" $(touch /tmp/pwned) `id` $HOME\nsecond line'


def shell_words(command: str) -> list[str]:
    """The words bash hands to curl, with curl replaced by a function that prints them."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed: the quoting is checked by a real shell")
    script = 'curl() { printf "%s\\0" "$@"; }\n' + command
    done = subprocess.run(
        [bash, "-c", script],
        capture_output=True,
        env={"ACCESS_TOKEN": "TOKEN-FROM-SHELL", "API_KEY": "KEY-FROM-SHELL", "HOME": "/home/x"},
        check=True,
    )
    return done.stdout.decode().split("\0")[:-1]


def test_get_has_every_header_with_placeholders_for_secrets() -> None:
    command = curl_get(BASE, "/flows", "abc 1/2", org_id="ORG@AdobeOrg", sandbox="prod")
    assert "Bearer $ACCESS_TOKEN" in command and "$API_KEY" in command
    words = shell_words(command)
    assert words[:4] == ["-sS", "-X", "GET", f"{BASE}/flows/abc%201%2F2"]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert headers == [
        "Authorization: Bearer TOKEN-FROM-SHELL",
        "x-api-key: KEY-FROM-SHELL",
        "x-gw-ims-org-id: ORG@AdobeOrg",
        "x-sandbox-name: prod",
    ]


def test_patch_quotes_a_hostile_name_and_sends_if_match() -> None:
    ops = [{"op": "replace", "path": "/name", "value": HOSTILE_NAME}]
    command = curl_patch(
        BASE,
        "/targetConnections",
        "id-1",
        org_id="ORG",
        sandbox="dev $(x)",
        etag='"3a00-etag"',
        ops=ops,
    )
    words = shell_words(command)
    assert words[2] == "PATCH"
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert 'If-Match: "3a00-etag"' in headers
    assert "x-sandbox-name: dev $(x)" in headers  # reached curl as typed, not run
    body = words[words.index("--data-raw") + 1]
    assert json.loads(body) == ops


def test_no_token_or_secret_value_is_ever_written() -> None:
    ops = [{"op": "replace", "path": "/auth/params/secretKey", "value": "<redacted>"}]
    command = curl_patch(BASE, "/connections", "c1", org_id="O", sandbox="prod", etag=None, ops=ops)
    assert "If-Match" not in command  # no etag known: no guard pretended
    words = shell_words(command)
    assert "TOKEN-FROM-SHELL" in " ".join(words)  # the shell fills it in, flowtui never did
    assert "TOKEN-FROM-SHELL" not in command and "KEY-FROM-SHELL" not in command
