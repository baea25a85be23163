"""IMS OAuth server-to-server tokens: fetched with client credentials, cached 0600, renewed early.

The token is asked for lazily, kept per profile in the cache folder, and replaced a few minutes
before it expires or as soon as the service refuses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from flowtui.api.errors import AuthenticationError, NoAnswerError, without_frames
from flowtui.api.responses import error_for_response, parse_error_body, retry_after_seconds
from flowtui.api.retry import is_retryable_exception, is_retryable_status
from flowtui.api.settings import ClientSettings
from flowtui.platform_paths import cache_dir
from flowtui.private_files import write_private

log = logging.getLogger("flowtui.api.auth")


def token_cache_path(profile: str) -> Path:
    """The cache file of a profile's token, in the platform cache folder."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in profile) or "default"
    return cache_dir() / "tokens" / f"{safe}.json"


@dataclass(frozen=True)
class Token:
    """An access token and when it stops working (epoch seconds)."""

    value: str
    expires_at: float

    def __repr__(self) -> str:
        return f"Token(value='<hidden>', expires_at={self.expires_at!r})"


class TokenSource:
    """Hands out a valid bearer token, asking IMS only when the one it holds is stale."""

    def __init__(
        self,
        settings: ClientSettings,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._http = http
        self._clock = clock
        self._lock = asyncio.Lock()
        self._token: Token | None = None
        if settings.access_token:
            # A ready token has no known expiry: trust it until the service refuses it.
            self._token = Token(settings.access_token, float("inf"))
        self.fetch_count = 0
        """How many times IMS was asked (for tests and benchmarks)."""

    @property
    def can_renew(self) -> bool:
        return bool(self._settings.client_secret)

    def _fresh(self, token: Token | None) -> bool:
        return token is not None and token.expires_at - self._settings.renew_margin > self._clock()

    async def current(self) -> Token:
        """A token good for at least the renew margin, from memory, the cache file or IMS.

        Callers hold the Token (whose repr hides the value), never the bare string, so a
        traceback that shows local variables cannot show the token.
        """
        held = self._token
        if held is not None and self._fresh(held):
            return held
        async with self._lock:
            if self._token is not None and self._fresh(self._token):
                return self._token
            cached = self._read_cache()
            if cached is not None and self._fresh(cached):
                self._token = cached
                return cached
            self._token = await self._fetch()
            return self._token

    async def token(self) -> str:
        """The bearer token's value (for callers building their own requests)."""
        return (await self.current()).value

    async def renew(self, refused: Token) -> Token:
        """A new token after the service refused ``refused`` (unless another call renewed it)."""
        async with self._lock:
            held = self._token
            if held is not None and held.value != refused.value and self._fresh(held):
                return held
            if not self.can_renew:
                self._token = None
                raise AuthenticationError(
                    "The access token was refused or has expired, and no client secret is set to "
                    "get a new one; set FLOWTUI_ACCESS_TOKEN to a fresh token or configure a "
                    "client secret (flowtui config init)",
                    status=401,
                )
            self._drop_cache()
            self._token = await self._fetch()
            return self._token

    def _form(self) -> dict[str, str]:
        settings = self._settings
        return {
            "grant_type": "client_credentials",
            "client_id": settings.client_id,
            "client_secret": settings.client_secret or "",
            "scope": ",".join(settings.scopes),
        }

    async def _fetch(self) -> Token:
        settings = self._settings
        if not settings.client_secret:
            raise AuthenticationError(
                "No access token and no client secret: set FLOWTUI_CLIENT_SECRET or a profile's "
                "client_secret (flowtui config init)"
            )
        action = f"Getting an access token from IMS ({httpx.URL(settings.token_url).host})"
        deadline = settings.request_deadline
        timer = asyncio.timeout(deadline)
        try:
            async with timer:
                response = await self._ask_ims(action)
        except TimeoutError:
            if not timer.expired():
                raise
            raise NoAnswerError(
                f"{action}: IMS did not answer within {deadline:g} s; "
                "check the network and the IMS URL"
            ) from None
        if response.status_code in (400, 401, 403):
            body = parse_error_body(response)
            raise AuthenticationError(
                f"{action}: IMS refused the credentials; check the client id, client secret and "
                "scopes of the profile",
                status=response.status_code,
                code=body.code,
                request_id=body.request_id,
                detail=body.detail or body.title,
            )
        if not response.is_success:
            raise error_for_response(response, action=action)
        self.fetch_count += 1
        return self._token_from(response, action)

    async def _ask_ims(self, action: str) -> httpx.Response:
        """IMS's answer to the client-credentials form, network failures retried."""
        settings = self._settings
        policy = settings.retry
        attempt = 0
        while True:
            try:
                # The form is built inline: no local variable holds the secret.
                response = await self._http.post(settings.token_url, data=self._form())
            except httpx.HTTPError as exc:
                if is_retryable_exception(exc) and attempt < policy.retries:
                    await policy.sleep(policy.delay(attempt))
                    attempt += 1
                    continue
                raise NoAnswerError(
                    f"{action}: could not reach IMS ({type(exc).__name__}); "
                    "check the network and the IMS URL"
                ) from without_frames(exc)
            if is_retryable_status(response.status_code) and attempt < policy.retries:
                await policy.sleep(policy.delay(attempt, retry_after_seconds(response)))
                attempt += 1
                continue
            return response

    def _token_from(self, response: httpx.Response, action: str) -> Token:
        try:
            body: Any = response.json()
            value = body["access_token"]
            expires_in = float(body.get("expires_in", 86400))
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError(
                f"{action}: IMS answered without an access token", status=response.status_code
            ) from None
        if not isinstance(value, str) or not value:
            raise AuthenticationError(f"{action}: IMS answered with an empty access token")
        # Real IMS has answered expires_in in milliseconds; no token lives longer than a week.
        if expires_in > 7 * 86400:
            expires_in /= 1000
        token = Token(value, self._clock() + expires_in)
        log.debug(
            "IMS issued a token for profile %s, valid %d s", self._settings.profile, expires_in
        )
        self._write_cache(token)
        return token

    # --- the cache file -------------------------------------------------------------------

    def _cache_key(self) -> dict[str, str]:
        s = self._settings
        return {
            "client_id": s.client_id,
            "org_id": s.org_id,
            "ims_url": s.ims_url,
            "scope": ",".join(s.scopes),
        }

    def _read_cache(self) -> Token | None:
        path = self._settings.token_cache
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if any(data.get(k) != v for k, v in self._cache_key().items()):
                return None
            return Token(str(data["access_token"]), float(data["expires_at"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _write_cache(self, token: Token) -> None:
        path = self._settings.token_cache
        if path is None:
            return
        data = {**self._cache_key(), "access_token": token.value, "expires_at": token.expires_at}
        with contextlib.suppress(OSError):
            write_private(path, json.dumps(data))

    def _drop_cache(self) -> None:
        path = self._settings.token_cache
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()
