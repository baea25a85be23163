"""IMS access tokens and the gateway's header checks that every Flow Service call passes."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from urllib.parse import parse_qs

from flowtui.emulator.config import EmulatorConfig
from flowtui.emulator.errors import (
    CROSS_SANDBOX_HEADERS,
    SANDBOX_ID_NOT_FOUND,
    SANDBOX_NOT_FOUND,
    EmulatorError,
    flow_error,
    gateway_error,
)

ANY_SANDBOX = "*"
"""The sandbox a cross-sandbox read addresses: both sandbox headers set to ``*``."""

JSON = dict[str, object]


def _ims_error(error: str, description: str) -> EmulatorError:
    return EmulatorError(400, {"error": error, "error_description": description})


class TokenIssuer:
    """Issues bearer tokens for the configured client and remembers when each expires."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._config = config
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, body: bytes, content_type: str) -> JSON:
        """Answer ``POST /ims/token/v3``: form fields in, ``access_token`` out."""
        if not content_type.startswith("application/x-www-form-urlencoded"):
            raise _ims_error(
                "invalid_request", "Send the fields as application/x-www-form-urlencoded."
            )
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        grant = form.get("grant_type")
        if grant is None:
            raise _ims_error("invalid_request", "grant_type is missing.")
        if grant != "client_credentials":
            raise _ims_error("unsupported_grant_type", f"grant_type {grant!r} is not supported.")
        if not secrets.compare_digest(
            form.get("client_id", ""), self._config.client_id
        ) or not secrets.compare_digest(form.get("client_secret", ""), self._config.client_secret):
            raise _ims_error("invalid_client", "invalid client_id or client_secret")
        token = "emu-" + secrets.token_urlsafe(32)
        with self._lock:
            self._expiry[token] = time.monotonic() + self._config.token_ttl
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self._config.token_ttl,
        }

    def is_valid(self, token: str) -> bool:
        with self._lock:
            expiry = self._expiry.get(token)
        return expiry is not None and time.monotonic() < expiry

    def expire_all(self) -> None:
        """Make every issued token expired now, so tests can prove renewal without waiting."""
        with self._lock:
            for token in self._expiry:
                self._expiry[token] = 0.0


def check_gateway(headers: Mapping[str, str], config: EmulatorConfig, tokens: TokenIssuer) -> None:
    """The gateway's token, API key and org checks, in its order (every Platform API)."""
    authorization = headers.get("authorization", "")
    if not authorization.strip():
        raise gateway_error(403, "403010", "Oauth token is missing.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not tokens.is_valid(token.strip()):
        raise gateway_error(401, "401013", "Oauth token is not valid")
    api_key = headers.get("x-api-key")
    if not api_key:
        raise gateway_error(403, "403000", "Api Key is required")
    if api_key != config.client_id:
        raise gateway_error(403, "403003", "Api Key is invalid")
    org = headers.get("x-gw-ims-org-id")
    if not org:
        raise gateway_error(400, "400003", "x-gw-ims-org-id header is required")
    if org != config.org_id:
        raise gateway_error(403, "403025", "Profile is not valid")


def check_headers(
    headers: Mapping[str, str],
    config: EmulatorConfig,
    tokens: TokenIssuer,
    sandboxes: Mapping[str, str],
) -> str:
    """Run the gateway's checks, then the sandbox's; return the sandbox the call addresses
    (``ANY_SANDBOX`` for a cross-sandbox read). ``sandboxes`` maps names to ids."""
    check_gateway(headers, config, tokens)
    sandbox = headers.get("x-sandbox-name") or "prod"
    sandbox_id = headers.get("x-sandbox-id")
    if ANY_SANDBOX in (sandbox, sandbox_id):
        if sandbox == sandbox_id:
            return ANY_SANDBOX
        raise flow_error(
            400,
            CROSS_SANDBOX_HEADERS,
            "A cross-sandbox query needs both x-sandbox-name and x-sandbox-id set to '*'.",
        )
    if sandbox not in sandboxes:
        raise flow_error(
            404,
            SANDBOX_NOT_FOUND,
            f"Sandbox named '{sandbox}' not found in this organization. "
            "Check the x-sandbox-name header.",
        )
    if sandbox_id and sandboxes[sandbox] != sandbox_id:
        raise flow_error(
            404,
            SANDBOX_ID_NOT_FOUND,
            f"Sandbox with id '{sandbox_id}' and name '{sandbox}' not found in this "
            "organization. Check the x-sandbox-id and x-sandbox-name headers.",
        )
    return sandbox
