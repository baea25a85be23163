"""``flowtui diff KIND ID FILE``: the ops that would turn the record into FILE, after the guards."""

from __future__ import annotations

import argparse

from flowtui.commands.changes import change_from_record, refuse_problems
from flowtui.commands.documents import read_json, record_of
from flowtui.commands.exit_codes import DIFFERENCES, ExitCode
from flowtui.commands.output import Output
from flowtui.commands.records import kind_named
from flowtui.session import Session


async def run_diff(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    """Print the ops (RFC 6902, credential values masked); exit 0 when none, 1 when some."""
    kind = kind_named(args.kind)
    record = record_of(read_json(args.file))
    change = await change_from_record(
        session, kind, args.id, record, lambda text: output.say(f"note: {text}")
    )
    refuse_problems(change)
    output.json(change.ops)
    if not change.ops:
        output.say(f"no differences: {args.file} matches the {kind.singular}")
        return ExitCode.DONE
    return DIFFERENCES
