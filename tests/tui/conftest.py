"""Fixtures for the TUI tests: apps on in-process emulators, and a bounded wait for workers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from flowtui.api.client import FlowServiceClient
from flowtui.api.retry import NO_RETRY
from flowtui.session import Session

SIZE = (80, 24)


def make_session(emulator: Any, *, read_only: bool = False, retry: bool = True) -> Session:
    """A demo session on ``emulator``; ``retry=False`` makes failures show at once."""
    from flowtui.demo import demo_settings

    settings = demo_settings()
    if not retry:
        settings = replace(settings, retry=NO_RETRY)
    client = FlowServiceClient(settings, transport=httpx.ASGITransport(app=emulator))
    return Session(
        client=client,
        profile="demo",
        org_id=settings.org_id,
        sandbox="prod",
        read_only=read_only,
        demo=True,
    )


@pytest.fixture
def many_records() -> Any:
    """An emulator with 1,200 generated records per kind besides the seeds."""
    from flowtui.emulator import EmulatorConfig, create_app

    return create_app(EmulatorConfig(records=1200, seed=7))


def pane_loaded(app: Any, kind_name: str | None = None) -> bool:
    """Whether the main screen's visible pane (or ``kind_name``'s) has finished a load."""
    from textual.css.query import NoMatches

    from flowtui.api.kinds import KINDS_BY_NAME
    from flowtui.tui.screens.main import MainScreen

    screen = app.screen
    if not isinstance(screen, MainScreen):
        return False
    try:
        pane = screen.current_pane if kind_name is None else screen.pane(KINDS_BY_NAME[kind_name])
    except NoMatches:
        return False
    return pane.started and not pane.is_loading
