"""A number's text survives wire → editor text → parse → diff → PATCH body, untouched or changed."""

from __future__ import annotations

import copy
import json

import pytest

from flowtui.exactjson import ExactNumber, dumps, loads
from flowtui.patching import apply_ops, diff, invert, parse_json, pretty_json

NUMBER_TEXTS = (
    "1e400",
    "-1e400",
    "123456789012345678901234567890",
    "18446744073709551617",
    "0.1000000000000000055511151231257827",
    "-0.0",
    "-0",
    "1E+2",
    "1.50",
    "9" * 5000,
)


def _wire(text: str) -> str:
    return f'{{"id": "r1", "description": "before", "metrics": {{"n": {text}, "list": [{text}]}}}}'


def _text_of(value: object) -> str:
    return value.text if isinstance(value, ExactNumber) else json.dumps(value)


@pytest.mark.parametrize("text", NUMBER_TEXTS)
def test_the_editor_shows_the_number_as_the_service_sent_it(text: str) -> None:
    record = loads(_wire(text))
    shown = pretty_json(record)
    assert f'"n": {text}' in shown
    assert "Infinity" not in shown and "inf" not in shown.replace("1e400", "")


@pytest.mark.parametrize("text", NUMBER_TEXTS)
def test_an_untouched_number_makes_no_op(text: str) -> None:
    record = loads(_wire(text))
    parsed = parse_json(pretty_json(record))
    assert parsed.ok, parsed.error
    assert diff(record, parsed.value) == []


@pytest.mark.parametrize("text", NUMBER_TEXTS)
def test_a_description_edit_sends_only_the_description(text: str) -> None:
    record = loads(_wire(text))
    edited = pretty_json(record).replace('"before"', '"after"')
    ops = diff(record, parse_json(edited).value)
    assert ops == [{"op": "replace", "path": "/description", "value": "after"}]
    result = apply_ops(record, ops)
    assert _text_of(result["metrics"]["n"]) == text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1e400", "2e400"),
        ("1e400", "1e401"),
        ("0.1000000000000000055511151231257827", "0.1"),
        ("123456789012345678901234567890", "123456789012345678901234567891"),
        ("-0.0", "0.5"),
    ],
)
def test_a_changed_number_is_sent_with_its_exact_text(old: str, new: str) -> None:
    record = loads(_wire(old))
    edited = pretty_json(record).replace(f'"n": {old}', f'"n": {new}', 1)
    ops = diff(record, parse_json(edited).value)
    assert [(op["op"], op["path"]) for op in ops] == [("replace", "/metrics/n")]
    body = dumps(ops, separators=(",", ":"))
    assert f'"value":{new}' in body
    assert "Infinity" not in body


def test_an_array_of_numbers_that_differ_only_beyond_float_is_diffed_item_by_item() -> None:
    before = loads('{"a": [1e400, 2e400, 3e400, 4e400]}')
    after = loads('{"a": [1e400, 2e400, 5e400, 4e400]}')
    ops = diff(before, after)
    assert dumps(ops) == '[{"op": "replace", "path": "/a/2", "value": 5e400}]'


def test_the_inverse_of_a_number_change_restores_the_exact_text() -> None:
    before = loads(_wire("1e400"))
    after = copy.deepcopy(before)
    after["metrics"]["n"] = ExactNumber("7")
    undo = invert(before, diff(before, after))
    assert '"value": 1e400' in dumps(undo)


def test_same_number_written_another_way_makes_no_op() -> None:
    before = loads('{"n": 1E+2}')
    assert diff(before, loads('{"n": 100.0}')) == []
    assert diff(before, loads('{"n": 100}')) != []  # an integer is another JSON type here


def test_exact_numbers_compare_by_value_not_by_float() -> None:
    assert ExactNumber("1e400") != ExactNumber("2e400")
    assert ExactNumber("1e400") != float("inf")
    assert ExactNumber("0.1000000000000000055511151231257827") != 0.1
    assert ExactNumber("0.5") == 0.5
    assert str(ExactNumber("1e400")) == "1e400"
    assert copy.deepcopy(ExactNumber("1e400")).text == "1e400"


def test_the_editor_still_refuses_nan_and_infinity() -> None:
    assert not parse_json('{"n": Infinity}').ok
    assert not parse_json('{"n": NaN}').ok


def test_dumps_writes_what_json_dumps_writes_for_plain_json() -> None:
    value = {"a": [1, 1.5, -0.0, True, None, "é\u202e\x00", {}, [], {"b": [[]]}], "c": "x"}
    for options in ({}, {"indent": 2}, {"separators": (",", ":")}, {"sort_keys": True}):
        assert dumps(value, **options) == json.dumps(value, ensure_ascii=False, **options)
    assert dumps(value, ensure_ascii=True) == json.dumps(value)


def test_objects_that_differ_only_in_a_number_beyond_float_are_not_matched_as_equal() -> None:
    before = loads('{"a": [{"n": 1e400}, {"n": 2e400}, {"n": 3e400}, {"n": 4e400}, {"n": 5}]}')
    after = loads('{"a": [{"n": 2e400}, {"n": 1e400}, {"n": 3e400}, {"n": 4e400}, {"n": 6}]}')
    ops = diff(before, after)
    assert dumps(apply_ops(before, ops)) == dumps(after)
