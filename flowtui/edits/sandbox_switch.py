"""Switching sandbox: a new Session on another sandbox of the same profile, and the list of
sandboxes to offer (from the service where it will list them, from the profile otherwise).

Nothing here holds state: protected rules and read-only are carried over from the session, and
drafts, locks and the audit log are keyed by profile and sandbox, so they follow the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from flowtui.api.errors import SandboxListUnavailableError
from flowtui.session import Session

SANDBOX_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""What a sandbox name can be (Sandbox Management API: letters, digits, ``-`` and ``_``)."""


class SandboxSwitchError(ValueError):
    """The sandbox asked for is not one flowtui can switch to; the message says which are."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SandboxChoices:
    """The sandboxes a person can switch to, and where that list came from."""

    names: tuple[str, ...]
    source: Literal["service", "profile"]
    note: str | None = None
    """Why the service's list was not used (its refusal), when ``source`` is the profile."""
    checked: bool = True
    """Whether a name outside ``names`` is refused: the service's list is the truth, and so is
    a profile that names its sandboxes; a profile naming none cannot rule anything out."""

    def described(self) -> str:
        """The names for a message: ``dev, prod (from the service)``."""
        where = "from the service" if self.source == "service" else "named by the profile"
        return f"{', '.join(self.names) or 'none'} ({where})"


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name))


async def sandbox_choices(session: Session) -> SandboxChoices:
    """The organisation's active sandboxes from the service; failing that, the profile's.

    The profile's list always includes the current sandbox. Only the service's refusal to list
    (SandboxListUnavailableError) falls back; it is kept as ``note`` so the person knows why.
    """
    try:
        listed = await session.client.list_sandboxes()
    except SandboxListUnavailableError as refused:
        names = _unique([*session.profile_sandboxes, session.sandbox])
        return SandboxChoices(
            names, "profile", note=refused.message, checked=bool(session.profile_sandboxes)
        )
    active = [s.name for s in listed if s.state in ("active", "")]
    if session.sandbox not in active:
        active.append(session.sandbox)
    return SandboxChoices(_unique(active), "service")


def switched_session(session: Session, name: str, choices: SandboxChoices | None) -> Session:
    """The session on sandbox ``name`` of the same profile (same connection and token).

    SandboxSwitchError when ``name`` is not a sandbox name, or when ``choices`` is a checked
    list that lacks it (the message lists the ones there are).
    """
    wanted = name.strip()
    if not SANDBOX_NAME.fullmatch(wanted):
        raise SandboxSwitchError(
            f"{wanted!r} is not a sandbox name (letters, digits, - and _); "
            "type :sandbox NAME, or pick one from the palette's Switch sandbox"
        )
    if choices is not None and choices.checked and wanted not in choices.names:
        hint = "" if choices.source == "service" else "; add it to the profile's sandboxes"
        raise SandboxSwitchError(
            f"No sandbox called {wanted!r}. Sandboxes: {choices.described()}{hint}"
        )
    return replace(session, client=session.client.for_sandbox(wanted), sandbox=wanted)
