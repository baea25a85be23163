"""The command line: argument parsing and dispatch, nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from flowtui import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowtui",
        description="A terminal UI for the Adobe Experience Platform Flow Service API.",
        epilog="Try it without credentials: flowtui --demo",
    )
    parser.add_argument("--version", action="version", version=f"flowtui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run against the built-in emulator")
    parser.add_argument(
        "--hostile", action="store_true", help="with --demo: add the hostile record set"
    )
    parser.add_argument("--profile", help="profile name from the config file")
    parser.add_argument("--sandbox", help="sandbox name (overrides the profile)")
    parser.add_argument("--read-only", action="store_true", help="hide every edit and action")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_cmd = commands.add_parser(
        "open", help="start on one record: flowtui open [KIND] ID (or the id's first characters)"
    )
    open_cmd.add_argument("kind", help="a kind (flows, connections, ...), or an id or its start")
    open_cmd.add_argument("id", nargs="?", help="the record's id, or a unique start of it")
    _add_record_commands(commands)

    config = commands.add_parser("config", help="show, create or import the configuration")
    config_cmds = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_cmds.add_parser("path", help="print where the config file is read from")
    config_cmds.add_parser("init", help="write a commented template (never overwrites)")
    aepp = config_cmds.add_parser("import-aepp", help="import an aepp JSON config as a profile")
    aepp.add_argument("file", help="the aepp config file (JSON)")
    aepp.add_argument("--as", dest="profile_name", default=None, help="profile name to create")

    emulator = commands.add_parser("emulator", help="serve the Flow Service emulator over HTTP")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--records", type=int, default=0, help="generated records per kind")
    emulator.add_argument("--latency-ms", type=int, default=0)
    emulator.add_argument("--fail-rate", type=float, default=0.0, help="share of reads failing 5xx")
    emulator.add_argument("--rate-limit", type=float, default=None, help="requests/s before 429")
    emulator.add_argument("--token-ttl", type=int, default=86400, help="token lifetime, seconds")
    emulator.add_argument("--client-id", default=None)
    emulator.add_argument("--client-secret", default=None)
    emulator.add_argument("--seed", type=int, default=0)
    emulator.add_argument(
        "--hostile", action="store_true", help="also serve the hostile record set (tests)"
    )
    emulator.add_argument(
        "--cursor-tokens",
        action="store_true",
        help="continuation tokens are only a position: send property/orderby/limit again",
    )
    return parser


KIND_HELP = "flows, connections, sourceConnections, targetConnections, connectionSpecs, flowSpecs"
RECORD_COMMANDS = ("get", "list", "diff", "apply", "patch", "edit", "flow")
"""The subcommands run by flowtui.commands (issue 14): scripting with the TUI's guards."""


def _session_flags() -> argparse.ArgumentParser:
    """The session flags, also accepted after a subcommand (``flowtui get ... --sandbox dev``)."""
    flags = argparse.ArgumentParser(add_help=False)
    hidden = argparse.SUPPRESS  # absent here: the value given before the subcommand stays
    flags.add_argument("--demo", action="store_true", default=hidden, help="the built-in emulator")
    flags.add_argument("--profile", default=hidden, help="profile name from the config file")
    flags.add_argument("--sandbox", default=hidden, help="sandbox name (overrides the profile)")
    flags.add_argument("--read-only", action="store_true", default=hidden, help="refuse writes")
    return flags


def _write_flags(command: argparse.ArgumentParser, *, dry_run: bool = True) -> None:
    command.add_argument("--yes", "-y", action="store_true", help="do not ask on a terminal")
    command.add_argument(
        "--confirm-sandbox",
        metavar="NAME",
        help="needed in a protected sandbox (prod by default): the sandbox's name",
    )
    if dry_run:
        command.add_argument("--dry-run", action="store_true", help="review only; send nothing")


def _add_record_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from flowtui.commands.exit_codes import exit_code_table

    parents = [_session_flags()]
    codes = "exit status:\n" + exit_code_table()

    def command(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}\n\n{codes}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=parents,
        )

    get = command(
        "get",
        "print one record as JSON, credentials masked (the file apply and diff take)",
        "flowtui get targetConnections b2cb1407-3114-441c-87ea-2c1a3c84d0b0 > target.json",
    )
    get.add_argument("kind", help=KIND_HELP)
    get.add_argument("id", help="the record's id")
    get.add_argument("-o", "--output", choices=("json", "yaml"), default="json")

    listing = command(
        "list",
        "list every record of a kind (all pages), filtered as with / in the TUI",
        "flowtui list targetConnections --filter state==enabled --filter s3 -o ids",
    )
    listing.add_argument("kind", help=KIND_HELP)
    listing.add_argument(
        "--filter",
        action="append",
        metavar="EXPR",
        help="state==enabled (sent to the service) or text matched in names and ids; repeatable",
    )
    listing.add_argument(
        "--orderby", metavar="FIELD", help="e.g. --orderby=-updatedAt (newest first; with =)"
    )
    listing.add_argument("--limit", type=int, metavar="N", help="records per page, 1 to 100")
    listing.add_argument("-o", "--output", choices=("table", "json", "ids"), default="table")

    diff = command(
        "diff",
        "print the JSON Patch that would turn the record into FILE (exit 1 when there is one)",
        "flowtui diff targetConnections b2cb1407-3114-441c-87ea-2c1a3c84d0b0 target.json",
    )
    diff.add_argument("kind", help=KIND_HELP)
    diff.add_argument("id", help="the record's id")
    diff.add_argument("file", help="the record as it should be (JSON; - reads stdin)")
    diff.add_argument(
        "-o", "--output", choices=("json",), help="the ops are JSON anyway; errors too with this"
    )

    apply = command(
        "apply",
        "make the record match FILE: PATCH guarded by FILE's etag (a spec: PUT after a re-read)",
        "flowtui apply targetConnections b2cb1407-3114-441c-87ea-2c1a3c84d0b0 target.json "
        "--yes --confirm-sandbox prod",
    )
    apply.add_argument("kind", help=KIND_HELP)
    apply.add_argument("id", help="the record's id")
    apply.add_argument("file", help="the record as it should be (JSON; - reads stdin)")
    _write_flags(apply)
    apply.add_argument("-o", "--output", choices=("text", "json"), default="text")

    patch = command(
        "patch",
        "send add/replace/remove ops through the same guards and confirmations as apply",
        'echo \'[{"op": "replace", "path": "/name", "value": "New"}]\' | '
        "flowtui patch flows 226fb2e1-db69-4760-b67e-9e671e05abfc --ops - --yes",
    )
    patch.add_argument("kind", help=KIND_HELP)
    patch.add_argument("id", help="the record's id")
    patch.add_argument("--ops", required=True, metavar="FILE", help="a JSON Patch (- reads stdin)")
    _write_flags(patch)
    patch.add_argument("-o", "--output", choices=("text", "json"), default="text")

    edit = command(
        "edit",
        "edit the record in $VISUAL/$EDITOR; a refusal reopens it with the reason on top",
        "EDITOR=nano flowtui --sandbox dev edit connections 139f6a5f-a78b-4744-9f6a-5fa78bd74431",
    )
    edit.add_argument("kind", help=KIND_HELP)
    edit.add_argument("id", help="the record's id")
    _write_flags(edit, dry_run=False)
    edit.add_argument("-o", "--output", choices=("text", "json"), default="text")

    flow = command(
        "flow",
        "enable or disable a flow (the action endpoint, guarded by the flow's etag)",
        "flowtui flow disable 226fb2e1-db69-4760-b67e-9e671e05abfc --confirm-sandbox prod",
    )
    flow.add_argument("action", choices=("enable", "disable"))
    flow.add_argument("id", help="the flow's id")
    _write_flags(flow)
    flow.add_argument("-o", "--output", choices=("text", "json"), default="text")

    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="print a shell completion script for subcommands, options and kinds",
        epilog='example:\n  eval "$(flowtui completion bash)"   # in ~/.bashrc',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=("bash", "zsh"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in RECORD_COMMANDS:
        from flowtui.commands.run import run_command

        return run_command(args)
    if args.command == "completion":
        from flowtui.commands.completion import completion_script

        sys.stdout.write(completion_script(parser, args.shell))
        return 0
    if args.command == "emulator":
        from flowtui.emulator.server import serve_from_args

        return serve_from_args(args)
    if args.command == "config":
        from flowtui.config_commands import run_config_command

        return run_config_command(args)

    from flowtui.launch import launch

    start = (args.kind, args.id) if args.command == "open" else None
    return launch(
        demo=args.demo,
        hostile=args.hostile,
        profile=args.profile,
        sandbox=args.sandbox,
        read_only=args.read_only,
        start=start,
    )


if __name__ == "__main__":
    sys.exit(main())
