"""The read-only JSON view: exactly the JSON text, except that a huge string is cut, saying so."""

from __future__ import annotations

import json

import pytest

from flowtui.tui.widgets.json_view import cut_long_strings
from flowtui.visible import visible_json


def view_of(value: object, limit: int) -> str:
    return cut_long_strings(visible_json(json.dumps(value, indent=2, ensure_ascii=False)), limit)


def test_short_values_are_shown_exactly() -> None:
    value = {"name": "Orders [/old] feed", "tags": ["a\u202eb", "x" * 50]}
    text = visible_json(json.dumps(value, indent=2, ensure_ascii=False))
    assert cut_long_strings(text, 100) == text


def test_a_huge_string_is_cut_inside_the_string_and_says_how_much_is_left_out() -> None:
    shown = json.loads(view_of({"description": "A" * 5000, "name": "kept"}, 100))
    assert shown["name"] == "kept"
    assert shown["description"].startswith("A" * 100 + "…")
    assert "[4,900 more characters not shown here" in shown["description"]


@pytest.mark.parametrize("limit", range(90, 110))
def test_a_cut_never_splits_an_escape(limit: int) -> None:
    value = ["ab" + '\\\u202e"\x1b' * 40]
    text = view_of(value, limit)
    assert json.loads(text)[0].startswith("ab")
