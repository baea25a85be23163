"""Running one subcommand: open the session, run it, report any failure, return the exit status."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

from flowtui.api.errors import FlowServiceError
from flowtui.commands.connection import SessionOptions, open_command_session
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import CommandFailure, from_service
from flowtui.commands.output import Output
from flowtui.patching import PatchError
from flowtui.session import Session

Handler = Callable[[Session, argparse.Namespace, Output], Awaitable[ExitCode]]

INTERRUPTED = 130
"""What a shell reports for Ctrl+C (128 + SIGINT)."""


def _handler(command: str) -> Handler:
    # Imported here, one command each, so a run loads only what it needs.
    if command == "get":
        from flowtui.commands.get import run_get

        return run_get
    if command == "list":
        from flowtui.commands.listing import run_list

        return run_list
    if command == "diff":
        from flowtui.commands.diff import run_diff

        return run_diff
    if command == "apply":
        from flowtui.commands.apply import run_apply

        return run_apply
    if command == "patch":
        from flowtui.commands.apply import run_patch

        return run_patch
    if command == "edit":
        from flowtui.commands.edit import run_edit

        return run_edit
    if command == "flow":
        from flowtui.commands.flow import run_flow

        return run_flow
    raise ValueError(f"not a flowtui command: {command}")


def session_options(args: argparse.Namespace) -> SessionOptions:
    return SessionOptions(
        demo=bool(args.demo),
        profile=args.profile,
        sandbox=args.sandbox,
        read_only=bool(args.read_only),
        hostile=bool(getattr(args, "hostile", False)),
    )


async def _run(handler: Handler, session: Session, args: argparse.Namespace, out: Output) -> int:
    try:
        return int(await handler(session, args, out))
    finally:
        await session.client.aclose()


def run_command(args: argparse.Namespace, output: Output | None = None) -> int:
    """Run ``args.command`` and return its exit status (see ``exit_codes``)."""
    out = output or Output(json_errors=getattr(args, "output", None) == "json")
    handler = _handler(args.command)
    try:
        session = open_command_session(session_options(args))
        return asyncio.run(_run(handler, session, args, out))
    except CommandFailure as failure:
        out.fail(failure)
        return int(failure.exit_code)
    except FlowServiceError as error:
        reported = from_service(error)
        out.fail(reported)
        return int(reported.exit_code)
    except PatchError as error:
        # The patch engine refuses to hand over a patch it could not verify.
        reported = CommandFailure(f"not sent: {error}", ExitCode.REFUSED)
        out.fail(reported)
        return int(reported.exit_code)
    except KeyboardInterrupt:
        out.say("flowtui: interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        # `flowtui list ... | head`: the reader had enough; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.DONE)
