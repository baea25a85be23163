"""diff(before, after): the smallest add/replace/remove JSON Patch from one document to another.

Types are exact (1, 1.0, true and "1" all differ) and the result is verified by applying it
with jsonpatch before it is returned, so a wrong patch is never handed to the client.
"""

from __future__ import annotations

import json
from operator import is_
from typing import Any

from flowtui.patching.align import align
from flowtui.patching.errors import PatchError
from flowtui.patching.exact import exact_equal, same_bytes
from flowtui.patching.pointers import escape
from flowtui.patching.verify import apply_copy_on_write


def diff(before: Any, after: Any) -> list[dict[str, Any]]:
    """The ops (add, replace, remove only) that turn ``before`` into ``after``, verified.

    Op values share structure with ``after``; copy them before mutating either.
    """
    differ = _Differ()
    ops = differ.run(before, after)
    try:
        result = apply_copy_on_write(before, ops)
    except PatchError as error:
        raise _unverified() from error
    if not differ.reproduces(result, after):
        raise _unverified()
    return ops


def _unverified() -> PatchError:
    return PatchError(
        "internal error: the computed patch does not reproduce the edited document, "
        "so it was not used; please report this with the record"
    )


def _dumps_len(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False))


class _Differ:
    """One diff run.

    ``proven`` holds (id(before part), id(after part)) for every pair of subtrees the run
    found exactly equal, so the verification that follows re-checks only what changed.
    """

    def __init__(self) -> None:
        self.ops: list[dict[str, Any]] = []
        self.proven: set[tuple[int, int]] = set()
        # id(after list) -> runs (start in after, before list, start in before, length)
        self.runs: dict[int, list[tuple[int, list[Any], int, int]]] = {}

    def run(self, before: Any, after: Any) -> list[dict[str, Any]]:
        self.value(before, after, "")
        return self.ops

    def reproduces(self, result: Any, after: Any) -> bool:
        """True when ``result`` (the ops applied to before) is exactly ``after``."""
        if result is after or (id(result), id(after)) in self.proven:
            return True
        kind = type(result)
        if kind is not type(after):
            return False
        if kind is dict:
            return len(result) == len(after) and all(
                key in after and self.reproduces(value, after[key]) for key, value in result.items()
            )
        if kind is list:
            return len(result) == len(after) and self.reproduces_items(result, after)
        return bool(result == after)

    def reproduces_items(self, result: list[Any], after: list[Any]) -> bool:
        proven = self.proven
        position = 0
        runs = sorted(self.runs.get(id(after), ()), key=lambda run: run[0])
        for start, source, source_start, length in [*runs, (len(after), [], 0, 0)]:
            for index in range(position, start):
                x, y = result[index], after[index]
                if not (x is y or (id(x), id(y)) in proven or self.reproduces(x, y)):
                    return False
            end = start + length
            # Items the run proved equal must be the very same objects, in the same order.
            same_objects = all(
                map(is_, result[start:end], source[source_start : source_start + length])
            )
            if not same_objects and not all(map(exact_equal, result[start:end], after[start:end])):
                return False
            position = max(position, end)
        return True

    def equal(self, a: Any, b: Any) -> bool:
        """Exact equality of two containers, remembered for the verification."""
        if a == b and same_bytes(a, b):
            self.proven.add((id(a), id(b)))
            return True
        return False

    def value(self, a: Any, b: Any, path: str) -> None:
        if a is b:
            return
        kind = type(a)
        if kind is not type(b):
            self.ops.append({"op": "replace", "path": path, "value": b})
        elif kind is dict:
            if not self.equal(a, b):
                self.object(a, b, path)
        elif kind is list:
            if not self.equal(a, b):
                self.array(a, b, path)
        elif a != b:
            self.ops.append({"op": "replace", "path": path, "value": b})

    def object(self, a: dict[str, Any], b: dict[str, Any], path: str) -> None:
        ops = self.ops
        for key, va in a.items():
            if key not in b:
                ops.append({"op": "remove", "path": f"{path}/{escape(key)}"})
                continue
            vb = b[key]
            if va is vb:
                continue
            kind = type(va)
            if kind is not type(vb):
                ops.append({"op": "replace", "path": f"{path}/{escape(key)}", "value": vb})
            elif kind is dict or kind is list:
                if self.equal(va, vb):
                    continue
                if kind is dict:
                    self.object(va, vb, f"{path}/{escape(key)}")
                else:
                    self.array(va, vb, f"{path}/{escape(key)}")
            elif va != vb:
                ops.append({"op": "replace", "path": f"{path}/{escape(key)}", "value": vb})
        for key, vb in b.items():
            if key not in a:
                ops.append({"op": "add", "path": f"{path}/{escape(key)}", "value": vb})

    def array(self, a: list[Any], b: list[Any], path: str) -> None:
        start = len(self.ops)
        n, m = len(a), len(b)
        prefix = self.common_prefix(a, b)
        suffix = self.common_suffix(a, b, min(n, m) - prefix)
        a_mid = a[prefix : n - suffix]
        b_mid = b[prefix : m - suffix]
        if not a_mid:
            for offset, item in enumerate(b_mid):
                self.ops.append({"op": "add", "path": f"{path}/{prefix + offset}", "value": item})
        elif not b_mid:
            self.ops.extend({"op": "remove", "path": f"{path}/{prefix}"} for _ in a_mid)
        elif len(a_mid) == 1 and len(b_mid) == 1:
            self.item(a_mid[0], b_mid[0], f"{path}/{prefix}")
        else:
            matches = align(a_mid, b_mid)
            if matches is None:
                self.ops.append({"op": "replace", "path": path, "value": b})
                return
            self.proven.update((id(a_mid[i]), id(b_mid[j])) for i, j in matches)
            self.script(a_mid, b_mid, matches, path, prefix)
        self.shorten(start, path, b)

    def item(self, a: Any, b: Any, path: str) -> None:
        """One item changed in place: inner ops, unless replacing the item is smaller."""
        start = len(self.ops)
        self.value(a, b, path)
        self.shorten(start, path, b)

    def shorten(self, start: int, path: str, b: Any) -> None:
        """Swap the ops since ``start`` for one replace of ``path`` when that is smaller."""
        if len(self.ops) - start > 1:
            replace = {"op": "replace", "path": path, "value": b}
            if _dumps_len(replace) < _dumps_len(self.ops[start:]):
                del self.ops[start:]
                self.ops.append(replace)

    def script(
        self,
        a: list[Any],
        b: list[Any],
        matches: list[tuple[int, int]],
        path: str,
        base: int,
    ) -> None:
        """Emit ops for the gaps between matched items; indices follow the evolving array."""
        ops = self.ops
        i = j = 0
        for mi, mj in [*matches, (len(a), len(b))]:
            gap_a, gap_b = mi - i, mj - j
            paired = min(gap_a, gap_b)
            for t in range(paired):
                self.item(a[i + t], b[j + t], f"{path}/{base + j + t}")
            at = base + j + paired
            for _ in range(gap_a - paired):
                ops.append({"op": "remove", "path": f"{path}/{at}"})
            for t in range(gap_b - paired):
                ops.append({"op": "add", "path": f"{path}/{at + t}", "value": b[j + paired + t]})
            i, j = mi + 1, mj + 1

    def prove_run(
        self, a: list[Any], a_start: int, b: list[Any], b_start: int, length: int
    ) -> bool:
        """Exact equality of ``length`` items from each start, remembered as a run."""
        if length <= 0:
            return True
        if not same_bytes(a[a_start : a_start + length], b[b_start : b_start + length]):
            return False
        self.runs.setdefault(id(b), []).append((b_start, a, a_start, length))
        return True

    def common_prefix(self, a: list[Any], b: list[Any]) -> int:
        limit = min(len(a), len(b))
        if a[:limit] == b[:limit]:
            low = limit
        else:
            low, high = 0, limit  # a[:low] == b[:low]; the first difference is in [low, high)
            while high - low > 1:
                middle = (low + high) // 2
                if a[low:middle] == b[low:middle]:
                    low = middle
                else:
                    high = middle
        # == takes 1 for 1.0 and true; confirm exactly, item by item only when that fails.
        if not self.prove_run(a, 0, b, 0, low):
            low = 0
            while low < limit and exact_equal(a[low], b[low]):
                low += 1
            self.prove_run(a, 0, b, 0, low)
        return low

    def common_suffix(self, a: list[Any], b: list[Any], limit: int) -> int:
        if limit <= 0:
            return 0
        n, m = len(a), len(b)
        if a[n - limit :] == b[m - limit :]:
            low = limit
        else:
            low, high = 0, limit  # the last `low` items agree; a difference lies before high
            while high - low > 1:
                middle = (low + high) // 2
                if a[n - middle : n - low] == b[m - middle : m - low]:
                    low = middle
                else:
                    high = middle
        if not self.prove_run(a, n - low, b, m - low, low):
            low = 0
            while low < limit and exact_equal(a[n - 1 - low], b[m - 1 - low]):
                low += 1
            self.prove_run(a, n - low, b, m - low, low)
        return low
