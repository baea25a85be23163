"""``flowtui get KIND ID``: one record as JSON (or YAML), credentials masked as in the TUI."""

from __future__ import annotations

import argparse

from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.output import Output, yaml_text
from flowtui.commands.records import kind_named, load_edit
from flowtui.session import Session


async def run_get(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    """Print the record exactly as ``edit`` would open it, so the file round-trips to ``apply``."""
    kind = kind_named(args.kind)
    edit = await load_edit(session, kind, args.id, note=lambda text: output.say(f"note: {text}"))
    if edit.too_deep is not None:
        # The output is cut where the record nests too deep: never let it pass for the whole.
        output.say(f"note: {edit.too_deep}; the output is cut there too")
    # The editor's own text, so `get` > file > `apply` round-trips to no ops.
    output.data(yaml_text(edit.shown_base) if args.output == "yaml" else edit.initial_text())
    return ExitCode.DONE
