"""One kind's pane: records loaded page by page in a worker, progress, errors and a preview."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import ResourceKind
from flowtui.api.read_ahead import ReadAhead
from flowtui.edits.list_query import ListQuery, looks_like_single_equals
from flowtui.session import Session
from flowtui.tui.widgets.key_order import follow_burst
from flowtui.tui.widgets.record_preview import RecordPreview
from flowtui.tui.widgets.record_table import RecordTable
from flowtui.visible import visible

_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # advanced once per page, never on a timer


def describe_error(error: BaseException) -> str:
    """The service's message and code, as a person would quote them."""
    if isinstance(error, FlowServiceError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class KindPane(Vertical):
    """The list of one kind's records: a status line, the table, and a preview of the cursor row."""

    DEFAULT_CSS = """
    KindPane { height: 1fr; }
    KindPane > .pane-status { height: 1; padding: 0 1; background: $boost; }
    KindPane > .pane-error {
        display: none; height: auto; max-height: 6; padding: 0 1;
        color: $text-error; border-left: thick $error;
    }
    KindPane.-failed > .pane-error { display: block; }
    KindPane.-truncated > .pane-error {
        display: block; color: $text-warning; border-left: thick $warning;
    }
    KindPane > RecordTable { height: 1fr; }
    """

    class OpenRequested(Message):
        """The person pressed enter on a row."""

        def __init__(self, kind: ResourceKind, record: dict[str, Any]) -> None:
            super().__init__()
            self.kind = kind
            self.record = record

    # The pane's state: each watcher redraws what shows it (the status line, the notice).
    is_loading: var[bool] = var(False, init=False)
    """Whether pages are still streaming in (the status shows a spinner)."""
    loaded: var[int] = var(0, init=False)
    """Records received so far."""
    total: var[int | None] = var(None, init=False)
    """How many records the service says there are, once counted (None: not yet)."""
    error: var[str | None] = var(None, init=False)
    """Why the last load failed (shown under the status with "press r"), or None."""
    truncated: var[str | None] = var(None, init=False)
    """Why the list stopped before its end (a page or record limit), with what to do."""
    query_filter: var[ListQuery] = var(ListQuery, init=False, always_update=True)
    """The filter typed at ``/``: text narrows locally, a property filter reloads."""

    def __init__(
        self, kind: ResourceKind, session: Session, *, first_pages: ReadAhead | None = None
    ) -> None:
        super().__init__(id=f"pane-{kind.name}")
        self.kind = kind
        self.session = session
        self._first_pages = first_pages
        """The unfiltered list, asked for before this pane was built (the first pane at start)."""
        self.started = False
        """Whether a load has ever been asked for (panes load when first shown)."""
        self._load_when_mounted = False
        self._pages = 0
        self.table = RecordTable(kind, id=f"table-{kind.name}")
        """Made here, not in compose: a pane built on demand is usable before it is mounted."""

    def compose(self) -> ComposeResult:
        yield Static(Text(self.kind.title), classes="pane-status")
        yield Static("", classes="pane-error")
        yield self.table
        yield RecordPreview()

    def on_mount(self) -> None:
        self.table.build_columns(self.app.size.width)
        if self._load_when_mounted:
            self._load_when_mounted = False
            self._start_load()

    def on_resize(self) -> None:
        self.table.build_columns(self.app.size.width)

    # --- keys ----------------------------------------------------------------------------

    async def on_key(self, event: events.Key) -> None:
        """Keys from the table act in the order typed, however many one read holds
        (``/win`` fast over SSH filters by "win"): see key_order.follow_burst."""
        await follow_burst(self, event, owner=self.table)

    # --- loading -------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.started:
            self.load()

    def load(self) -> None:
        """(Re)load every record, streaming pages into the table."""
        self.started = True
        if not self.is_mounted:  # built on demand a moment ago: loads once it is mounted
            self._load_when_mounted = True
            return
        self._start_load()

    def _start_load(self) -> None:
        self.run_worker(
            self._load(), group=f"load-{self.kind.name}", exclusive=True, exit_on_error=False
        )

    async def _load(self) -> None:
        client = self.session.client
        kind = self.kind
        properties = (
            [self.query_filter.property_filter] if self.query_filter.property_filter else []
        )
        # After a reload, the cursor goes back to the record it was on once that record arrives.
        reselect = self.table.current_id
        self.table.reset()
        self._pages = 0
        self.loaded, self.total, self.error = 0, None, None
        self.truncated = None
        self.is_loading = True
        # The count is asked for once the first page is in: on one pooled connection it would
        # otherwise hold the first page back, and a single page needs no count.
        counter: asyncio.Task[int] | None = None
        reader, self._first_pages = self._first_pages, None
        if reader is None or properties:
            if reader is not None:
                reader.cancel()
            reader = ReadAhead(client.list_pages(kind, properties=properties))
        try:
            while (page := await reader.next_page()) is not None:
                self.table.append(page.records)
                self._pages += 1
                self.loaded = len(self.table.records)
                if page.truncated is not None:
                    self.truncated = page.truncated.message
                if counter is not None and counter.done() and not counter.cancelled():
                    self._take_count(counter)
                if reselect is not None and self.table.select_id(reselect):
                    reselect = None
                    self._show_preview()
                if self._pages == 1:
                    self._first_page_shown()
                    if kind.paged and page.next_href is not None:
                        counter = asyncio.create_task(client.count(kind, properties=properties))
            if counter is not None:
                with contextlib.suppress(FlowServiceError):
                    self._take_count(await counter)
        except FlowServiceError as error:
            self.error = describe_error(error)
        finally:
            reader.cancel()
            if counter is not None and not counter.done():
                counter.cancel()
            self.is_loading = False
        if self.error is None:
            self.table.settle()
            if self.total is None or self.total < self.loaded:
                self.total = self.loaded
        self._show_status()  # the table settled: its match count may have changed
        self._show_preview()

    def _take_count(self, counter: asyncio.Task[int] | int) -> None:
        if isinstance(counter, int):
            self.total = counter
            return
        try:
            self.total = counter.result()
        except FlowServiceError:
            self.total = None

    def _first_page_shown(self) -> None:
        if self.table.row_count and self.table.cursor_row < 0:
            self.table.select_first()
        self._show_preview()

    # --- watchers: state changes redraw what shows them ----------------------------------

    def watch_is_loading(self) -> None:
        self._show_status()

    def watch_loaded(self) -> None:
        self._show_status()

    def watch_total(self) -> None:
        self._show_status()

    def watch_query_filter(self) -> None:
        self._show_status()

    def watch_truncated(self, message: str | None) -> None:
        self.set_class(message is not None, "-truncated")
        if message is not None and self.is_mounted:
            notice = Text(visible(message + ".", one_line=False))
            self.query_one(".pane-error", Static).update(notice)
        self._show_status()

    def watch_error(self, message: str | None) -> None:
        self.set_class(message is not None, "-failed")
        if message is not None and self.is_mounted:
            error_text = Text()
            error_text.append("Could not load " + self.kind.title.lower() + ": ", style="bold")
            error_text.append(visible(message, one_line=False))
            error_text.append("\nPress r to retry.", style="italic")
            self.query_one(".pane-error", Static).update(error_text)
        self._show_status()

    # --- status --------------------------------------------------------------------------

    def status_text(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.kind.title, style="bold")
        shown = len(self.table.shown_ids)
        count = f"{self.loaded:,}" if self.total is None else f"{self.loaded:,}/{self.total:,}"
        text.append(f"  {count}")
        if self.is_loading:
            text.append(f" loading {_SPINNER[self._pages % len(_SPINNER)]}", style="italic")
        elif self.error is not None:
            text.append("  failed (r retries)", style="bold")
        elif self.truncated is not None:
            text.append("  stopped at the list limit", style="bold")
        if self.query_filter.property_filter:
            text.append(f"  where {visible(self.query_filter.property_filter)}", style="bold")
        if self.table.needle:
            matches = "no match" if not shown else f"{shown:,} match" + ("es" if shown > 1 else "")
            if self.table.filtering:  # a filter of many rows runs in slices
                matches = f"{shown:,} so far"
            text.append(f"  /{visible(self.table.needle)} ({matches})", style="bold")
            if not shown and looks_like_single_equals(self.table.needle):
                text.append("  == filters by property", style="italic")
        if self.query_filter.property_filter or self.table.needle:
            text.append("  esc clears", style="dim")
        if self.table.sort_column is not None:
            header = self.kind.columns[self.table.sort_column].header
            text.append(f"  sort {header} {'▼' if self.table.sort_reverse else '▲'}", style="dim")
        return text

    def _show_status(self) -> None:
        """Redraw the status line (the watchers call this; so do table events: filter, sort)."""
        if not self.is_mounted:
            return
        # One line high whatever it says: no layout pass needed.
        self.query_one(".pane-status", Static).update(self.status_text(), layout=False)

    def _show_preview(self) -> None:
        if not self.is_mounted:
            return
        self.query_one(RecordPreview).show(self.kind, self.table.current_record)

    @on(RecordTable.RowHighlighted)
    def _row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        event.stop()
        self._show_preview()

    @on(RecordTable.RowSelected)
    def _row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        record = self.table.current_record
        if record is not None:
            self.post_message(self.OpenRequested(self.kind, record))

    @on(RecordTable.Filtered)
    def _filtered(self, event: RecordTable.Filtered) -> None:
        event.stop()
        self._show_status()

    @on(RecordTable.HeaderSelected)
    def _header_selected(self, event: RecordTable.HeaderSelected) -> None:
        event.stop()
        table = self.table
        same = table.sort_column == event.column_index
        table.sort_by(event.column_index, reverse=same and not table.sort_reverse)
        self._show_status()

    # --- filtering and sorting -----------------------------------------------------------

    def apply_query(self, query: ListQuery) -> None:
        """Filter locally as the person types; a new property filter reloads from the service."""
        reload = query.property_filter != self.query_filter.property_filter
        self.table.set_needle(query.text)
        self.query_filter = query  # watch_query_filter redraws the status
        if reload:
            self.load()
        self._show_preview()

    def sort_next(self) -> None:
        table = self.table
        columns = len(self.kind.columns)
        column = 0 if table.sort_column is None else table.sort_column + 1
        table.sort_by(None if column >= columns else column, reverse=False)
        self._show_status()

    def sort_reverse(self) -> None:
        table = self.table
        table.sort_by(
            table.sort_column if table.sort_column is not None else 0,
            reverse=not table.sort_reverse,
        )
        self._show_status()

    def replace_record(self, record: dict[str, Any]) -> None:
        self.table.replace(record)
        self._show_preview()
