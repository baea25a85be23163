"""Property tests: diff round-trips, uses only add/replace/remove, and invert undoes it."""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
from hypothesis import given
from hypothesis import strategies as st

from flowtui.patching import MISSING, apply_ops, diff, invert
from tests.patching.strategies import (
    canonical,
    containers,
    containers_in,
    documents,
    keys,
    mutate,
    scalars,
)

ALLOWED = {"add", "replace", "remove"}


def _check_round_trip(before: Any, after: Any) -> list[dict[str, Any]]:
    snapshot_before, snapshot_after = canonical(before), canonical(after)
    ops = diff(before, after)
    assert {op["op"] for op in ops} <= ALLOWED
    assert all(isinstance(op["path"], str) for op in ops)
    result = jsonpatch.apply_patch(before, ops)
    assert canonical(result) == canonical(after)
    # diff must not touch its inputs
    assert canonical(before) == snapshot_before
    assert canonical(after) == snapshot_after
    return ops


@given(documents, documents)
def test_diff_round_trips_between_unrelated_documents(before: Any, after: Any) -> None:
    _check_round_trip(before, after)


@given(containers, st.data())
def test_diff_round_trips_after_random_edits(before: Any, data: st.DataObject) -> None:
    after = mutate(before, data, data.draw(st.integers(1, 4)))
    _check_round_trip(before, after)


@given(containers)
def test_diff_of_a_document_with_itself_is_empty(doc: Any) -> None:
    assert diff(doc, doc) == []
    assert diff(doc, jsonpatch.apply_patch(doc, [])) == []


@given(containers, st.data())
def test_invert_restores_the_original(before: Any, data: st.DataObject) -> None:
    after = mutate(before, data, data.draw(st.integers(1, 4)))
    ops = diff(before, after)
    undo = invert(before, ops)
    assert {op["op"] for op in undo} <= ALLOWED
    assert canonical(apply_ops(apply_ops(before, ops), undo)) == canonical(before)


@given(st.lists(st.sampled_from([0, 1, 1.0, True, "1", None]), max_size=12), st.data())
def test_list_items_of_equal_value_and_different_type_are_told_apart(
    before: list[Any], data: st.DataObject
) -> None:
    after = mutate(before, data, data.draw(st.integers(1, 3)))
    _check_round_trip(before, after)


@given(containers, st.data())
def test_one_insert_removal_or_leaf_change_is_one_op(before: Any, data: st.DataObject) -> None:
    after = copy.deepcopy(before)
    target = data.draw(st.sampled_from(containers_in(after, [])))
    value = data.draw(scalars)
    remove_one: bool = data.draw(st.booleans())
    if isinstance(target, list):
        if target and remove_one:
            del target[data.draw(st.integers(0, len(target) - 1))]
            expected = "remove"
        else:
            target.insert(data.draw(st.integers(0, len(target))), data.draw(documents))
            expected = "add"
    else:
        key = data.draw(keys)
        old = target.get(key, MISSING)
        if old is MISSING:
            expected = "add"
        elif isinstance(old, (dict, list)) or canonical(old) == canonical(value):
            return  # not a single leaf change
        else:
            expected = "replace"
        target[key] = value
    ops = _check_round_trip(before, after)
    assert [op["op"] for op in ops] == [expected]
