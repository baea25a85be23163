"""What `flowtui` does before the UI starts: choose the session, or refuse with a message."""

from __future__ import annotations

import io
from typing import Any

import pytest

from flowtui.cli import main
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.launch import launch
from flowtui.tui.app import FlowTUI


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FlowTUI]:
    """Apps that would have run; the terminal is not taken over in tests."""
    apps: list[FlowTUI] = []

    def run(self: FlowTUI, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(FlowTUI, "run", run)
    return apps


def test_no_credentials_exits_2_and_points_at_the_demo(started: list[FlowTUI]) -> None:
    err = io.StringIO()
    code = launch(demo=False, profile=None, sandbox=None, read_only=False, start=None, err=err)
    assert code == 2
    assert "flowtui --demo" in err.getvalue()
    assert "flowtui config init" in err.getvalue()
    assert started == []


def test_unknown_kind_with_an_id_is_refused_with_the_kinds(started: list[FlowTUI]) -> None:
    err = io.StringIO()
    code = launch(
        demo=True, profile=None, sandbox=None, read_only=False, start=("flws", "x"), err=err
    )
    assert code == 2
    assert "flows, connections" in err.getvalue()
    assert started == []


def test_open_with_an_id_alone_starts_the_app_on_it(started: list[FlowTUI]) -> None:
    assert main(["--demo", "open", SALESFORCE_CONNECTION_ID]) == 0
    (app,) = started
    assert app.start == (SALESFORCE_CONNECTION_ID, None)
    assert app.session.demo


def test_demo_flags_reach_the_session(started: list[FlowTUI]) -> None:
    assert main(["--demo", "--read-only", "--sandbox", "dev", "open", "flows"]) == 0
    (app,) = started
    assert app.session.read_only
    assert app.session.sandbox == "dev"
    assert app.start == ("flows", None)


def test_environment_alone_is_enough_to_start(
    started: list[FlowTUI], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOWTUI_ORG_ID", "ORG@AdobeOrg")
    monkeypatch.setenv("FLOWTUI_CLIENT_ID", "client")
    monkeypatch.setenv("FLOWTUI_CLIENT_SECRET", "secret")
    monkeypatch.setenv("FLOWTUI_SANDBOX", "dev")
    assert main([]) == 0
    (app,) = started
    assert (app.session.org_id, app.session.sandbox, app.session.demo) == (
        "ORG@AdobeOrg",
        "dev",
        False,
    )
