"""The one rule for outside text: what ``visible`` and ``visible_json`` make of each character."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from flowtui.tui.widgets.cells import fit
from flowtui.visible import HIDDEN_CATEGORIES, INVISIBLE_LETTERS, visible, visible_json


def hidden(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Orders \x1b]0;pwned\x07 feed", "Orders ␛]0;pwned␇ feed"),
        ("nul\x00del\x7f", "nul␀del␡"),
        ("\x1b[2J\x1b[Hwiped", "␛[2J␛[Hwiped"),
        ("C1 \x9b2J \x9d0;t\x9c", "C1 \\u009b2J \\u009d0;t\\u009c"),
        ("invoice\u202egpj.exe\u202c", "invoice\\u202egpj.exe\\u202c"),
        ("\u2066isolate\u2069 \u202a\u202b\u202d", "\\u2066isolate\\u2069 \\u202a\\u202b\\u202d"),
        (
            "Or\u200bders\u200c\u200d\u2060\ufeff\u00ad",
            "Or\\u200bders\\u200c\\u200d\\u2060\\ufeff\\u00ad",
        ),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("lone \ud800", "lone \\ud800"),
        ("filler\u3164", "filler\\u3164"),
        ("a\nb\tc\rd", "a␊b␉c␍d"),
    ],
)
def test_hidden_characters_are_shown_as_pictures_or_escapes(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "[/]",
        "Orders [/old] feed",
        "[bold red]X[/]",
        "[@click=app.quit]row[/]",
        "注文フィード 订单 🚀📦",
        "Zürich, café",
        "",
    ],
)
def test_markup_and_readable_text_are_left_as_typed(text: str) -> None:
    assert visible(text) == text


def test_several_lines_keep_their_newlines_and_tabs_become_spaces() -> None:
    assert visible("first\n\tsecond\x1b", one_line=False) == "first\n    second␛"


def test_values_that_are_not_strings_are_shown_by_their_text() -> None:
    assert visible(12) == "12"
    assert visible(None) == "None"


@given(st.text())
def test_nothing_hidden_survives_visible(text: str) -> None:
    shown = visible(text)
    assert hidden(shown) == []
    assert not INVISIBLE_LETTERS.intersection(shown)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_visible_leaves_text_without_hidden_characters_alone(text: str) -> None:
    if not INVISIBLE_LETTERS.intersection(text):
        assert visible(text) == text


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_visible_json_parses_to_the_same_value_and_hides_nothing(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    shown = visible_json(text)
    assert json.loads(shown) == value
    assert hidden(shown.replace("\n", "")) == []


def test_visible_json_writes_json_escapes_that_a_person_can_read() -> None:
    text = json.dumps({"name": "a\u202eb\u200b\x7f\x9b\U000e0041"}, ensure_ascii=False)
    assert visible_json(text) == '{"name": "a\\u202eb\\u200b\\u007f\\u009b\\udb40\\udc41"}'


@pytest.mark.parametrize("width", [1, 2, 5, 8, 13])
def test_a_cut_cell_keeps_its_width_in_terminal_cells(width: int) -> None:
    text = "注文フィード 🚀📦 orders"
    cut = fit(text, width)
    assert cell_len(cut) == width
    assert cut.endswith("…")


def test_a_cell_that_fits_is_not_cut() -> None:
    assert fit("注文", 4) == "注文"


def test_one_line_inputs_refuse_every_hidden_character() -> None:
    import re

    from flowtui.visible import TYPED_TEXT_PATTERN

    admitted_hidden = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000
        and unicodedata.category(chr(code)) in HIDDEN_CATEGORIES
        and re.fullmatch(TYPED_TEXT_PATTERN, chr(code))
    ]
    assert admitted_hidden == []
    assert re.fullmatch(TYPED_TEXT_PATTERN, "flows [/x] 注文 🚀 café-ID_12")
