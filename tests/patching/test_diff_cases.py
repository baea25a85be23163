"""diff on the cases people hit: minimal ops, exact types, escaping, whole-array fallback."""

from __future__ import annotations

import copy
import importlib
import json
from typing import Any

import jsonpatch
import pytest

from flowtui.patching import PatchError, apply_ops, diff


def _objects(count: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"item {i}", "on": i % 2 == 0} for i in range(count)]


def test_one_changed_leaf_is_one_replace() -> None:
    before: dict[str, Any] = {"a": {"b": {"c": [1, 2, {"d": "x"}]}}, "e": 1}
    after = copy.deepcopy(before)
    after["a"]["b"]["c"][2]["d"] = "y"
    assert diff(before, after) == [{"op": "replace", "path": "/a/b/c/2/d", "value": "y"}]


@pytest.mark.parametrize(
    ("old", "new"),
    [(1, 1.0), (1, True), (1.0, True), (1, "1"), (0, False), (0, None), ("", None)],
)
def test_values_equal_under_python_equality_but_of_another_type_are_replaced(
    old: Any, new: Any
) -> None:
    ops = diff({"v": old, "list": [old, 5]}, {"v": new, "list": [new, 5]})
    assert {op["path"] for op in ops} == {"/v", "/list/0"}
    assert all(op["op"] == "replace" for op in ops)


def test_key_order_never_produces_ops() -> None:
    assert diff({"a": 1, "b": [1, {"x": 1, "y": 2}]}, {"b": [1, {"y": 2, "x": 1}], "a": 1}) == []


def test_keys_with_slash_and_tilde_are_escaped() -> None:
    ops = diff({"a/b": 1, "m~n": 2}, {"a/b": 3, "m~n": 4, "~1": 5})
    paths = {op["path"] for op in ops}
    assert paths == {"/a~1b", "/m~0n", "/~01"}
    assert apply_ops({"a/b": 1, "m~n": 2}, ops) == {"a/b": 3, "m~n": 4, "~1": 5}


def test_insert_at_the_front_of_ten_thousand_items_is_one_add() -> None:
    before = _objects(10_000)
    after = [{"id": -1, "name": "new", "on": True}, *copy.deepcopy(before)]
    assert diff(before, after) == [{"op": "add", "path": "/0", "value": after[0]}]


def test_removal_from_the_middle_of_ten_thousand_items_is_one_remove() -> None:
    before = _objects(10_000)
    after = copy.deepcopy(before)
    del after[4321]
    assert diff(before, after) == [{"op": "remove", "path": "/4321"}]


def test_appended_item_is_one_add() -> None:
    before = _objects(10_000)
    after = [*copy.deepcopy(before), {"id": 10_000}]
    assert diff(before, after) == [{"op": "add", "path": "/10000", "value": {"id": 10_000}}]


def test_one_changed_item_in_ten_thousand_is_an_op_inside_it() -> None:
    before = _objects(10_000)
    after = copy.deepcopy(before)
    after[777]["name"] = "renamed"
    assert diff(before, after) == [{"op": "replace", "path": "/777/name", "value": "renamed"}]


def test_duplicate_items_inserted_in_the_middle_keep_indices_right() -> None:
    before = ["a"] * 20 + ["b"] + ["a"] * 20
    after = ["a"] * 21 + ["b"] + ["a"] * 9 + ["b"] + ["a"] * 11
    ops = diff(before, after)
    assert apply_ops(before, ops) == after
    assert len(ops) == 2


def test_several_scattered_edits_apply_in_order() -> None:
    before = list(range(100))
    after: list[Any] = [x for x in before if x not in (10, 50)]
    after.insert(30, "new")
    after[70] = "changed"
    ops = diff(before, after)
    assert apply_ops(before, ops) == after
    assert len(ops) == 4


def test_a_shuffled_array_is_replaced_whole() -> None:
    before = list(range(200))
    after = before[::-1]
    assert diff({"xs": before}, {"xs": after}) == [{"op": "replace", "path": "/xs", "value": after}]


def test_patch_is_never_much_larger_than_the_array_it_rewrites() -> None:
    before = [{"k": i} for i in range(50)]
    after = [{"k": i + 1} for i in range(50)]
    ops = diff(before, after)
    assert len(json.dumps(ops)) <= len(json.dumps({"op": "replace", "path": "", "value": after}))


def test_root_replacement_when_the_type_changes() -> None:
    assert diff({"a": 1}, [1]) == [{"op": "replace", "path": "", "value": [1]}]


def test_unicode_and_nested_empty_containers() -> None:
    before: dict[str, Any] = {"é": {}, "☃": [], "x": [[]]}
    after: dict[str, Any] = {"é": {"k": []}, "☃": [{}], "x": [[], []]}
    ops = diff(before, after)
    assert jsonpatch.apply_patch(before, ops) == after


def test_apply_ops_names_the_op_that_fails() -> None:
    with pytest.raises(PatchError, match=r"op 2 \(remove /missing\)"):
        apply_ops(
            {"a": 1},
            [{"op": "replace", "path": "/a", "value": 2}, {"op": "remove", "path": "/missing"}],
        )


def test_apply_ops_refuses_an_op_without_a_value() -> None:
    with pytest.raises(PatchError, match="needs a 'value'"):
        apply_ops({}, [{"op": "add", "path": "/a"}])


def test_apply_ops_leaves_the_input_alone() -> None:
    doc = {"a": {"b": 1}}
    apply_ops(doc, [{"op": "replace", "path": "/a/b", "value": 2}])
    assert doc == {"a": {"b": 1}}


def test_a_small_change_to_every_item_stays_per_item() -> None:
    before: list[dict[str, Any]] = [
        {"id": i, "name": f"a fairly long name for item {i}", "count": i} for i in range(200)
    ]
    after = copy.deepcopy(before)
    for item in after:
        item["count"] += 1
    ops = diff(before, after)
    assert len(ops) == 200
    assert all(op["path"].endswith("/count") for op in ops)


def test_a_patch_that_would_not_reproduce_the_edit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    diff_module = importlib.import_module("flowtui.patching.diff")
    real_script = diff_module._Differ.script

    def off_by_one(self: Any, a: Any, b: Any, matches: Any, path: str, base: int) -> None:
        real_script(self, a, b, matches, path, base + 1)

    before = [f"a long enough item number {i}" for i in range(20)]
    after = [*before[:5], "changed", *before[6:15], "changed too", *before[16:]]
    assert len(diff(before, after)) == 2  # what the real engine does
    monkeypatch.setattr(diff_module._Differ, "script", off_by_one)
    with pytest.raises(PatchError, match="does not reproduce"):
        diff(before, after)
