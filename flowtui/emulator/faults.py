"""Faults a test or benchmark can turn on: latency, random 5xx on reads, and a rate limit."""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable

from flowtui.emulator.config import EmulatorConfig
from flowtui.emulator.errors import UNAVAILABLE, EmulatorError, flow_error, gateway_error

BAD_GATEWAY_PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>"


class Faults:
    """Applies the configured faults; all off by default."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._config = config
        self._rng = random.Random(config.seed)
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        self.clock: Callable[[], float] = time.monotonic
        """Seconds for the rate window; tests may freeze it."""

    async def before(self, method: str, is_flow_service: bool) -> None:
        """Delay every request; answer 429 to Flow Service calls above the rate limit."""
        if self._config.latency_ms > 0:
            await asyncio.sleep(self._config.latency_ms / 1000)
        limit = self._config.rate_limit
        if limit is None or not is_flow_service:
            return
        now = self.clock()
        with self._lock:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= limit:
                wait = 1.0 - (now - self._recent[0])
                retry_after = str(max(1, math.ceil(wait)))
                raise gateway_error(
                    429,
                    "429050",
                    "Too many requests. Please retry after the time given in Retry-After.",
                    {"Retry-After": retry_after},
                )
            self._recent.append(now)

    def maybe_fail_read(self) -> None:
        """Fail a share of reads: half as a JSON 503, half as a bare 502 page from the gateway."""
        rate = self._config.fail_rate
        if rate <= 0:
            return
        with self._lock:
            fail = self._rng.random() < rate
            bad_gateway = self._rng.random() < 0.5
        if not fail:
            return
        if bad_gateway:
            raise EmulatorError(502, BAD_GATEWAY_PAGE)
        raise flow_error(
            503,
            UNAVAILABLE,
            "The service is temporarily unavailable. Please try again. If the problem persists, "
            "please contact customer support.",
        )
