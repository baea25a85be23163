"""In the real editor: the numbers record opens with no op, and a description edit reviewed and
submitted leaves every number on the service exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.api.kinds import FLOWS
from flowtui.demo import emulator_session
from flowtui.emulator.hostile import NUMBERS, NUMBERS_ID, hostile_app
from flowtui.emulator.rawjson import RawJSON
from flowtui.session import Session
from flowtui.tui.screens.review import ReviewModal
from tests.pilot import settle
from tests.tui_edit.host import EditorHost, editor_of, replace_text

SIZE = (80, 24)


@pytest.fixture
def emulator() -> Any:
    return hostile_app()


@pytest.fixture
async def open_session(emulator: Any) -> Any:
    made = emulator_session(emulator, sandbox="dev", protected_sandboxes=frozenset())
    yield made
    await made.client.aclose()


def _stored_numbers(emulator: Any) -> dict[str, str]:
    metrics = emulator.store.get("dev", "flows", NUMBERS_ID)["metrics"]
    return {k: v.text if isinstance(v, RawJSON) else str(v) for k, v in metrics.items()}


async def test_the_numbers_record_opens_with_every_number_as_sent_and_no_op(
    open_session: Session,
) -> None:
    record = await open_session.client.get(FLOWS, NUMBERS_ID)
    app = EditorHost(open_session, FLOWS, record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = editor_of(pilot).text
        for key, number in NUMBERS.items():
            assert f'"{key}": {number}' in text
        assert "Infinity" not in text
        status = str(app.screen.query_one("#editor-status").render())
        assert "0 ops" in status


async def test_a_description_edit_is_submitted_and_every_number_stays_exact(
    open_session: Session, emulator: Any
) -> None:
    record = await open_session.client.get(FLOWS, NUMBERS_ID)
    app = EditorHost(open_session, FLOWS, record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        replace_text(editor_of(pilot), "Hostile flow:", "Edited flow:")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewModal)
        await pilot.press("y")
        await settle(pilot)
    stored = emulator.store.get("dev", "flows", NUMBERS_ID)
    assert stored["description"].startswith("Edited flow:")
    assert _stored_numbers(emulator) == NUMBERS
