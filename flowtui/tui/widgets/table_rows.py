"""What a record table holds and shows, as plain data: the records, the values its columns show,
the text a filter matches, and which rows are shown in which order. Nothing here draws.

Kept in few long containers, on purpose: the garbage collector walks every item of a list at
each full collection (one every half second while 100,000 rows arrive), while dicts of strings,
tuples and bytes drop out of its sight. So the ids are listed once while nothing is filtered
(``shown_ids is order``), and the search texts stay in their id-keyed dict.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from typing import Any

from flowtui.api.kinds import ResourceKind
from flowtui.tui.widgets.cells import sort_key
from flowtui.tui.widgets.packed_records import PackedRecords

FILTER_SLICE = 20_000
"""Rows a filter looks at per frame (2 to 4 ms): a keystroke draws its first matches in the
next frame, and the rest of 100,000 rows follow a slice per frame, never holding keys back."""
FIRST_STEP = 2_000
"""Rows the first slice of a filter looks at between checks for a screenful of matches."""

SortKey = tuple[int, Any]


def search_text(record: dict[str, Any]) -> str:
    """What the text filter matches: the record's name and id, case-folded, in one string."""
    name = record.get("name")
    record_id = record.get("id")
    return "\n".join((name.casefold() if isinstance(name, str) else "", str(record_id).casefold()))


@dataclass
class Scan:
    """A filter under way: the rows it looks at, in display order, and how far it has got."""

    ids: list[str]
    at: int = 0

    @property
    def rest(self) -> list[str]:
        """The rows not looked at yet."""
        return self.ids[self.at :]


@dataclass(frozen=True)
class Appended:
    """What a page changed: ids new to the table, the first shown position that moved, and
    ids it already held (their rows are redrawn)."""

    fresh: list[str]
    first_changed: int
    replaced: list[str]


class TableRows:
    """One kind's loaded records, the order they show in, and the text filter over them."""

    def __init__(self, kind: ResourceKind) -> None:
        self._value_of = tuple(column.value_of for column in kind.columns)
        """Per column, what it shows of a record (a run's duration is derived, not a path)."""
        self.records = PackedRecords()
        """Every loaded record by id, in arrival order (a lookup unpacks a copy)."""
        self.values: dict[str, tuple[Any, ...]] = {}
        """Per id, the raw value each column shows (what sorting and drawing read)."""
        self._search: dict[str, str] = {}
        """Per id, the case-folded text the filter matches."""
        self.order: list[str] = []
        """Every id in display order (arrival order, or the chosen sort)."""
        self._keys: dict[str, SortKey] = {}
        """Sort keys of the current sort column, by id."""
        self.shown_ids: list[str] = self.order
        """Ids of the rows shown, in display order: ``order`` minus what the filter hides;
        ``order`` itself while nothing is filtered."""
        self.needle = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.scan: Scan | None = None
        """The filter still looking at rows, if any (see ``FILTER_SLICE``)."""

    def reset(self) -> None:
        """Forget every record (before a reload); the filter and the sort stay."""
        self.scan = None
        self.records = PackedRecords()
        self.values = {}
        self._search = {}
        self.order = []
        self._keys = {}
        self.shown_ids = self.order

    def put(self, record: dict[str, Any], record_id: str) -> None:
        """Hold ``record`` (new, or a newer copy of one held)."""
        self.records.put(record_id, record)
        values = tuple(value_of(record) for value_of in self._value_of)
        self.values[record_id] = values
        self._search[record_id] = search_text(record)  # a rename changes what matches
        if self.sort_column is not None:
            self._keys[record_id] = sort_key(values[self.sort_column])

    def append(self, records: list[dict[str, Any]]) -> Appended:
        """Add a page as it arrives; with a sort chosen, each row joins at its sorted place
        (finish any filter first: a sorted insert needs the whole shown list)."""
        fresh: list[str] = []
        replaced: list[str] = []
        for record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            (replaced if record_id in self.records else fresh).append(record_id)
            self.put(record, record_id)
        if not fresh:
            return Appended(fresh, len(self.shown_ids), replaced)
        unfiltered = self.shown_ids is self.order
        if self.sort_column is None:
            first_changed = len(self.shown_ids)
            self.order.extend(fresh)
            scan = self.scan
            if scan is not None:
                # They come after every row the filter has yet to see (a scan of ``order``
                # itself sees them already).
                if scan.ids is not self.order:
                    scan.ids.extend(fresh)
            elif not unfiltered:
                self.shown_ids.extend(i for i in fresh if self._passes(i))
        else:
            first_changed = 0
            self._insert_sorted(self.order, fresh)
            if not unfiltered:
                self._insert_sorted(self.shown_ids, [i for i in fresh if self._passes(i)])
        return Appended(fresh, first_changed, replaced)

    def _insert_sorted(self, ids: list[str], fresh: list[str]) -> None:
        """Insert ``fresh`` into the sorted ``ids`` (in place), after equal keys, as a stable
        sort would."""
        if len(fresh) * 8 > len(ids):
            ids.extend(fresh)
            ids[:] = self._sorted(ids)
            return
        keys = self._keys
        for record_id in fresh:
            key = keys[record_id]
            if self.sort_reverse:
                at = _first_smaller(ids, key, keys)
            else:
                at = bisect_right(ids, key, key=keys.__getitem__)
            ids.insert(at, record_id)

    def _sorted(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=self._keys.__getitem__, reverse=self.sort_reverse)

    def _passes(self, record_id: str) -> bool:
        return not self.needle or self.needle in self._search[record_id]

    # --- the text filter ---------------------------------------------------------------

    def set_needle(self, text: str, *, screenful: int) -> bool:
        """Show only the records whose name or id contains ``text`` (case-insensitive); the
        first slice is looked at now. False when that is already the filter."""
        needle = text.casefold()
        if needle == self.needle:
            return False
        # Typing on narrows what is shown already; anything else starts from every record.
        narrowing = bool(self.needle) and self.needle in needle
        self.needle = needle
        if narrowing:
            # What the last filter showed, then what it has not looked at yet: in order. The
            # shown list is replaced, never changed, once a filter starts: no copy needed.
            ids = self.shown_ids
            if self.scan is not None:
                ids = ids + self.scan.rest
            self._show_matching(ids, screenful)
        else:
            self._show_matching(self.order, screenful)
        return True

    def _show_matching(self, ids: list[str], screenful: int) -> None:
        """Show the ``ids`` whose search text holds the needle, in their order: the first slice
        now, the rest by ``scan_slice``. The lists are read, never changed (``order`` grows at
        its end while a scan runs, which the scan then sees)."""
        self.scan = None
        if not self.needle:
            self.shown_ids = ids if ids is self.order else list(ids)
            return
        self.shown_ids = []
        self.scan = Scan(ids)
        self.scan_slice(screenful=screenful)

    def scan_slice(self, *, screenful: int | None = None) -> None:
        """Look at the next ``FILTER_SLICE`` rows (``scan`` is None once every row is seen).

        With ``screenful``, the slice stops early once that many more rows match: that is what
        the next frame shows, and a person reads it while the rest are looked at.
        """
        scan = self.scan
        if scan is None:
            return
        end = min(scan.at + FILTER_SLICE, len(scan.ids))
        step = FILTER_SLICE if screenful is None else FIRST_STEP
        enough = None if screenful is None else len(self.shown_ids) + screenful
        needle = self.needle
        search = self._search
        while scan.at < end:
            upto = min(scan.at + step, end)
            ids = scan.ids[scan.at : upto]
            self.shown_ids.extend(compress(ids, [needle in search[i] for i in ids]))
            scan.at = upto
            if enough is not None and len(self.shown_ids) >= enough:
                break
        if scan.at >= len(scan.ids):
            self.scan = None

    def finish_scan(self) -> None:
        """Look at every row the filter has yet to see, now."""
        while self.scan is not None:
            self.scan_slice()

    # --- order ---------------------------------------------------------------------------

    def sort_by(self, column: int | None, *, reverse: bool, screenful: int) -> None:
        """Order rows by ``column`` (None: arrival order); rows arriving later keep the order.
        Finish any filter first."""
        self.sort_column = column
        self.sort_reverse = reverse
        if column is None:
            self._keys = {}
            self.order = list(self.records)
        else:
            self._keys = {i: sort_key(row[column]) for i, row in self.values.items()}
            self.order = self._sorted(self.records)
        self._show_matching(self.order, screenful)


def _first_smaller(ids: list[str], key: SortKey, keys: dict[str, SortKey]) -> int:
    """In ``ids`` sorted by descending key, the index of the first key smaller than ``key``."""
    low, high = 0, len(ids)
    while low < high:
        middle = (low + high) // 2
        if keys[ids[middle]] < key:
            high = middle
        else:
            low = middle + 1
    return low
