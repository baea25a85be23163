"""``flowtui flow enable|disable ID``: the TUI's flow action, confirmations, outcome and audit."""

from __future__ import annotations

import argparse

from flowtui.api.kinds import FLOWS
from flowtui.commands.apply import write_options
from flowtui.commands.changes import outcome_failure
from flowtui.commands.confirm import check_writable, confirm_write
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.output import Output, quoted
from flowtui.commands.records import read_record
from flowtui.commands.workflow import run_flow_action
from flowtui.session import Session


async def run_flow(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    op: str = args.action
    options = write_options(args)
    if not options.dry_run:
        check_writable(session)
    flow = await read_record(session, FLOWS, args.id)
    name = str(flow.get("name") or args.id)
    etag = flow.get("etag") if isinstance(flow.get("etag"), str) else None
    if flow.get("state") == f"{op}d":
        output.say(f"nothing to do: flow {quoted(name)} is already {op}d")
        return ExitCode.DONE
    output.say(f"Review: {op} flow {quoted(name)} ({args.id})")
    output.say(f"  sandbox {session.sandbox}, profile {session.profile}")
    output.say(f"  POST /flows/{{id}}/action?op={op} with If-Match: {etag}")
    if op == "disable":
        output.say("  warning: the flow stops running until it is enabled again")
    if options.dry_run:
        output.say("dry run: nothing was sent")
        return ExitCode.DONE
    confirm_write(session, options, f"{op.capitalize()} flow {quoted(name)}")
    outcome = await run_flow_action(session, flow, op)
    if outcome.submitted is None or not outcome.applied:
        raise outcome_failure(outcome, "flow")
    submitted = outcome.submitted
    output.say(f"Flow {quoted(name)} {op}d: new etag {submitted.etag}")
    if submitted.warning:
        output.say(f"warning: {submitted.warning}")
    if args.output == "json":
        output.json(
            {
                "applied": True,
                "id": args.id,
                "state": f"{op}d",
                "etag_before": etag,
                "etag": submitted.etag,
                "request_id": submitted.request_id,
                "warning": submitted.warning,
            }
        )
    return ExitCode.DONE
