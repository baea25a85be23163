"""Align two arrays: which items of the old one reappear, in order, in the new one."""

from __future__ import annotations

import marshal
from bisect import bisect_left
from typing import Any

from flowtui.exactjson import dumps as exact_dumps

# Gaps between anchors smaller than this (cells of an LCS table) are aligned exactly.
_SMALL_GAP_CELLS = 1024
# Below this many items the whole-array shortcut is not worth considering early.
_EARLY_REPLACE_MIN = 16


def _key(value: Any) -> Any:
    """A hashable stand-in for ``value`` that is equal only for type-exact equal JSON."""
    kind = type(value)
    if kind is str:
        return value
    if kind is dict or kind is list:
        # Equal bytes imply exact equality; a reordered object merely fails to match.
        try:
            return (kind, marshal.dumps(value, 2))
        except ValueError:
            # exactjson writes each number's own text: 1e400 and 2e400 must not match.
            return (kind, exact_dumps(value, sort_keys=True, default=repr))
    return (kind, value)


def align(a: list[Any], b: list[Any]) -> list[tuple[int, int]] | None:
    """Matched (i, j) pairs of equal items in order, or None when replacing the array is better.

    Items unique on both sides anchor the alignment (longest increasing run, as in patience
    diff); the gaps between anchors are trimmed and, when small, aligned exactly.
    """
    keys_a = [_key(item) for item in a]
    keys_b = [_key(item) for item in b]
    anchors = _unique_anchors(keys_a, keys_b, 0, len(a), 0, len(b))
    smaller = min(len(a), len(b))
    if smaller >= _EARLY_REPLACE_MIN and len(anchors) * 2 < smaller:
        # Mostly distinct plain values in a new order (a shuffle): an op per value would
        # always outweigh the array. Containers are paired instead; shorten() decides.
        scalars = sum(1 for key in keys_a if type(key) is str or key[0] not in (dict, list))
        if scalars * 2 > len(a) and len(set(keys_a)) * 2 > len(a):
            return None
    matches: list[tuple[int, int]] = []
    i = j = 0
    for ai, bj in [*anchors, (len(a), len(b))]:
        matches.extend(_align_gap(keys_a, keys_b, i, ai, j, bj))
        if ai < len(a):
            matches.append((ai, bj))
        i, j = ai + 1, bj + 1
    return matches


def _unique_anchors(
    keys_a: list[Any], keys_b: list[Any], a_lo: int, a_hi: int, b_lo: int, b_hi: int
) -> list[tuple[int, int]]:
    where_a: dict[Any, int] = {}
    for i in range(a_lo, a_hi):
        key = keys_a[i]
        where_a[key] = -1 if key in where_a else i
    where_b: dict[Any, int] = {}
    for j in range(b_lo, b_hi):
        key = keys_b[j]
        where_b[key] = -1 if key in where_b else j
    pairs = [
        (i, where_b[key]) for key, i in where_a.items() if i >= 0 and where_b.get(key, -1) >= 0
    ]
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs whose second members increase (pairs sorted by first)."""
    tails: list[int] = []  # tails[k]: smallest j ending an increasing run of length k + 1
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        position = bisect_left(tails, j)
        if position == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[position] = j
            tail_index[position] = index
        previous[index] = tail_index[position - 1] if position else -1
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    run.reverse()
    return run


def _align_gap(
    keys_a: list[Any], keys_b: list[Any], a_lo: int, a_hi: int, b_lo: int, b_hi: int
) -> list[tuple[int, int]]:
    head: list[tuple[int, int]] = []
    while a_lo < a_hi and b_lo < b_hi and keys_a[a_lo] == keys_b[b_lo]:
        head.append((a_lo, b_lo))
        a_lo += 1
        b_lo += 1
    tail: list[tuple[int, int]] = []
    while a_lo < a_hi and b_lo < b_hi and keys_a[a_hi - 1] == keys_b[b_hi - 1]:
        a_hi -= 1
        b_hi -= 1
        tail.append((a_hi, b_hi))
    tail.reverse()
    rows, columns = a_hi - a_lo, b_hi - b_lo
    middle: list[tuple[int, int]] = []
    if rows and columns and rows * columns <= _SMALL_GAP_CELLS:
        middle = _lcs(keys_a, keys_b, a_lo, a_hi, b_lo, b_hi)
    return head + middle + tail


def _lcs(
    keys_a: list[Any], keys_b: list[Any], a_lo: int, a_hi: int, b_lo: int, b_hi: int
) -> list[tuple[int, int]]:
    """Exact longest common subsequence by dynamic programming (small gaps only)."""
    rows, columns = a_hi - a_lo, b_hi - b_lo
    table = [[0] * (columns + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        key = keys_a[a_lo + r]
        row, below = table[r], table[r + 1]
        for c in range(columns - 1, -1, -1):
            if key == keys_b[b_lo + c]:
                row[c] = below[c + 1] + 1
            else:
                row[c] = max(below[c], row[c + 1])
    pairs: list[tuple[int, int]] = []
    r = c = 0
    while r < rows and c < columns:
        if keys_a[a_lo + r] == keys_b[b_lo + c]:
            pairs.append((a_lo + r, b_lo + c))
            r += 1
            c += 1
        elif table[r + 1][c] >= table[r][c + 1]:
            r += 1
        else:
            c += 1
    return pairs
