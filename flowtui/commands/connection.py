"""The session a command runs in: the same profiles, flags and environment as the TUI."""

from __future__ import annotations

from dataclasses import dataclass

from flowtui.api.errors import ConfigError
from flowtui.commands.failures import usage
from flowtui.session import Session


@dataclass(frozen=True)
class SessionOptions:
    """``--demo``, ``--profile``, ``--sandbox`` and ``--read-only``, wherever they were given."""

    demo: bool = False
    profile: str | None = None
    sandbox: str | None = None
    read_only: bool = False
    hostile: bool = False
    """With ``demo``: add the emulator's hostile record set."""


def open_command_session(options: SessionOptions) -> Session:
    """The session ``flowtui`` itself would open; a configuration problem is a usage failure.

    ``--demo`` starts a fresh in-process emulator, so a change made with it lasts for this one
    command (the TUI's demo keeps its emulator while it runs).
    """
    if options.hostile and not options.demo:
        raise usage("--hostile works only with --demo (it adds hostile records)")
    try:
        if options.demo:
            from flowtui.demo import DEMO_RECORDS, emulator_session

            return emulator_session(
                sandbox=options.sandbox or "prod",
                read_only=options.read_only,
                records=DEMO_RECORDS,
                hostile=options.hostile,
            )
        from flowtui.config import open_session, resolve_config

        return open_session(
            resolve_config(
                profile=options.profile, sandbox=options.sandbox, read_only=options.read_only
            )
        )
    except ConfigError as error:
        raise usage(error.message) from None
