"""``flowtui apply KIND ID FILE`` and ``flowtui patch KIND ID --ops FILE``: guarded writes.

Both review on stderr what will be sent, ask for the confirmations the TUI asks for, and send
through the TUI's submit (the same etag rule, the same audit log).
"""

from __future__ import annotations

import argparse

from flowtui.commands.changes import (
    Change,
    applied_json,
    applied_message,
    change_from_ops,
    change_from_record,
    refuse_problems,
    review_lines,
    send,
)
from flowtui.commands.confirm import WriteOptions, check_writable, confirm_write
from flowtui.commands.documents import ops_of, read_json, record_of
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.output import Output, quoted
from flowtui.commands.records import kind_named
from flowtui.session import Session


def write_options(args: argparse.Namespace) -> WriteOptions:
    return WriteOptions(
        yes=bool(args.yes),
        confirm_sandbox=args.confirm_sandbox,
        dry_run=bool(getattr(args, "dry_run", False)),
    )


async def review_and_send(
    session: Session, change: Change, options: WriteOptions, output: Output, *, as_json: bool
) -> ExitCode:
    """Refuse, review, confirm, send: the steps every write of a change goes through."""
    refuse_problems(change)
    if not change.state.ops:
        output.say(f"nothing to change: the {change.target} already matches")
        return ExitCode.DONE
    for line in review_lines(session, change):
        output.say(line)
    if options.dry_run:
        output.say("dry run: nothing was sent")
        if as_json:
            output.json({"applied": False, "dry_run": True, "ops": change.ops})
        return ExitCode.DONE
    count = len(change.ops)
    what = f"{change.edit.kind.singular} {quoted(change.edit.name)}"
    confirm_write(session, options, f"Apply {count} op{'' if count == 1 else 's'} to {what}")
    submitted = await send(session, change)
    output.say(applied_message(change, submitted))
    if submitted.warning:
        output.say(f"warning: {submitted.warning}")
    if as_json:
        output.json(applied_json(change, submitted))
    return ExitCode.DONE


async def run_apply(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    kind = kind_named(args.kind)
    record = record_of(read_json(args.file))
    options = write_options(args)
    if not options.dry_run:
        check_writable(session)
    change = await change_from_record(
        session, kind, args.id, record, lambda text: output.say(f"note: {text}")
    )
    return await review_and_send(session, change, options, output, as_json=args.output == "json")


async def run_patch(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    kind = kind_named(args.kind)
    ops = ops_of(read_json(args.ops))
    options = write_options(args)
    if not options.dry_run:
        check_writable(session)
    change = await change_from_ops(
        session, kind, args.id, ops, lambda text: output.say(f"note: {text}")
    )
    return await review_and_send(session, change, options, output, as_json=args.output == "json")
