"""Loaded records kept packed, so a pane of 100,000 costs about their size on the wire.

A parsed record takes about 3.4 times its JSON bytes as Python dicts and strings; packed with
pickle (in memory only, never written, never read from outside) it takes less than its JSON. The
table keeps what it draws, sorts and filters on (a row tuple and a search text per record)
unpacked; the whole record is unpacked only when someone looks at it (the preview, a record
screen), about 40 microseconds each time.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import Any

Record = dict[str, Any]


class PackedRecords(Mapping[str, Record]):
    """Records by id, in arrival order; each lookup returns a fresh copy of the record."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def put(self, record_id: str, record: Record) -> None:
        """Keep ``record`` (or replace the one with the same id, keeping its place)."""
        self._packed[record_id] = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)

    def __getitem__(self, record_id: str) -> Record:
        value: Record = pickle.loads(self._packed[record_id])
        return value

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    @property
    def packed_bytes(self) -> int:
        """Bytes the packed records take (their content, not the dictionary around them)."""
        return sum(len(blob) for blob in self._packed.values())
