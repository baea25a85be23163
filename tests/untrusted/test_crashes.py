"""The crashes and takeovers of issue 8, each driven through the real app as a person met them.

Each of these failed before outside text was shown as plain text: a name or a typed id was read
as markup (MarkupError, styles, click actions, links), or raw controls reached the terminal.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static
from textual.widgets._toast import Toast

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.screens.editor import EditorScreen
from flowtui.tui.screens.main import MainScreen
from flowtui.tui.screens.record import RecordScreen
from flowtui.tui.screens.review import ReviewModal
from flowtui.tui.widgets.json_view import JsonText
from flowtui.tui.widgets.record_preview import RecordPreview
from tests.pilot import wait_until
from tests.untrusted.conftest import SIZE, named_flow, pane_ready

CLOSING_TAG_ID = "0bad0000-0000-4000-8000-000000000001"
UNBALANCED_ID = "0bad0000-0000-4000-8000-000000000002"


def rendered(widget: Static) -> str:
    """The plain text a Static shows now."""
    return str(widget.render())


def reads_as(cell: str, stored: str) -> bool:
    """A table cell shows ``stored`` as is, or its beginning and an ellipsis where cut."""
    return cell == stored or (cell.endswith("…") and stored.startswith(cell[:-1]))


def drawn_lines(widget: Any) -> list[tuple[str, list[Any]]]:
    """Each line a Line API widget draws now: its text and the styles of its segments."""
    lines = []
    for y in range(widget.size.height):
        strip = widget.render_line(y)
        lines.append((strip.text, [seg.style for seg in strip if seg.style is not None]))
    return lines


def toasts(app: FlowTUI) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_a_flow_named_closing_tag_lists_opens_and_reads_as_stored(
    emulator_app: Any, open_session: Session
) -> None:
    named_flow(emulator_app, "[/]", CLOSING_TAG_ID)
    named_flow(emulator_app, "Orders [/old] feed", UNBALANCED_ID)
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        main = app.screen
        assert isinstance(main, MainScreen)
        table = main.current_pane.table
        assert table.get_row(CLOSING_TAG_ID)[0] == "[/]"
        assert table.get_row(UNBALANCED_ID)[0] == "Orders [/old] feed"
        assert table.select_id(UNBALANCED_ID)
        await pilot.pause()
        assert "Orders [/old] feed" in rendered(main.current_pane.query_one(RecordPreview))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert "Orders [/old] feed" in rendered(app.screen.query_one("#record-title", Static))


async def test_opening_an_id_that_looks_like_markup_says_so_plainly(
    open_session: Session,
) -> None:
    app = FlowTUI(open_session, start=("flows", "[/x]"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: any("[/x]" in text for text in toasts(app)))
        assert any("No flow with id [/x]." in text for text in toasts(app))


async def test_renaming_a_flow_to_unbalanced_markup_submits_and_shows_the_new_name(
    emulator_app: Any, open_session: Session
) -> None:
    from tests.tui_edit.host import editor_of, replace_text

    app = FlowTUI(open_session, start=("flows", SEED_FLOW_ID_FOR_EDIT))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        record_screen = app.screen
        old_name = emulator_app.store.get("prod", "flows", SEED_FLOW_ID_FOR_EDIT)["name"]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await wait_until(pilot, lambda: not editor_of(pilot).read_only)
        replace_text(editor_of(pilot), f'"name": "{old_name}"', '"name": "Orders [/old] feed"')
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is record_screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = emulator_app.store.get("prod", "flows", SEED_FLOW_ID_FOR_EDIT)
        assert stored["name"] == "Orders [/old] feed"
        assert any("Orders [/old] feed" in text for text in toasts(app))
        title = rendered(record_screen.query_one("#record-title", Static))
        assert "Orders [/old] feed" in title


SEED_FLOW_ID_FOR_EDIT = "226fb2e1-db69-4760-b67e-9e671e05abfc"


async def test_markup_in_names_is_text_not_style_action_or_link(
    emulator_app: Any, open_session: Session
) -> None:
    names = {
        "0bad0000-0000-4000-8000-000000000011": "[bold red]X[/]",
        "0bad0000-0000-4000-8000-000000000012": "Sales [prod] feed [old]",
        "0bad0000-0000-4000-8000-000000000013": "[@click=app.quit]row[/]",
        "0bad0000-0000-4000-8000-000000000014": "[link=file:///etc/passwd]x[/link]",
    }
    for record_id, name in names.items():
        named_flow(emulator_app, name, record_id)
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        main = app.screen
        assert isinstance(main, MainScreen)
        pane = main.current_pane
        preview = pane.query_one(RecordPreview)
        for record_id, name in names.items():
            assert reads_as(pane.table.get_row(record_id)[0], name)
            assert pane.table.select_id(record_id)
            await pilot.pause()
            # What the table draws: the name's text, no style, action or link taken from it.
            drawn = drawn_lines(pane.table)
            # The Name column is 20 cells at 80 columns: the cut keeps 18 of them and an ellipsis.
            assert any(line.lstrip().startswith(name[:18]) for line, _ in drawn), "\n".join(
                line for line, _ in drawn
            )
            for _, styles in drawn:
                assert not any(style.link or "@click" in str(style.meta) for style in styles)
            shown = preview.render()
            assert str(shown).splitlines()[0] == name
            # No span of the preview carries a style, action or link taken from the name.
            spans = getattr(shown, "spans", [])
            assert all("click" not in str(span.style) for span in spans)
            assert all("link" not in str(span.style) for span in spans)
        # Clicking the "[@click=app.quit]" row opens it; the app keeps running.
        pane.table.select_id("0bad0000-0000-4000-8000-000000000013")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert app.is_running
        assert "[@click=app.quit]row[/]" in rendered(app.screen.query_one("#record-title", Static))


async def test_controls_in_a_name_are_shown_as_pictures_and_escapes(
    emulator_app: Any, open_session: Session
) -> None:
    record_id = "0bad0000-0000-4000-8000-000000000021"
    named_flow(emulator_app, "Orders \x1b]0;pwned\x07 \u202efeed\x9b2J", record_id)
    app = FlowTUI(open_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_ready(app, "flows"))
        main = app.screen
        assert isinstance(main, MainScreen)
        row_name = main.current_pane.table.get_row(record_id)[0]
        # The cell is cut to its column; the whole visible form is checked in the title below.
        assert row_name.startswith("Orders ␛]0;pwned␇")
        assert "\x1b" not in row_name and "\u202e" not in row_name
        main.current_pane.table.select_id(record_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = rendered(app.screen.query_one("#record-title", Static))
        assert "Orders ␛]0;pwned␇ \\u202efeed\\u009b2J" in title
        view = app.screen.query_one(JsonText).text
        assert '"name": "Orders \\u001b]0;pwned\\u0007 \\u202efeed\\u009b2J"' in view
        assert not any(ch in view for ch in "\x1b\x07\u202e\x9b")
