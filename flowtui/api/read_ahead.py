"""A list's pages fetched one ahead of whoever reads them.

The next page is on its way while this one is drawn; and a list can be asked for before
anything is there to draw it (the first pane's records, while the screen is still being built).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowtui.api.client import Page


class ReadAhead:
    """Pages of one list, fetched in a task of their own, at most one page ahead.

    Must be made with an event loop running. ``next_page`` hands over an error in the place of
    the page it stopped, and None after the last page.
    """

    def __init__(self, pages: AsyncIterator[Page]) -> None:
        self._queue: asyncio.Queue[Page | BaseException | None] = asyncio.Queue(maxsize=1)
        self._task = asyncio.create_task(self._fetch(pages))

    async def _fetch(self, pages: AsyncIterator[Page]) -> None:
        try:
            async for page in pages:
                await self._queue.put(page)
        except Exception as error:
            await self._queue.put(error)
            return
        await self._queue.put(None)

    async def next_page(self) -> Page | None:
        """The next page (waiting for it), or None after the last; raises what stopped it."""
        page = await self._queue.get()
        if isinstance(page, BaseException):
            raise page
        return page

    def cancel(self) -> None:
        """Stop fetching (the reader has what it wants, or gave up)."""
        self._task.cancel()
