"""The curl command equivalent to a read or a reviewed edit, safe to paste into a shell.

Every header the service needs is present, but the token and the API key are shell variables
(``$ACCESS_TOKEN``, ``$API_KEY``) and never their values; every other word is quoted with
``shlex.quote``, so a name holding quotes, ``$`` or a newline reaches curl as typed.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

TOKEN_HEADER = '"Authorization: Bearer $ACCESS_TOKEN"'
"""Double quotes on purpose: the shell fills in the person's own token."""
API_KEY_HEADER = '"x-api-key: $API_KEY"'


def record_url(base_url: str, kind_path: str, record_id: str) -> str:
    """``{base}/{kind}/{id}``, the id percent-encoded as the client sends it."""
    return f"{base_url.rstrip('/')}{kind_path}/{quote(record_id, safe='')}"


def _command(method: str, url: str, headers: Sequence[str], body: str | None) -> str:
    words = ["curl", "-sS", "-X", method, shlex.quote(url)]
    lines = [" ".join(words)]
    lines.extend(f"-H {header}" for header in headers)
    if body is not None:
        lines.append(f"--data-raw {shlex.quote(body)}")
    return " \\\n  ".join(lines)


def _headers(org_id: str, sandbox: str) -> list[str]:
    return [
        TOKEN_HEADER,
        API_KEY_HEADER,
        shlex.quote(f"x-gw-ims-org-id: {org_id}"),
        shlex.quote(f"x-sandbox-name: {sandbox}"),
    ]


def curl_get(base_url: str, kind_path: str, record_id: str, *, org_id: str, sandbox: str) -> str:
    """The GET that reads this record."""
    url = record_url(base_url, kind_path, record_id)
    return _command("GET", url, _headers(org_id, sandbox), None)


def curl_patch(
    base_url: str,
    kind_path: str,
    record_id: str,
    *,
    org_id: str,
    sandbox: str,
    etag: str | None,
    ops: Sequence[dict[str, Any]],
) -> str:
    """The PATCH of a reviewed edit, guarded by ``If-Match`` with the etag it was made against.

    ``ops`` must already be redacted (the audit log's are): this prints what it is given.
    """
    url = record_url(base_url, kind_path, record_id)
    headers = _headers(org_id, sandbox)
    headers.append(shlex.quote("Content-Type: application/json"))
    if etag is not None:
        headers.append(shlex.quote(f"If-Match: {etag}"))
    body = json.dumps(list(ops), ensure_ascii=False)
    return _command("PATCH", url, headers, body)
