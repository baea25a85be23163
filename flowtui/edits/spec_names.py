"""The names of the connection and flow specs, fetched once per client: tables show names.

People think in ``ProfileToAmazonS3``, not ``71471eba``. The specs are few (the service answers
them in one page each) and never change during a session, so one read of each kind is kept
for the client's life and every table and picker asks here.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import CONNECTION_SPECS, FLOW_SPECS

if TYPE_CHECKING:
    from flowtui.api.client import FlowServiceClient

_CACHE: WeakKeyDictionary[FlowServiceClient, dict[str, str]] = WeakKeyDictionary()
_LOCKS: WeakKeyDictionary[FlowServiceClient, asyncio.Lock] = WeakKeyDictionary()


async def spec_names(client: FlowServiceClient) -> dict[str, str]:
    """Spec id → spec name for every connection and flow spec the client can read.

    Fetched on the first call and kept; a kind that cannot be listed (no permission, the
    service down) is left out rather than failing the table, and is asked for again next time.
    """
    cached = _CACHE.get(client)
    if cached is not None:
        return cached
    lock = _LOCKS.setdefault(client, asyncio.Lock())
    async with lock:
        cached = _CACHE.get(client)
        if cached is not None:
            return cached
        names: dict[str, str] = {}
        complete = True
        for kind in (CONNECTION_SPECS, FLOW_SPECS):
            try:
                specs = await client.list_all(kind)
            except FlowServiceError:
                complete = False
                continue
            for spec in specs:
                spec_id, name = spec.get("id"), spec.get("name")
                if isinstance(spec_id, str) and isinstance(name, str) and name:
                    names[spec_id] = name
        if complete:
            _CACHE[client] = names
        return names


def forget_spec_names(client: FlowServiceClient) -> None:
    """Drop the kept names (after switching to another sandbox or organisation)."""
    _CACHE.pop(client, None)
