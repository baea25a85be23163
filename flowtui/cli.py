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

    open_cmd = commands.add_parser("open", help="start on one record: flowtui open KIND ID")
    open_cmd.add_argument("kind", help="flows, connections, sourceConnections, ...")
    open_cmd.add_argument("id", nargs="?", help="the record's id")

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
