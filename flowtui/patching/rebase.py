"""rebase: carry my edit over to the version someone else saved meanwhile (after a 412).

Each side's change is reduced to regions: the paths it touched, cut short at any array whose
items it inserted or removed (indices inside such an array are not stable). Regions that
overlap (equal, or one inside the other) conflict unless both sides left the same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowtui.patching.diff import diff
from flowtui.patching.exact import exact_equal
from flowtui.patching.pointers import MISSING, is_within, overlaps, resolve, split
from flowtui.patching.verify import apply_copy_on_write


@dataclass(frozen=True)
class Conflict:
    """A path both sides changed differently; absent values are :data:`MISSING`."""

    path: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class RebaseResult:
    """``ops`` is my change re-expressed against theirs, or None when there are conflicts."""

    ops: list[dict[str, Any]] | None
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.ops is not None


def rebase(base: Any, ops: list[dict[str, Any]], theirs: Any) -> RebaseResult:
    """Re-apply ``ops`` (made against ``base``) on ``theirs``, or report what conflicts.

    Raises PatchError when ``ops`` do not apply to ``base``.
    """
    mine = apply_copy_on_write(base, ops)
    my_regions = change_regions(diff(base, mine))
    their_regions = change_regions(diff(base, theirs))
    conflicts: list[Conflict] = []
    reported: set[str] = set()
    for mine_region in my_regions:
        for their_region in their_regions:
            if not overlaps(mine_region, their_region):
                continue
            outer = mine_region if is_within(their_region, mine_region) else their_region
            mine_value, their_value = resolve(mine, outer), resolve(theirs, outer)
            if _same(mine_value, their_value) or outer in reported:
                continue
            reported.add(outer)
            conflicts.append(Conflict(outer, resolve(base, outer), mine_value, their_value))
    if conflicts:
        return RebaseResult(None, conflicts)
    carry: list[dict[str, Any]] = []
    for region in _outermost(my_regions):
        value, present = resolve(mine, region), resolve(theirs, region)
        if value is MISSING:
            if present is not MISSING:
                carry.append({"op": "remove", "path": region})
        elif present is MISSING:
            carry.append({"op": "add", "path": region, "value": value})
        elif not exact_equal(value, present):
            carry.append({"op": "replace", "path": region, "value": value})
    result = apply_copy_on_write(theirs, carry)
    return RebaseResult(diff(theirs, result), [])


def _same(first: Any, second: Any) -> bool:
    if first is MISSING or second is MISSING:
        return first is second
    return exact_equal(first, second)


def change_regions(ops: list[dict[str, Any]]) -> list[str]:
    """The paths ``ops`` (as made by diff) change, in the coordinates of the original document."""
    restructured: set[str] = set()
    for op in ops:
        path = op["path"]
        if op["op"] in ("add", "remove") and path:
            head, _, last = path.rpartition("/")
            if last.isdigit() or last == "-":
                restructured.add(head)
    regions: list[str] = []
    for op in ops:
        path = op["path"]
        region = path
        prefix = ""
        candidates = [prefix]
        for token in path.split("/")[1:]:
            prefix = f"{prefix}/{token}"
            candidates.append(prefix)
        for candidate in candidates[:-1]:
            if candidate in restructured:
                region = candidate
                break
        if region not in regions:
            regions.append(region)
    return regions


def _outermost(regions: list[str]) -> list[str]:
    kept = [r for r in regions if not any(o != r and is_within(r, o) for o in regions)]
    return sorted(set(kept), key=lambda r: len(split(r)))
