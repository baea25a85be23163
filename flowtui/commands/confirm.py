"""The confirmations before a write: read-only sessions, protected sandboxes, the question.

The same rules as the TUI's review: nothing is written in a read-only session; in a protected
sandbox the person names the sandbox (``--confirm-sandbox NAME``; ``--yes`` is not enough); on a
terminal the person answers y, unless ``--yes``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from flowtui.commands.failures import refused
from flowtui.session import Session
from flowtui.visible import visible

Ask = Callable[[str], str | None]
"""Shows a question, returns the answer (None: no terminal to ask on)."""


@dataclass(frozen=True)
class WriteOptions:
    """``--yes``, ``--confirm-sandbox`` and ``--dry-run`` of a writing command."""

    yes: bool = False
    confirm_sandbox: str | None = None
    dry_run: bool = False


def on_a_terminal() -> bool:
    """Whether a person can answer: stdin and stderr both a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask_on_terminal(question: str) -> str | None:
    """Ask on stderr, read the answer from stdin; None when there is no terminal."""
    if not on_a_terminal():
        return None
    sys.stderr.write(visible(question))
    sys.stderr.flush()
    try:
        return input()
    except EOFError:
        return ""


def check_writable(session: Session) -> None:
    """Refuse any write in a read-only session, before anything is read or sent."""
    if session.read_only:
        raise refused(
            "read-only session (--read-only, or read_only in the profile): nothing was sent"
        )


def check_sandbox(session: Session, options: WriteOptions) -> None:
    """In a protected sandbox, ``--confirm-sandbox`` must name it."""
    if not session.sandbox_is_protected:
        return
    if options.confirm_sandbox is None:
        raise refused(
            f"{session.sandbox} is a protected sandbox: add --confirm-sandbox "
            f"{session.sandbox} to write to it; nothing was sent"
        )
    if options.confirm_sandbox != session.sandbox:
        raise refused(
            f"--confirm-sandbox {options.confirm_sandbox} does not name this sandbox "
            f"({session.sandbox}); nothing was sent"
        )


def confirm_write(
    session: Session, options: WriteOptions, action: str, ask: Ask = ask_on_terminal
) -> None:
    """Every confirmation a write needs; raises a refusal (exit 1) when one is missing."""
    check_writable(session)
    check_sandbox(session, options)
    if options.yes:
        return
    answer = ask(f"{action} in {session.sandbox}? [y/N] ")
    if answer is None:
        return  # a script: no terminal to ask on, the flags above are the confirmation
    if answer.strip().lower() not in ("y", "yes"):
        raise refused("not confirmed: nothing was sent")
