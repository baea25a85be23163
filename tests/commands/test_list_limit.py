"""A list longer than the TUI's list limit is not passed off as whole: records, then exit 1."""

from __future__ import annotations

import argparse
import io
from dataclasses import replace

import httpx

from flowtui.api.client import FlowServiceClient
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import CommandFailure
from flowtui.commands.listing import run_list
from flowtui.commands.output import Output
from flowtui.demo import demo_settings
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.session import Session


async def test_a_list_cut_at_the_record_limit_prints_what_it_has_and_exits_1() -> None:
    app = create_app(EmulatorConfig(records=30, seed=3))
    settings = replace(demo_settings(sandbox="dev"), max_list_records=10)
    client = FlowServiceClient(settings, transport=httpx.ASGITransport(app=app))
    session = Session(client=client, profile="demo", org_id=settings.org_id, sandbox="dev")
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(kind="flows", filter=None, orderby=None, limit=5, output="ids")
    try:
        try:
            await run_list(session, args, Output(out=out, err=err))
        except CommandFailure as failure:
            assert failure.exit_code is ExitCode.REFUSED
            assert "incomplete" in failure.message and "10 records" in failure.message
        else:
            raise AssertionError("a cut list must not exit 0")
    finally:
        await client.aclose()
    assert len(out.getvalue().split()) == 10
