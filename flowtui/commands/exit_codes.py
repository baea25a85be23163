"""What a flowtui command's exit status means, so a script can branch on it."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowtui.api.errors import FlowServiceError


class ExitCode(IntEnum):
    """The documented exit statuses of every subcommand (README, "Scripting")."""

    DONE = 0
    """Done, or nothing to do (diff: no differences)."""
    REFUSED = 1
    """diff: there are differences; otherwise refused by a guard, the service (400/422), or you."""
    USAGE = 2
    """Usage or configuration error: nothing was sent."""
    CHANGED_ON_SERVER = 3
    """The record changed on the server since it was read (412, or a spec changed): not applied."""
    SERVICE = 4
    """The service failed or could not be reached (network, 5xx, not found, unexpected answer)."""
    OUTCOME_UNKNOWN = 5
    """A write went out and no answer says whether it was applied: re-read before retrying."""


DIFFERENCES = ExitCode.REFUSED
"""``flowtui diff`` found something to change (the same status as a refusal, as diff(1) does)."""

EXIT_CODE_TABLE: tuple[tuple[int, str], ...] = (
    (ExitCode.DONE, "done, or nothing to do"),
    (ExitCode.REFUSED, "differences (diff), a list cut at its limit, or refused (guard, 4xx, you)"),
    (ExitCode.USAGE, "usage or configuration error: nothing was sent"),
    (ExitCode.CHANGED_ON_SERVER, "changed on the server since it was read (412, or a spec)"),
    (ExitCode.SERVICE, "service or network error (5xx, not found, no answer)"),
    (ExitCode.OUTCOME_UNKNOWN, "outcome unknown (no answer, and a re-read could not tell)"),
)
"""The table ``--help`` prints, in the order of the codes."""


def exit_code_of(error: FlowServiceError) -> ExitCode:
    """The exit status for an error the client raised."""
    # Imported here: the parser reads the table above, and `--help` need not load the wire.
    from flowtui.api.errors import (
        AuthenticationError,
        ConfigError,
        OutcomeUnknownError,
        PreconditionFailedError,
        ValidationError,
    )

    if isinstance(error, OutcomeUnknownError):
        return ExitCode.OUTCOME_UNKNOWN
    if isinstance(error, PreconditionFailedError):
        return ExitCode.CHANGED_ON_SERVER
    if isinstance(error, ConfigError | AuthenticationError):
        return ExitCode.USAGE
    if isinstance(error, ValidationError):
        return ExitCode.REFUSED
    return ExitCode.SERVICE


def exit_code_table() -> str:
    """The exit statuses as lines for ``--help``."""
    return "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODE_TABLE)
