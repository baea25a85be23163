"""The columns without a widget: widths that fill the screen, and row text cut to them."""

from __future__ import annotations

from flowtui.api.kinds import KINDS_BY_NAME
from flowtui.tui.widgets.table_columns import PADDING, SCROLLBAR, WIDE, TableColumns

FLOWS = KINDS_BY_NAME["flows"]
SPEC_ID = "71471eba-0000-4000-8000-000000000000"


def test_the_columns_fill_the_screen_but_the_scrollbar_and_say_when_they_changed() -> None:
    columns = TableColumns(FLOWS)
    assert columns.lay_out(80)
    assert columns.line_width == 80 - SCROLLBAR
    assert not columns.lay_out(80), "the same width lays out the same columns"
    assert columns.lay_out(120) and columns.line_width == 120 - SCROLLBAR


def test_every_cell_of_a_line_sits_under_its_header() -> None:
    columns = TableColumns(FLOWS)
    columns.lay_out(80)
    values = ("[b]night[/b]", "enabled", SPEC_ID, 1_700_000_000_000, "b0b0-" * 8)
    line = columns.line(values)
    header = columns.header_line(0, False)
    assert len(line) == len(header) == columns.line_width
    assert header.startswith(" Name ▲")
    assert " [b]night[/b] " in line, "text is shown as it is, never read as markup"
    starts = [0]
    for width in columns.widths:
        starts.append(starts[-1] + width + PADDING)
    assert [columns.column_at(x) for x in starts[:-1]] == list(range(len(columns.widths)))
    assert columns.column_at(starts[-1]) is None


def test_ids_are_cut_short_on_narrow_screens_and_spec_ids_give_way_to_names() -> None:
    columns = TableColumns(FLOWS)
    columns.lay_out(80)
    values = ("n", "enabled", SPEC_ID, 1_700_000_000_000, "b0b0b0b0-0000-4000-8000-000000000000")
    narrow = columns.cells(values)
    assert SPEC_ID not in narrow and "b0b0b0b0-0000-4000-8000-000000000000" not in narrow
    columns.show_spec_names({SPEC_ID: "ProfileToAmazonS3"})
    assert any(cell.startswith("ProfileToAmazon") for cell in columns.cells(values))
    columns.lay_out(WIDE)
    wide = columns.cells(values)
    assert "b0b0b0b0-0000-4000-8000-000000000000" in wide
