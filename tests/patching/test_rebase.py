"""rebase carries my edit onto their newer version, or reports each conflicting path."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flowtui.patching import MISSING, Conflict, apply_ops, diff, rebase, resolve
from flowtui.patching.rebase import change_regions
from tests.patching.specs import flow
from tests.patching.strategies import canonical, containers, mutate


def _edit(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(doc)
    edited.update(changes)
    return edited


def test_edits_to_different_fields_are_both_kept() -> None:
    base = flow()
    mine = _edit(base, name="renamed")
    theirs = _edit(base, description="added by a colleague", etag='"2"')
    result = rebase(base, diff(base, mine), theirs)
    assert result.conflicts == []
    assert result.ops == [{"op": "replace", "path": "/name", "value": "renamed"}]
    assert apply_ops(theirs, result.ops) == _edit(theirs, name="renamed")


def test_the_same_field_changed_differently_is_a_conflict() -> None:
    base = flow()
    result = rebase(base, diff(base, _edit(base, name="mine")), _edit(base, name="theirs"))
    assert result.ops is None
    assert result.conflicts == [Conflict("/name", base["name"], "mine", "theirs")]


def test_the_same_change_on_both_sides_is_not_a_conflict() -> None:
    base = flow()
    result = rebase(base, diff(base, _edit(base, name="same")), _edit(base, name="same"))
    assert result.ok and result.ops == []


def test_a_parent_removed_by_them_conflicts_with_my_edit_inside_it() -> None:
    base = flow()
    mine = copy.deepcopy(base)
    mine["scheduleParams"]["interval"] = 6
    theirs = copy.deepcopy(base)
    del theirs["scheduleParams"]
    [conflict] = rebase(base, diff(base, mine), theirs).conflicts
    assert conflict.path == "/scheduleParams"
    assert conflict.theirs is MISSING
    assert conflict.mine["interval"] == 6


def test_an_insert_by_them_makes_my_edit_by_index_a_conflict_not_a_wrong_item() -> None:
    base = {"items": [{"n": 0}, {"n": 1}, {"n": 2}]}
    mine = copy.deepcopy(base)
    mine["items"][1]["n"] = 10
    theirs = copy.deepcopy(base)
    theirs["items"].insert(0, {"n": -1})
    result = rebase(base, diff(base, mine), theirs)
    assert result.ops is None
    assert [c.path for c in result.conflicts] == ["/items"]


def test_in_place_edits_to_different_items_of_one_list_are_both_kept() -> None:
    base = {"items": [{"n": 0}, {"n": 1}, {"n": 2}]}
    mine = copy.deepcopy(base)
    mine["items"][0]["n"] = 10
    theirs = copy.deepcopy(base)
    theirs["items"][2]["n"] = 20
    result = rebase(base, diff(base, mine), theirs)
    assert result.ops is not None
    assert apply_ops(theirs, result.ops) == {"items": [{"n": 10}, {"n": 1}, {"n": 20}]}


@given(containers, st.data())
def test_rebase_never_silently_drops_a_change(base: Any, data: st.DataObject) -> None:
    mine = mutate(base, data, data.draw(st.integers(1, 3)))
    theirs = mutate(base, data, data.draw(st.integers(1, 3)))
    result = rebase(base, diff(base, mine), theirs)
    if result.ops is None:
        assert result.conflicts
        return
    assert result.conflicts == []
    merged = apply_ops(theirs, result.ops)
    for region in change_regions(diff(base, mine)):
        assert canonical(_at(merged, region)) == canonical(_at(mine, region)), region
    for region in change_regions(diff(base, theirs)):
        assert canonical(_at(merged, region)) == canonical(_at(theirs, region)), region


def _at(doc: Any, pointer: str) -> Any:
    value = resolve(doc, pointer)
    return "<missing>" if value is MISSING else value


def test_empty_keys_are_tokens_like_any_other() -> None:
    base: dict[str, Any] = {"": {"": [1, 2, 3], "x": 1}}
    mine = copy.deepcopy(base)
    mine[""]["x"] = 2
    theirs = copy.deepcopy(base)
    theirs[""][""].insert(0, 0)
    result = rebase(base, diff(base, mine), theirs)
    assert result.ops == [{"op": "replace", "path": "//x", "value": 2}]
    mine[""][""].append(4)
    assert [c.path for c in rebase(base, diff(base, mine), theirs).conflicts] == ["//"]
