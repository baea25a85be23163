"""The History view lists accepted changes newest first, shows their ops and asks for undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import DataTable, Static

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.store.audit import AuditEntry, AuditLog
from flowtui.tui.screens.history import AuditEntryModal, HistoryScreen
from tests.pilot import HostApp

from .host_app import UndoingApp

DEMO_ORG = "DEMO0000000000000000000@AdobeOrg"


def make_entry(n: int, **kw: object) -> AuditEntry:
    fields: dict[str, object] = {
        "time": f"2026-11-25T01:0{n}:00Z",
        "profile": "demo",
        "org_id": DEMO_ORG,
        "sandbox": "prod",
        "kind": "connections",
        "record_id": SALESFORCE_CONNECTION_ID,
        "name": f"Connection number {n} with a long name",
        "method": "PATCH",
        "etag_before": f'"{n}a00f3c6-0000-0200-0000-5f3b0e9f0000"',
        "etag_after": f'"{n + 1}b00f3c6-0000-0200-0000-5f3b0e9f0000"',
        "ops": [{"op": "replace", "path": "/name", "value": f"new name {n}"}] * n,
        "request_id": f"req-{n}",
        "undo_ops": [{"op": "replace", "path": "/name", "value": f"old name {n}"}],
    }
    fields.update(kw)
    return AuditEntry(**fields)  # type: ignore[arg-type]


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(tmp_path / "audit.jsonl")
    for n in (1, 2, 3):
        audit.append(make_entry(n))
    return audit


def title_of(app: HostApp) -> str:
    return str(app.screen.query_one("#history-title", Static).render())


async def test_entries_are_listed_newest_first_and_fit_80_columns(log: AuditLog) -> None:
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == "11-25 01:03"
        assert first[1:3] == ["prod", "conn"]
        assert first[3].startswith("Connection number 3 with a"), "more than 14 characters"
        assert first[4:] == ["renamed"]
        assert table.virtual_size.width <= 80
        assert "3 changes, newest first" in title_of(app)


async def test_enter_shows_the_entrys_ops_and_escape_comes_back(log: AuditLog) -> None:
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, AuditEntryModal)
        assert app.screen.entry.request_id == "req-2"
        ops_text = str(app.screen.query_one("#entry-ops", Static).render())
        assert ops_text.splitlines() == ['replace  /name  "new name 2"'] * 2
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_u_hands_the_selected_entry_to_the_apps_undo_hook(log: AuditLog) -> None:
    app = UndoingApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "u")
        await pilot.pause()
        assert [e.request_id for e in app.undone] == ["req-1"]


async def test_u_posts_a_message_when_the_app_has_no_undo_hook(log: AuditLog) -> None:
    seen: list[Message] = []
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await pilot.press("u")
        await pilot.pause()
    # The hook sees the message once per node it bubbles through: count distinct messages.
    requests = {id(m): m for m in seen if isinstance(m, HistoryScreen.UndoRequested)}
    assert [m.entry.request_id for m in requests.values()] == ["req-3"]


async def test_an_empty_log_says_so(tmp_path: Path) -> None:
    app = UndoingApp(lambda: HistoryScreen(AuditLog(tmp_path / "none.jsonl")))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#history-empty").display
        assert not app.screen.query_one(DataTable).display
        await pilot.press("u")
        assert app.undone == []


async def test_unreadable_lines_are_reported_in_the_title(log: AuditLog) -> None:
    with log.path.open("a") as handle:
        handle.write('{"time": "torn\n')
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "(1 unreadable line)" in title_of(app)


async def test_reload_picks_up_new_entries(log: AuditLog) -> None:
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        log.append(make_entry(4))
        await pilot.press("r")
        assert app.screen.query_one(DataTable).row_count == 4
        assert str(app.screen.query_one(DataTable).get_row_at(0)[0]) == "11-25 01:04"


async def test_escape_leaves_the_history(log: AuditLog) -> None:
    app = HostApp(lambda: HistoryScreen(log))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert app.results == [None]
        assert not isinstance(app.screen, HistoryScreen)


async def test_read_only_session_refuses_undo(log: AuditLog) -> None:
    from flowtui.demo import emulator_session

    read_only = emulator_session(read_only=True)
    app = UndoingApp(lambda: HistoryScreen(log, session=read_only))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert app.undone == []


async def test_undo_of_a_change_in_another_sandbox_is_refused(tmp_path: Path) -> None:
    from flowtui.demo import emulator_session

    audit = AuditLog(tmp_path / "audit.jsonl")
    audit.append(make_entry(1, sandbox="dev"))
    audit.append(make_entry(2, sandbox="prod"))
    prod = emulator_session(sandbox="prod")
    app = UndoingApp(lambda: HistoryScreen(audit, session=prod))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "u")
        await pilot.pause()
        assert app.undone == []
        await pilot.press("up", "u")
        await pilot.pause()
        assert [e.sandbox for e in app.undone] == ["prod"]


@pytest.mark.parametrize(
    "undo_ops",
    [None, [{"op": "replace", "path": "/auth/params/password", "value": "old secret"}]],
    ids=["no-inverse-recorded", "credential-change"],
)
async def test_undo_is_refused_where_it_cannot_restore_the_old_values(
    tmp_path: Path, undo_ops: list[dict[str, str]] | None
) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    audit.append(make_entry(1, undo_ops=undo_ops))
    app = UndoingApp(lambda: HistoryScreen(audit))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert app.undone == []
