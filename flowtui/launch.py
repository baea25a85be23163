"""Start the UI: build the session (demo or a real profile), then run the app.

Kept apart from cli.py so the command line stays parsing and dispatch only.
"""

from __future__ import annotations

import sys
from typing import TextIO

from flowtui.api.errors import ConfigError
from flowtui.api.kinds import KINDS, find_kind
from flowtui.session import Session


def launch(
    *,
    demo: bool,
    profile: str | None,
    sandbox: str | None,
    read_only: bool,
    start: tuple[str, str | None] | None,
    err: TextIO = sys.stderr,
    hostile: bool = False,
) -> int:
    """Run flowtui; return the process exit code (2 when the setup is wrong: nothing was sent)."""
    # `flowtui open ID` (no kind) is fine: the app tries every kind, as the `:` line does.
    if start is not None and start[1] is not None and find_kind(start[0]) is None:
        names = ", ".join(kind.name for kind in KINDS)
        print(f"flowtui: unknown kind {start[0]!r}. Use one of: {names}.", file=err)
        return 2
    if hostile and not demo:
        print("flowtui: --hostile works only with --demo (it adds hostile records).", file=err)
        return 2
    try:
        session = _session(
            demo=demo, profile=profile, sandbox=sandbox, read_only=read_only, hostile=hostile
        )
    except ConfigError as error:
        print(error.message, file=err)
        return 2

    from flowtui.tui.app import FlowTUI

    app = FlowTUI(session, start=start)
    app.run()
    # 129 after a hang-up, 143 after SIGTERM (flowtui.tui.hangup), as a shell would report.
    return app.return_code or 0


def _session(
    *, demo: bool, profile: str | None, sandbox: str | None, read_only: bool, hostile: bool
) -> Session:
    if demo:
        from flowtui.demo import DEMO_RECORDS, emulator_session

        return emulator_session(
            sandbox=sandbox or "prod", read_only=read_only, records=DEMO_RECORDS, hostile=hostile
        )
    from flowtui.config import open_session, resolve_config

    return open_session(resolve_config(profile=profile, sandbox=sandbox, read_only=read_only))
