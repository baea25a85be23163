"""What a record table holds and shows, as plain data: the records, the values its columns show,
the text a filter matches, and which rows are shown in which order. Nothing here draws.

Kept in few long containers, on purpose: the garbage collector walks every item of a list at
each full collection, while dicts of strings, tuples and bytes drop out of its sight. So the ids
are listed once while nothing is filtered (``shown_ids is order``).

The filter reads the search texts from a list kept in step with the ids it looks at, not from the
id-keyed dict: at 100,000 rows a dict lookup per row made a whole filter cost 22 to 44 ms, the
list in step 10 to 18 ms (the rows are read in order, memory next to memory).
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
    """A filter under way: the rows it looks at, in display order, their search texts in step,
    and how far it has got."""

    ids: list[str]
    texts: list[str]
    at: int = 0

    @property
    def rest(self) -> tuple[list[str], list[str]]:
        """The rows not looked at yet, and their texts."""
        return self.ids[self.at :], self.texts[self.at :]


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
        self._order_texts: list[str] = []
        """The search text of each id in ``order``, in step with it."""
        self._keys: dict[str, SortKey] = {}
        """Sort keys of the current sort column, by id."""
        self.shown_ids: list[str] = self.order
        """Ids of the rows shown, in display order: ``order`` minus what the filter hides;
        ``order`` itself while nothing is filtered."""
        self._shown_texts: list[str] = self._order_texts
        """The search text of each id in ``shown_ids``, in step with it."""
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
        self._order_texts = []
        self._keys = {}
        self.shown_ids = self.order
        self._shown_texts = self._order_texts

    def put(self, record: dict[str, Any], record_id: str) -> None:
        """Hold ``record`` (new, or a newer copy of one held: a new name is matched from the
        next filter on)."""
        self.records.put(record_id, record)
        values = tuple(value_of(record) for value_of in self._value_of)
        self.values[record_id] = values
        text = search_text(record)
        held = self._search.get(record_id)
        self._search[record_id] = text
        if held is not None and held != text:  # a rename: the lists in step hold the old text
            self._retext(record_id, text)
        if self.sort_column is not None:
            key = sort_key(values[self.sort_column])
            moved = held is not None and self._keys.get(record_id) != key
            self._keys[record_id] = key
            if moved:  # sorted on what changed: the row goes to its new place
                self._resort(record_id)

    def _retext(self, record_id: str, text: str) -> None:
        """Put a renamed record's search text in the lists kept in step with the ids (rare: a
        record renamed after an edit, or listed again with a new name)."""
        self._order_texts[self.order.index(record_id)] = text
        if self.shown_ids is not self.order and record_id in self.shown_ids:
            self._shown_texts[self.shown_ids.index(record_id)] = text

    def _resort(self, record_id: str) -> None:
        """Move a held record whose sort value changed to its sorted place, in ``order`` and
        among the rows shown."""
        lists = [(self.order, self._order_texts)]
        if self.shown_ids is not self.order and record_id in self.shown_ids:
            lists.append((self.shown_ids, self._shown_texts))
        for ids, texts in lists:
            at = ids.index(record_id)
            del ids[at], texts[at]
            self._insert_sorted(ids, texts, [record_id], [self._search[record_id]])

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
        texts = [self._search[i] for i in fresh]
        unfiltered = self.shown_ids is self.order
        needle = self.needle
        if self.sort_column is None:
            first_changed = len(self.shown_ids)
            self.order.extend(fresh)
            self._order_texts.extend(texts)
            scan = self.scan
            if scan is not None:
                # They come after every row the filter has yet to see (a scan of ``order``
                # itself sees them already).
                if scan.ids is not self.order:
                    scan.ids.extend(fresh)
                    scan.texts.extend(texts)
            elif not unfiltered:
                passing = [needle in text for text in texts]
                self.shown_ids.extend(compress(fresh, passing))
                self._shown_texts.extend(compress(texts, passing))
        else:
            first_changed = 0
            self._insert_sorted(self.order, self._order_texts, fresh, texts)
            if not unfiltered:
                passing = [needle in text for text in texts]
                self._insert_sorted(
                    self.shown_ids,
                    self._shown_texts,
                    list(compress(fresh, passing)),
                    list(compress(texts, passing)),
                )
        return Appended(fresh, first_changed, replaced)

    def _insert_sorted(
        self, ids: list[str], texts: list[str], fresh: list[str], fresh_texts: list[str]
    ) -> None:
        """Insert ``fresh`` into the sorted ``ids`` (in place), after equal keys, as a stable
        sort would; their texts go to the same places in ``texts``."""
        if len(fresh) * 8 > len(ids):
            ids.extend(fresh)
            ids[:] = self._sorted(ids)
            search = self._search
            texts[:] = [search[i] for i in ids]
            return
        keys = self._keys
        for record_id, text in zip(fresh, fresh_texts, strict=True):
            key = keys[record_id]
            if self.sort_reverse:
                at = _first_smaller(ids, key, keys)
            else:
                at = bisect_right(ids, key, key=keys.__getitem__)
            ids.insert(at, record_id)
            texts.insert(at, text)

    def _sorted(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=self._keys.__getitem__, reverse=self.sort_reverse)

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
            # shown lists are replaced, never changed, once a filter starts: no copy needed.
            ids, texts = self.shown_ids, self._shown_texts
            if self.scan is not None:
                rest_ids, rest_texts = self.scan.rest
                ids, texts = ids + rest_ids, texts + rest_texts
            self._show_matching(ids, texts, screenful)
        else:
            self._show_matching(self.order, self._order_texts, screenful)
        return True

    def _show_matching(self, ids: list[str], texts: list[str], screenful: int) -> None:
        """Show the ``ids`` whose search text (in ``texts``, in step) holds the needle, in their
        order: the first slice now, the rest by ``scan_slice``. The lists are read, never
        changed (``order`` grows at its end while a scan runs, which the scan then sees)."""
        self.scan = None
        if not self.needle:
            if ids is self.order:
                self.shown_ids, self._shown_texts = ids, texts
            else:
                self.shown_ids, self._shown_texts = list(ids), list(texts)
            return
        self.shown_ids, self._shown_texts = [], []
        self.scan = Scan(ids, texts)
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
        while scan.at < end:
            upto = min(scan.at + step, end)
            texts = scan.texts[scan.at : upto]
            passing = [needle in text for text in texts]
            self.shown_ids.extend(compress(scan.ids[scan.at : upto], passing))
            self._shown_texts.extend(compress(texts, passing))
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
        search = self._search
        self._order_texts = [search[i] for i in self.order]
        self._show_matching(self.order, self._order_texts, screenful)


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
