"""Why a command stopped: one exception carrying the exit status and what to tell the person."""

from __future__ import annotations

from collections.abc import Sequence

from flowtui.api.errors import FlowServiceError
from flowtui.commands.exit_codes import ExitCode, exit_code_of
from flowtui.patching import Problem


class CommandFailure(Exception):
    """The command did not do what was asked; ``message`` says why and what to do next.

    ``problems`` are the guards' refusals (path and reason); ``error`` is the service's error,
    whose code and request id go into ``--output json``.
    """

    def __init__(
        self,
        message: str,
        exit_code: ExitCode,
        *,
        problems: Sequence[Problem] = (),
        error: FlowServiceError | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.problems = list(problems)
        self.error = error


def problem_text(problem: Problem) -> str:
    """``path: reason``, without the path twice when the reason already starts with it."""
    if problem.path and problem.message.startswith(problem.path):
        return problem.message
    return f"{problem.path or '(record)'}: {problem.message}"


def refused(message: str, problems: Sequence[Problem] = ()) -> CommandFailure:
    """Refused by a guard or by the person: exit 1, nothing sent."""
    return CommandFailure(message, ExitCode.REFUSED, problems=problems)


def usage(message: str) -> CommandFailure:
    """Wrong arguments or configuration: exit 2, nothing sent."""
    return CommandFailure(message, ExitCode.USAGE)


def from_service(error: FlowServiceError, prefix: str = "") -> CommandFailure:
    """A client error as a failure with its exit status; the message keeps code and request id."""
    return CommandFailure(prefix + str(error), exit_code_of(error), error=error)
