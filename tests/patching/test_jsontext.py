"""parse_json locates errors; pointer_for_line names the node under the cursor."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

from flowtui.patching import MISSING, parse_json, pointer_for_line, resolve
from tests.patching.specs import salesforce_connection
from tests.patching.strategies import containers

TEXT = json.dumps(salesforce_connection(), indent=2)
LINES = TEXT.splitlines()


def _line_of(fragment: str) -> int:
    return next(i for i, line in enumerate(LINES) if fragment in line)


def test_a_key_line_gives_that_keys_pointer() -> None:
    assert pointer_for_line(TEXT, _line_of('"password"')) == "/auth/params/password"
    assert pointer_for_line(TEXT, _line_of('"connectionSpec"')) == "/connectionSpec"


def test_the_first_and_last_lines_are_the_root() -> None:
    assert pointer_for_line(TEXT, 0) == ""
    assert pointer_for_line(TEXT, len(LINES) - 1) == ""


def test_a_closing_brace_gives_its_container() -> None:
    line = _line_of('"environmentUrl"') + 1
    assert LINES[line].strip().startswith("}")
    assert pointer_for_line(TEXT, line) == "/auth/params"


def test_array_items_are_numbered() -> None:
    text = '{\n  "ids": [\n    "a",\n    {\n      "x": 1\n    },\n    "c"\n  ]\n}'
    assert [pointer_for_line(text, n) for n in range(2, 7)] == [
        "/ids/0",
        "/ids/1",
        "/ids/1/x",
        "/ids/1",
        "/ids/2",
    ]


def test_keys_with_slash_and_tilde_come_back_escaped() -> None:
    text = '{\n  "a/b": {\n    "c~d": 1\n  }\n}'
    assert pointer_for_line(text, 2) == "/a~1b/c~0d"


def test_half_typed_text_still_gives_a_pointer() -> None:
    text = '{\n  "name": "x",\n  "auth": {\n    "params": {\n      "user'
    assert pointer_for_line(text, 3) == "/auth/params"
    assert pointer_for_line(text, 4) == "/auth/params/user"
    assert pointer_for_line(text, 40) == "/auth/params"  # past the end: the open container


def test_a_blank_line_gives_the_container_around_it() -> None:
    text = '{\n  "a": {\n\n    "b": 1\n  }\n}'
    assert pointer_for_line(text, 2) == "/a"


@given(containers)
def test_every_line_of_pretty_printed_json_points_into_the_document(doc: Any) -> None:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    for number, line in enumerate(text.splitlines()):
        pointer = pointer_for_line(text, number)
        assert resolve(doc, pointer) is not MISSING, (number, line, pointer)
        stripped = line.strip()
        if stripped.startswith('"') and '": ' in stripped:
            key = json.loads(stripped[: stripped.index('": ') + 1])
            assert pointer.endswith("/" + key.replace("~", "~0").replace("/", "~1"))


def test_parse_json_gives_the_value_when_valid() -> None:
    result = parse_json(TEXT)
    assert result.ok and result.value == salesforce_connection()


def test_parse_json_locates_a_syntax_error() -> None:
    result = parse_json('{\n  "a": 1,\n  "b": \n}')
    assert not result.ok
    assert (result.line, result.column) == (3, 0)
    assert "line 4" in (result.error or "")


def test_parse_json_refuses_duplicate_keys_and_says_where() -> None:
    result = parse_json('{\n  "name": "a",\n  "name": "b"\n}')
    assert not result.ok
    assert result.line == 2
    assert "Duplicate key 'name'" in (result.error or "")


def test_parse_json_refuses_nan() -> None:
    result = parse_json('{"a": NaN}')
    assert not result.ok and "NaN" in (result.error or "")
