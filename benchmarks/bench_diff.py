"""Compare flowtui.patching.diff with jsonpatch.make_patch on the cases of issue 3.

Run by hand: ``.venv/bin/python benchmarks/bench_diff.py``. Prints, per case, the time, op
count and patch size of both, the json.dumps yardstick (one dumps of each document) and
the ratios. Targets: >= 5x faster than make_patch, never more ops or bytes, and within 3x of
the yardstick where the documents differ little.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import jsonpatch

from flowtui.patching import diff
from flowtui.patching.exact import exact_equal

Doc = Any


def _copy(doc: Doc) -> Doc:
    return json.loads(json.dumps(doc))


def _record(size_bytes: int = 1_000_000) -> dict[str, Any]:
    rng = random.Random(7)
    items: list[dict[str, Any]] = []
    record: dict[str, Any] = {
        "id": "226fb2e1-db69-4760-b67e-9e671e05abfc",
        "name": "2021 winter campaign",
        "etag": '"1400dd53-0000-0200-0000-5f3f23450000"',
        "transformations": [
            {"name": "Mapping", "params": {"mappingId": "m", "deep": {"a": {"b": {"c": 1}}}}}
        ],
        "items": items,
    }
    while len(json.dumps(record)) < size_bytes:
        n = len(items)
        items.append(
            {
                "sourceType": "ATTRIBUTE",
                "source": f"field_{n}",
                "destination": f"_tenant.profile.attr_{n}",
                "enabled": n % 3 == 0,
                "weight": rng.random(),
                "count": rng.randint(0, 1000),
                "tags": [f"t{rng.randint(0, 50)}" for _ in range(4)],
                "meta": {"createdBy": "someone@example.com", "note": "x" * rng.randint(20, 120)},
            }
        )
    return record


def _objects(count: int = 10_000) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": f"item {i}", "enabled": i % 2 == 0, "score": i * 0.5}
        for i in range(count)
    ]


def cases() -> list[tuple[str, Doc, Doc, bool]]:
    """(name, before, after, differs_little)."""
    record = _record()
    out: list[tuple[str, Doc, Doc, bool]] = []
    out.append(("1MB record identical", record, _copy(record), True))
    changed = _copy(record)
    changed["items"][1234]["meta"]["note"] = "changed"
    out.append(("1MB record, one deep leaf", record, changed, True))
    inserted = _copy(record)
    inserted["items"].insert(0, {"sourceType": "ATTRIBUTE", "source": "new", "destination": "x"})
    out.append(("1MB record, insert at front", record, inserted, True))
    removed = _copy(record)
    del removed["items"][0]
    out.append(("1MB record, remove first", record, removed, True))
    objects = _objects()
    one = _copy(objects)
    one[5000]["name"] = "renamed"
    out.append(("10k objects, one changed", objects, one, True))
    front = _copy(objects)
    front.insert(0, {"id": -1, "name": "new", "enabled": True, "score": 0.0})
    out.append(("10k objects, insert at front", objects, front, True))
    gone = _copy(objects)
    del gone[5000]
    out.append(("10k objects, one removed", objects, gone, True))
    appended = _copy(objects)
    appended.append({"id": 10_000, "name": "last", "enabled": False, "score": 1.5})
    out.append(("10k objects, appended", objects, appended, True))
    numbers = list(range(10_000))
    shuffled = numbers[:]
    random.Random(3).shuffle(shuffled)
    out.append(("10k ints shuffled", numbers, shuffled, False))
    return out


def _best(run: Callable[[], Any], budget: float = 1.0, at_most: int = 20) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    spent = 0.0
    for _ in range(at_most):
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
        best = min(best, elapsed)
        spent += elapsed
        if spent > budget:
            break
    return best, result


def _make_patch(before: Doc, after: Doc) -> list[dict[str, Any]]:
    return list(jsonpatch.make_patch(before, after).patch)


def _yardstick(before: Doc, after: Doc) -> tuple[str, str]:
    return json.dumps(before), json.dumps(after)


def main() -> None:
    header = (
        f"{'case':30} {'ours ms':>9} {'ops':>5} {'bytes':>8} | {'make_patch ms':>13} {'ops':>6} "
        f"{'bytes':>9} {'ok':>3} | {'dumps ms':>8} | {'speedup':>7} {'x dumps':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, before, after, little in cases():
        ours_time, ours = _best(partial(diff, before, after))
        theirs_time, theirs = _best(partial(_make_patch, before, after), budget=3.0, at_most=3)
        yard_time, _ = _best(partial(_yardstick, before, after))
        try:
            mp_ok = exact_equal(jsonpatch.apply_patch(before, theirs), after)
        except Exception:
            mp_ok = False
        verdict = "yes" if mp_ok else "NO"
        ours_bytes = len(json.dumps(ours))
        theirs_bytes = len(json.dumps(theirs))
        ratio = f"{ours_time / yard_time:7.2f}" if little else f"{'-':>7}"
        print(
            f"{name:30} {ours_time * 1e3:9.2f} {len(ours):5} {ours_bytes:8} | "
            f"{theirs_time * 1e3:13.2f} {len(theirs):6} {theirs_bytes:9} {verdict:>3} | "
            f"{yard_time * 1e3:8.2f} | {theirs_time / ours_time:7.1f} {ratio}"
        )


if __name__ == "__main__":
    main()
