"""``flowtui flow enable|disable ID``: the flow action, with the TUI's confirmations and audit."""

from __future__ import annotations

import argparse

from flowtui.api.client import UpdateResult
from flowtui.api.errors import FlowServiceError, OutcomeUnknownError, PreconditionFailedError
from flowtui.api.kinds import FLOWS
from flowtui.commands.apply import write_options
from flowtui.commands.confirm import check_writable, confirm_write
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import CommandFailure, from_service
from flowtui.commands.output import Output
from flowtui.commands.records import read_record
from flowtui.commands.workflow import JsonObject
from flowtui.session import Session
from flowtui.store.audit import AuditEntry, AuditLog, timestamp


def action_entry(session: Session, flow: JsonObject, op: str, result: UpdateResult) -> AuditEntry:
    """The audit entry the TUI's flow toggle writes for the same action."""
    etag = flow.get("etag")
    return AuditEntry(
        time=timestamp(),
        profile=session.profile,
        org_id=session.org_id,
        sandbox=session.sandbox,
        kind=FLOWS.name,
        record_id=str(flow.get("id", "")),
        name=str(flow.get("name") or flow.get("id", "")),
        method="ACTION",
        etag_before=etag if isinstance(etag, str) else None,
        etag_after=result.etag,
        ops=[{"op": "replace", "path": "/state", "value": f"{op}d"}],
        request_id=result.request_id,
    )


async def run_flow(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    op: str = args.action
    options = write_options(args)
    if not options.dry_run:
        check_writable(session)
    flow = await read_record(session, FLOWS, args.id)
    name = str(flow.get("name") or args.id)
    etag = flow.get("etag") if isinstance(flow.get("etag"), str) else None
    if flow.get("state") == f"{op}d":
        output.say(f"nothing to do: flow {name!r} is already {op}d")
        return ExitCode.DONE
    output.say(f"Review: {op} flow {name!r} ({args.id})")
    output.say(f"  sandbox {session.sandbox}, profile {session.profile}")
    output.say(f"  POST /flows/{{id}}/action?op={op} with If-Match: {etag}")
    if op == "disable":
        output.say("  warning: the flow stops running until it is enabled again")
    if options.dry_run:
        output.say("dry run: nothing was sent")
        return ExitCode.DONE
    confirm_write(session, options, f"{op.capitalize()} flow {name!r}")
    try:
        result = await session.client.action(FLOWS, args.id, op, etag=etag)
    except PreconditionFailedError as error:
        raise CommandFailure(
            f"the flow changed on the server since it was read (412): not applied. {error}",
            ExitCode.CHANGED_ON_SERVER,
            error=error,
        ) from None
    except OutcomeUnknownError as error:
        raise CommandFailure(
            f"the outcome is unknown: {error}. Read the flow again before retrying",
            ExitCode.OUTCOME_UNKNOWN,
            error=error,
        ) from None
    except FlowServiceError as error:
        raise from_service(error, "not applied: ") from None
    try:
        AuditLog().append(action_entry(session, flow, op, result))
    except OSError as exc:
        output.say(f"warning: applied, but not written to the audit log ({exc.__class__.__name__})")
    output.say(f"Flow {name!r} {op}d: new etag {result.etag}")
    if args.output == "json":
        output.json(
            {
                "applied": True,
                "id": args.id,
                "state": f"{op}d",
                "etag": result.etag,
                "request_id": result.request_id,
            }
        )
    return ExitCode.DONE
