"""What a record table holds and shows, as plain data: the records, the values its columns show,
the text a filter matches, and which rows are shown in which order. Nothing here draws.

Each record gets a row number when it arrives. What it shows, what the filter matches and its
sort key are kept in lists by row number, written once; the display order and the rows a filter
shows are arrays of row numbers. This is for the garbage collector: it walks every item of every
list it looks at, and a list of 100,000 ids made afresh at each keystroke was walked again by
each young collection while it was young (6-7 ms each, on the keys); an array of numbers has no
items to walk. Reading the search texts by row number, in arrival order, also keeps a filter's
reads next to each other in memory: 100,000 rows in 5 to 8 ms, where a dict lookup per id took
22 to 44 ms.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, TypeAlias, overload

from flowtui.api.kinds import ResourceKind
from flowtui.tui.widgets.cells import sort_key
from flowtui.tui.widgets.packed_records import PackedRecords

FILTER_SLICE = 20_000
"""Rows a filter looks at per frame (2 to 4 ms): a keystroke draws its first matches in its own
frame, and the rest of 100,000 rows follow a slice per frame, never holding keys back."""
FIRST_STEP = 2_000
"""Rows the first slice of a filter looks at between checks for a screenful of matches."""

SortKey = tuple[int, Any]
Rows: TypeAlias = "array[int]"
"""Row numbers (typecode "q"): an order, or the rows shown."""


def search_text(record: dict[str, Any]) -> str:
    """What the text filter matches: the record's name and id, case-folded, in one string."""
    name = record.get("name")
    record_id = record.get("id")
    return "\n".join((name.casefold() if isinstance(name, str) else "", str(record_id).casefold()))


def _rows(numbers: Iterable[int] = ()) -> Rows:
    return array("q", numbers)


@dataclass
class Scan:
    """A filter under way: the rows it looks at, in display order, and how far it has got."""

    rows: Rows
    at: int = 0

    @property
    def rest(self) -> Rows:
        """The rows not looked at yet."""
        return self.rows[self.at :]


@dataclass(frozen=True)
class Appended:
    """What a page changed: ids new to the table, the first shown position that moved, and
    ids it already held (their rows are redrawn)."""

    fresh: list[str]
    first_changed: int
    replaced: list[str]


class IdsInOrder(Sequence[str]):
    """Ids of some rows, in an order, read through their row numbers (no copy is made). Equal
    to a list or another view holding the same ids in the same order."""

    def __init__(self, ids: list[str], rows: Rows, row_of: dict[str, int]) -> None:
        self._ids = ids
        self._rows = rows
        self._row_of = row_of

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            ids = self._ids
            return [ids[row] for row in self._rows[index]]
        return self._ids[self._rows[index]]

    def __iter__(self) -> Iterator[str]:
        ids = self._ids
        return (ids[row] for row in self._rows)

    def __contains__(self, record_id: object) -> bool:
        row = self._row_of.get(record_id) if isinstance(record_id, str) else None
        return row is not None and row in self._rows

    def index(self, record_id: Any, start: int = 0, stop: int | None = None) -> int:
        """Where ``record_id`` is shown (ValueError if it is not)."""
        row = self._row_of.get(record_id) if isinstance(record_id, str) else None
        if row is None:
            raise ValueError(f"{record_id!r} is not shown")
        return self._rows.index(row, start, len(self._rows) if stop is None else stop)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdsInOrder | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdsInOrder({list(self)!r})"


class TableRows:
    """One kind's loaded records, the order they show in, and the text filter over them."""

    def __init__(self, kind: ResourceKind) -> None:
        self._value_of = tuple(column.value_of for column in kind.columns)
        """Per column, what it shows of a record (a run's duration is derived, not a path)."""
        self.needle = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.reset()

    def reset(self) -> None:
        """Forget every record (before a reload); the filter and the sort stay."""
        self.records = PackedRecords()
        """Every loaded record by id, in arrival order (a lookup unpacks a copy)."""
        self._ids: list[str] = []
        """By row number: each record's id."""
        self._row_of: dict[str, int] = {}
        """By id: its row number."""
        self._values: list[tuple[Any, ...]] = []
        """By row number: the raw value each column shows (what sorting and drawing read)."""
        self._texts: list[str] = []
        """By row number: the case-folded text the filter matches."""
        self._keys: list[SortKey] = []
        """By row number: the sort key of the current sort column (empty when unsorted)."""
        self._order: Rows = _rows()
        """Every row in display order (arrival order, or the chosen sort)."""
        self._shown: Rows = self._order
        """The rows shown, in display order: ``_order`` minus what the filter hides, and
        ``_order`` itself while nothing is filtered."""
        self.scan: Scan | None = None
        """The filter still looking at rows, if any (see ``FILTER_SLICE``)."""

    # --- reading -------------------------------------------------------------------------

    @property
    def shown_ids(self) -> IdsInOrder:
        """Ids of the rows shown, in display order."""
        return IdsInOrder(self._ids, self._shown, self._row_of)

    @property
    def order(self) -> IdsInOrder:
        """Every id, in display order."""
        return IdsInOrder(self._ids, self._order, self._row_of)

    @property
    def shows_every_row(self) -> bool:
        """Nothing is filtered out (the shown rows are the order itself, not a copy)."""
        return self._shown is self._order

    def values_of(self, record_id: str) -> tuple[Any, ...] | None:
        """The raw value each column shows for the record (None for an unknown id)."""
        row = self._row_of.get(record_id)
        return None if row is None else self._values[row]

    # --- records arriving ----------------------------------------------------------------

    def put(self, record: dict[str, Any], record_id: str) -> int | None:
        """Hold ``record``: a new one gets a row number (returned; ``append`` places it), a
        newer copy of one held replaces it where it is (None). A new name is matched from the
        next filter on; sorted on what changed, the row moves to its place."""
        self.records.put(record_id, record)
        values = tuple(value_of(record) for value_of in self._value_of)
        text = search_text(record)
        key = None if self.sort_column is None else sort_key(values[self.sort_column])
        row = self._row_of.get(record_id)
        if row is None:
            row = self._row_of[record_id] = len(self._ids)
            self._ids.append(record_id)
            self._values.append(values)
            self._texts.append(text)
            if key is not None:
                self._keys.append(key)
            return row
        self._values[row] = values
        self._texts[row] = text
        if key is not None and key != self._keys[row]:
            self._keys[row] = key
            self._resort(row)
        return None

    def _resort(self, row: int) -> None:
        """Move a row whose sort value changed to its sorted place, in the order and among
        the rows shown (finish any filter first)."""
        places = [self._order]
        if self._shown is not self._order and row in self._shown:
            places.append(self._shown)
        for rows in places:
            rows.remove(row)
            self._insert_sorted(rows, [row])

    def append(self, records: list[dict[str, Any]]) -> Appended:
        """Add a page as it arrives; with a sort chosen, each row joins at its sorted place
        (finish any filter first: a sorted insert needs the whole shown list)."""
        fresh: list[str] = []
        fresh_rows: list[int] = []
        replaced: list[str] = []
        for record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            row = self.put(record, record_id)
            if row is None:
                replaced.append(record_id)
            else:
                fresh.append(record_id)
                fresh_rows.append(row)
        if not fresh:
            return Appended(fresh, len(self._shown), replaced)
        filtered = self._shown is not self._order
        if self.sort_column is None:
            first_changed = len(self._shown)
            self._order.extend(fresh_rows)
            scan = self.scan
            if scan is not None:
                # They come after every row the filter has yet to see (a scan of the order
                # itself sees them already).
                if scan.rows is not self._order:
                    scan.rows.extend(fresh_rows)
            elif filtered:
                self._shown.extend(self._matching(fresh_rows))
        else:
            first_changed = 0
            self._insert_sorted(self._order, fresh_rows)
            if filtered:
                self._insert_sorted(self._shown, self._matching(fresh_rows))
        return Appended(fresh, first_changed, replaced)

    def _matching(self, rows: list[int]) -> list[int]:
        """Of ``rows``, those whose search text holds the needle."""
        needle, texts = self.needle, self._texts
        return [row for row in rows if needle in texts[row]]

    def _insert_sorted(self, rows: Rows, fresh: list[int]) -> None:
        """Insert ``fresh`` into the sorted ``rows`` (in place), after equal keys, as a
        stable sort would."""
        keys = self._keys
        if len(fresh) * 8 > len(rows):
            rows.extend(fresh)
            rows[:] = _rows(sorted(rows, key=keys.__getitem__, reverse=self.sort_reverse))
            return
        for row in fresh:
            key = keys[row]
            if self.sort_reverse:
                at = _first_smaller(rows, key, keys)
            else:
                at = bisect_right(rows, key, key=keys.__getitem__)
            rows.insert(at, row)

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
            # shown rows are replaced, never changed, once a filter starts: no copy needed.
            rows = self._shown
            if self.scan is not None:
                rows = rows + self.scan.rest
            self._show_matching(rows, screenful)
        else:
            self._show_matching(self._order, screenful)
        return True

    def _show_matching(self, rows: Rows, screenful: int) -> None:
        """Show the ``rows`` whose search text holds the needle, in their order: the first
        slice now, the rest by ``scan_slice``. ``rows`` is read, never changed (the order
        grows at its end while a scan runs, which the scan then sees)."""
        self.scan = None
        if not self.needle:
            self._shown = rows if rows is self._order else _rows(rows)
            return
        self._shown = _rows()
        self.scan = Scan(rows)
        self.scan_slice(screenful=screenful)

    def scan_slice(self, *, screenful: int | None = None) -> None:
        """Look at the next ``FILTER_SLICE`` rows (``scan`` is None once every row is seen).

        With ``screenful``, the slice stops early once that many more rows match: that is what
        the next frame shows, and a person reads it while the rest are looked at.
        """
        scan = self.scan
        if scan is None:
            return
        end = min(scan.at + FILTER_SLICE, len(scan.rows))
        step = FILTER_SLICE if screenful is None else FIRST_STEP
        enough = None if screenful is None else len(self._shown) + screenful
        needle, texts, shown = self.needle, self._texts, self._shown
        while scan.at < end:
            upto = min(scan.at + step, end)
            rows = scan.rows[scan.at : upto]
            shown.extend(compress(rows, [needle in texts[row] for row in rows]))
            scan.at = upto
            if enough is not None and len(shown) >= enough:
                break
        if scan.at >= len(scan.rows):
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
        every_row = range(len(self._ids))
        if column is None:
            self._keys = []
            self._order = _rows(every_row)
        else:
            self._keys = [sort_key(values[column]) for values in self._values]
            self._order = _rows(sorted(every_row, key=self._keys.__getitem__, reverse=reverse))
        self._show_matching(self._order, screenful)


def _first_smaller(rows: Rows, key: SortKey, keys: list[SortKey]) -> int:
    """In ``rows`` sorted by descending key, the index of the first key smaller than ``key``."""
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if keys[rows[middle]] < key:
            high = middle
        else:
            low = middle + 1
    return low
