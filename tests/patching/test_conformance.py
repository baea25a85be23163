"""The JSON Patch conformance suite (json-patch-tests) through diff and apply_ops."""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowtui.patching import PatchError, apply_ops, diff
from tests.patching.strategies import canonical
from tests.support import SHARED

SUITE = SHARED / "reference" / "json-patch-tests"


def _cases(*, with_expected: bool = False) -> list[Any]:
    params: list[Any] = []
    for name in ("tests.json", "spec_tests.json"):
        path = SUITE / name
        if not path.exists():
            continue
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if case.get("disabled") or "doc" not in case:
                continue
            if with_expected and "expected" not in case:
                continue
            label = f"{name}:{index}:{case.get('comment', '')[:40]}"
            params.append(pytest.param(case, id=label))
    if not params:
        params.append(
            pytest.param(
                None,
                marks=pytest.mark.skip(reason=f"JSON Patch suite not found at {SUITE}"),
                id="suite-missing",
            )
        )
    return params


CASES = _cases()


@pytest.mark.parametrize("case", _cases(with_expected=True))
def test_diff_reaches_the_expected_document_with_three_ops(case: dict[str, Any]) -> None:
    ops = diff(case["doc"], case["expected"])
    assert {op["op"] for op in ops} <= {"add", "replace", "remove"}
    assert canonical(apply_ops(case["doc"], ops)) == canonical(case["expected"])


@pytest.mark.parametrize("case", CASES)
def test_apply_ops_follows_the_suite(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PatchError):
            apply_ops(case["doc"], case["patch"])
    elif "expected" in case:
        assert apply_ops(case["doc"], case["patch"]) == case["expected"]
    else:
        apply_ops(case["doc"], case["patch"])
