"""When and how long to wait before trying a read again: bounded exponential backoff with jitter.

Only idempotent calls (GET, and the IMS token call) are retried; the sleep is injectable so tests
run without waiting.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

RETRY_STATUSES = frozenset({429, 502, 503, 504})


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times a read is retried and how the waits between tries grow."""

    retries: int = 4
    """Tries after the first; 0 disables retrying."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 20.0
    """A ``Retry-After`` longer than this is cut short: a person is waiting."""
    sleep: Callable[[float], Awaitable[None]] = field(default=_sleep, repr=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * (2.0**attempt))
        # "Equal jitter": at least half the ceiling, so waits still grow, never all at once.
        return ceiling / 2 + ceiling / 2 * self.jitter()


def is_retryable_status(status: int) -> bool:
    return status in RETRY_STATUSES


def is_retryable_exception(exc: BaseException) -> bool:
    """Network failures worth another try on an idempotent call."""
    return isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError))


NO_RETRY = RetryPolicy(retries=0)
