"""Nesting past exactjson.MAX_DEPTH is refused or cut before anything recurses; at the limit,
every recursive path (text, parse, diff, apply, masking, validation, copies) still works from a
deep call stack like Textual's."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from flowtui.api.kinds import FLOWS
from flowtui.exactjson import (
    MAX_DEPTH,
    TooDeepError,
    TooDeepValue,
    depth_of,
    dumps,
    loads,
    text_depth,
    too_deep_pointers,
    too_deep_reason,
)
from flowtui.patching import (
    apply_ops,
    diff,
    guard_edit,
    invert,
    mask_secrets,
    parse_json,
    pretty_json,
    secret_pointers,
)

T = TypeVar("T")
DEEP = 5000


def _nested(levels: int, leaf: str = '"bottom"') -> str:
    return "[" * levels + leaf + "]" * levels


def _from_deep_stack(frames: int, work: Callable[[], T]) -> T:
    """Run ``work`` with ``frames`` Python frames already on the stack (Textual's are ~100)."""
    if frames <= 0:
        return work()
    return _from_deep_stack(frames - 1, work)


def test_loads_refuses_json_nested_past_the_limit_with_where() -> None:
    text = '{"a": 1, "deep": ' + _nested(DEEP) + "}"
    with pytest.raises(TooDeepError) as caught:
        loads(text)
    assert caught.value.depth == DEEP + 1
    assert text[caught.value.offset] == "["
    assert text[: caught.value.offset].count("[") == MAX_DEPTH - 1
    assert str(MAX_DEPTH) in str(caught.value)


def test_loads_cuts_only_the_too_deep_part_and_keeps_the_rest() -> None:
    text = '{"items": [{"id": "a", "n": ' + _nested(DEEP) + '}, {"id": "b", "n": [1, 2]}]}'
    value = loads(text, cut_too_deep=True)
    assert value["items"][1] == {"id": "b", "n": [1, 2]}
    (pointer,) = too_deep_pointers(value)
    assert pointer == "/items/0/n" + "/0" * (MAX_DEPTH - 3)  # the array at level MAX_DEPTH + 1
    assert depth_of(value) == MAX_DEPTH
    assert too_deep_reason(value) is not None
    assert f"{MAX_DEPTH} levels" in str(too_deep_reason(value))


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"s": "[" * DEEP + "{" * DEEP, "t": '\\"[['})
    assert text_depth(text) == 1
    assert loads(text)["s"].startswith("[[[")


def test_a_value_exactly_at_the_limit_loads_whole() -> None:
    value = loads(_nested(MAX_DEPTH))
    assert depth_of(value) == MAX_DEPTH
    assert too_deep_pointers(value) == []


def test_the_editor_refuses_too_deep_text_at_the_bracket_not_with_a_crash() -> None:
    text = '{\n  "name": "x",\n  "deep": ' + _nested(DEEP) + "\n}"
    result = parse_json(text)
    assert not result.ok
    assert result.line == 2
    assert f"deeper than {MAX_DEPTH} levels" in str(result.error)


def test_a_too_deep_wire_body_is_a_value_error_for_the_editor_too() -> None:
    assert not parse_json(_nested(DEEP)).ok


def test_dumps_writes_any_depth_without_recursion() -> None:
    value: Any = "bottom"
    for _ in range(DEEP):
        value = [value]
    assert dumps(value) == _nested(DEEP)
    assert depth_of(value) == DEEP


@pytest.mark.parametrize("frames", [150, 300])
def test_every_recursive_path_works_at_the_limit_from_a_deep_stack(frames: int) -> None:
    """A record as deep as the wire lets through survives each function that recurses."""
    # Inside a page the record is at level 3 ({"items": [record]}): it keeps MAX_DEPTH - 2.
    inner = _nested(MAX_DEPTH - 4, '{"password": "p", "v": 1e400}')
    page = '{"items": [{"id": "r", "name": "n", "etag": "e", "deep": ' + inner + "}]}"
    record = loads(page, cut_too_deep=True)["items"][0]
    assert too_deep_pointers(record) == []

    def every_path() -> None:
        text = pretty_json(record)
        parsed = parse_json(text)
        assert parsed.ok, parsed.error
        assert diff(record, parsed.value) == []
        edited = copy.deepcopy(parsed.value)
        edited["name"] = "m"
        ops = diff(record, edited)
        assert ops == [{"op": "replace", "path": "/name", "value": "m"}]
        assert apply_ops(record, ops)["name"] == "m"
        assert invert(record, ops)
        pointers = set(secret_pointers(record, None))
        mask_secrets(record, pointers)
        list(guard_edit(FLOWS, record, edited, ops, connection_spec=None))

    _from_deep_stack(frames, every_path)


def test_a_cut_record_diffs_its_placeholder_as_changed_so_editing_must_be_refused() -> None:
    """Why the edit model refuses: the placeholder cannot round-trip through the editor."""
    record = loads('{"items": [{"id": "r", "deep": ' + _nested(DEEP) + "}]}", cut_too_deep=True)
    deep = record["items"][0]
    (pointer,) = too_deep_pointers(deep)
    parsed = parse_json(pretty_json(deep))
    assert parsed.ok
    ops = diff(deep, parsed.value)
    assert [op["path"] for op in ops] != [] and all(op["path"] != "/id" for op in ops)
    assert isinstance(_at(deep, pointer), TooDeepValue)


def _at(value: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        value = value[token] if isinstance(value, dict) else value[int(token)]
    return value
