"""The app sizes the collector's young generation while it runs, and puts it back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from flowtui.session import Session
from flowtui.tui.app import FlowTUI
from flowtui.tui.collector import YOUNG_GENERATION, size_young_generation_for_pages
from tests.pilot import wait_until
from tests.tui.conftest import SIZE, pane_loaded


@pytest.fixture
def thresholds() -> Iterator[None]:
    """Whatever a test sets, the process gets its own thresholds back."""
    kept = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*kept)


@pytest.mark.usefixtures("thresholds")
def test_the_young_generation_grows_and_the_older_ones_are_left_alone() -> None:
    gc.set_threshold(700, 10, 10)
    changed = size_young_generation_for_pages()
    assert gc.get_threshold() == (YOUNG_GENERATION, 10, 10)
    changed.restore()
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.usefixtures("thresholds")
def test_a_larger_young_generation_or_a_disabled_collector_is_kept() -> None:
    gc.set_threshold(YOUNG_GENERATION * 4, 20, 5)
    size_young_generation_for_pages()
    assert gc.get_threshold() == (YOUNG_GENERATION * 4, 20, 5)
    gc.set_threshold(0, 10, 10)  # 0: automatic collection is off, and stays off
    size_young_generation_for_pages()
    assert gc.get_threshold() == (0, 10, 10)
    assert gc.isenabled(), "the collector is never turned off"


@pytest.mark.usefixtures("thresholds")
async def test_the_app_sizes_the_young_generation_while_it_runs_and_restores_it(
    session: Session,
) -> None:
    gc.set_threshold(700, 10, 10)
    app = FlowTUI(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pane_loaded(app))
        assert gc.get_threshold() == (YOUNG_GENERATION, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
