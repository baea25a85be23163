"""What the UI is connected to: a client plus where it points and what it may do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowtui.api.client import FlowServiceClient


@dataclass
class Session:
    """One connection to one sandbox of one organisation, as the header shows it."""

    client: FlowServiceClient
    profile: str
    org_id: str
    sandbox: str
    read_only: bool = False
    protected_sandboxes: frozenset[str] = field(default_factory=lambda: frozenset({"prod"}))
    demo: bool = False
    profile_sandboxes: tuple[str, ...] = ()
    """The sandboxes the profile names (``sandboxes = [...]``): the switch list when the
    service will not list them."""

    @property
    def sandbox_is_protected(self) -> bool:
        return self.sandbox in self.protected_sandboxes
