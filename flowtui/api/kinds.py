"""The resource kinds of the Flow Service: one table that the client, the guards and the UI share.

This module is plain data with no HTTP in it, so the patch engine's guards and the UI can read
it without pulling in the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class UpdateMethod(Enum):
    """How a kind's records are changed on the service."""

    PATCH = "patch"  # JSON Patch array, guarded by If-Match with the record's etag
    PUT = "put"  # the whole body; the service keeps no etag for these
    NONE = "none"  # read-only kind


@dataclass(frozen=True)
class Column:
    """A list column: its header and the dotted path of the value it shows."""

    header: str
    path: str
    width: int | None = None


# Fields every record carries that the service owns. JSON Pointers; a pointer covers its children.
COMMON_READ_ONLY: tuple[str, ...] = (
    "/id",
    "/etag",
    "/createdAt",
    "/updatedAt",
    "/createdBy",
    "/updatedBy",
    "/createdClient",
    "/updatedClient",
    "/sandboxId",
    "/sandboxName",
    "/imsOrgId",
)

# Service-owned bookkeeping on the PATCH-able kinds (flows and the three connection kinds).
RECORD_READ_ONLY: tuple[str, ...] = (
    *COMMON_READ_ONLY,
    "/version",
    "/inheritedAttributes",
    "/lastOperation",
    "/lastRunDetails",
)


@dataclass(frozen=True)
class ResourceKind:
    """One row of the kinds table."""

    name: str
    """Path segment under the Flow Service base, e.g. ``flows``; also the kind's id in the UI."""
    title: str
    """Plural for pane titles: ``Flows``."""
    singular: str
    """For messages: ``flow``."""
    update: UpdateMethod
    read_only: tuple[str, ...]
    """JSON Pointers the person may not change; each covers its children."""
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    """Other names accepted by the ``:`` command line."""
    paged: bool = True
    """False for the spec kinds: the service returns every spec in one page and takes only
    ``property`` filters (no limit, orderby, count or continuation)."""
    actions: tuple[str, ...] = ()
    """State transitions sent as ``POST /{name}/{id}/action?op=...``."""

    @property
    def path(self) -> str:
        return f"/{self.name}"

    @property
    def has_etag(self) -> bool:
        return self.update is UpdateMethod.PATCH

    @property
    def editable(self) -> bool:
        return self.update is not UpdateMethod.NONE


# A connection's spec decides what its auth and params mean: changing it is a new connection.
CONNECTION_READ_ONLY: tuple[str, ...] = (*RECORD_READ_ONLY, "/connectionSpec")

_NAME = Column("Name", "name")
_UPDATED = Column("Updated", "updatedAt", 16)
_ID = Column("ID", "id", 36)

_SOURCE_TARGET_COLUMNS = (
    _NAME,
    Column("Base connection", "baseConnectionId"),
    Column("Spec", "connectionSpec.id"),
    _UPDATED,
    _ID,
)

FLOWS = ResourceKind(
    name="flows",
    title="Flows",
    singular="flow",
    update=UpdateMethod.PATCH,
    read_only=(*RECORD_READ_ONLY, "/state"),
    columns=(_NAME, Column("State", "state", 8), Column("Flow spec", "flowSpec.id"), _UPDATED, _ID),
    aliases=("flow", "dataflows", "dataflow", "df"),
    actions=("enable", "disable"),
)
CONNECTIONS = ResourceKind(
    name="connections",
    title="Connections",
    singular="base connection",
    update=UpdateMethod.PATCH,
    read_only=CONNECTION_READ_ONLY,
    columns=(
        _NAME,
        Column("State", "state", 8),
        Column("Spec", "connectionSpec.id"),
        _UPDATED,
        _ID,
    ),
    aliases=("connection", "conn", "base", "baseconnections", "bc"),
)
SOURCE_CONNECTIONS = ResourceKind(
    name="sourceConnections",
    title="Source connections",
    singular="source connection",
    update=UpdateMethod.PATCH,
    read_only=CONNECTION_READ_ONLY,
    columns=_SOURCE_TARGET_COLUMNS,
    aliases=("sourceconnection", "source", "sources", "sc"),
)
TARGET_CONNECTIONS = ResourceKind(
    name="targetConnections",
    title="Target connections",
    singular="target connection",
    update=UpdateMethod.PATCH,
    read_only=CONNECTION_READ_ONLY,
    columns=_SOURCE_TARGET_COLUMNS,
    aliases=("targetconnection", "target", "targets", "tc"),
)
CONNECTION_SPECS = ResourceKind(
    name="connectionSpecs",
    title="Connection specs",
    singular="connection spec",
    update=UpdateMethod.PUT,
    read_only=COMMON_READ_ONLY,
    columns=(_NAME, Column("Type", "type"), Column("Provider", "providerId"), _UPDATED, _ID),
    aliases=("connectionspec", "cs", "connspecs"),
    paged=False,
)
FLOW_SPECS = ResourceKind(
    name="flowSpecs",
    title="Flow specs",
    singular="flow spec",
    update=UpdateMethod.PUT,
    read_only=COMMON_READ_ONLY,
    columns=(
        _NAME,
        Column("Version", "version", 8),
        Column("Provider", "providerId"),
        _UPDATED,
        _ID,
    ),
    aliases=("flowspec", "fs"),
    paged=False,
)

KINDS: tuple[ResourceKind, ...] = (
    FLOWS,
    CONNECTIONS,
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    CONNECTION_SPECS,
    FLOW_SPECS,
)
KINDS_BY_NAME: dict[str, ResourceKind] = {kind.name: kind for kind in KINDS}


def find_kind(name: str) -> ResourceKind | None:
    """The kind called ``name`` (its path segment, title or an alias; case-insensitive)."""
    wanted = name.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    for kind in KINDS:
        names = {kind.name.lower(), kind.title.lower().replace(" ", ""), *kind.aliases}
        if wanted in names:
            return kind
    return None


def value_at(record: Any, dotted: str) -> Any:
    """The value at a dotted path such as ``flowSpec.id``, or None where it is missing."""
    current = record
    for part in dotted.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current
