"""What the guards need to know about a resource kind, without importing the wire layer.

flowtui.api.kinds.ResourceKind satisfies these protocols structurally.
"""

from __future__ import annotations

from typing import Protocol


class UpdateRule(Protocol):
    """How a kind is updated: ``.value`` is "patch", "put" or "none"."""

    @property
    def value(self) -> str: ...


class KindRules(Protocol):
    """The parts of a kind the patch engine reads."""

    @property
    def name(self) -> str: ...

    @property
    def read_only(self) -> tuple[str, ...]: ...

    @property
    def update(self) -> UpdateRule: ...
