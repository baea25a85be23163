"""The resource kinds of the Flow Service: one table that the client, the guards and the UI share.

This module is plain data with no HTTP in it, so the patch engine's guards and the UI can read
it without pulling in the wire.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    derive: Callable[[Mapping[str, Any]], Any] | None = field(default=None, compare=False)
    """A value computed from the whole record (a run's duration) instead of the one at
    ``path``; ``path`` still names what the column is about."""

    def value_of(self, record: Mapping[str, Any]) -> Any:
        """What the column shows for ``record``: the derived value, or the one at ``path``."""
        return self.derive(record) if self.derive is not None else value_at(record, self.path)


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

RUN_STATUS_PATH = "metrics.statusSummary.status"
"""Where a run's status is; ``property=metrics.statusSummary.status==Failed`` filters by it."""
RUN_STATUSES: tuple[str, ...] = ("Success", "Processing", "Waiting", "Failed")
"""A run's status values, as destinations.yaml's StatusSummary enum lists them."""


def run_duration_ms(run: Mapping[str, Any]) -> int | None:
    """How long a run took (completed minus started, in milliseconds); None while it runs."""
    duration = value_at(run, "metrics.durationSummary")
    if not isinstance(duration, Mapping):
        return None
    started, completed = duration.get("startedAtUTC"), duration.get("completedAtUTC")
    if not isinstance(started, int) or not isinstance(completed, int):
        return None
    return max(completed - started, 0)


def run_error_summary(run: Mapping[str, Any]) -> str | None:
    """The first error of a failed run as ``CODE: message`` (more errors counted), or None."""
    errors = value_at(run, "metrics.statusSummary.errors")
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], Mapping):
        return None
    first = errors[0]
    text = ": ".join(str(first[k]) for k in ("code", "message") if first.get(k) is not None)
    return text + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else "")


def flow_runs_filter(flow_id: str) -> str:
    """The ``property`` filter that lists one flow's runs (what a flow's ``runs`` link holds)."""
    return f"flowId=={flow_id}"


RUNS = ResourceKind(
    name="runs",
    title="Runs",
    singular="run",
    update=UpdateMethod.NONE,
    read_only=(*COMMON_READ_ONLY, "/flowId", "/flowSpec", "/metrics", "/activities"),
    columns=(
        Column("Status", RUN_STATUS_PATH, 10),
        Column("Started", "metrics.durationSummary.startedAtUTC", 16),
        Column("Duration", "metrics.durationSummary.completedAtUTC", 8, derive=run_duration_ms),
        Column("Read", "metrics.recordSummary.inputRecordCount", 7),
        Column("Written", "metrics.recordSummary.outputRecordCount", 7),
        Column("Failed", "metrics.recordSummary.failedRecordCount", 7),
        Column("Error", "metrics.statusSummary.errors", derive=run_error_summary),
        _ID,
    ),
    aliases=("run", "flowruns", "flowrun"),
)
"""Flow runs: read-only (no update method, no actions), newest first from the service.

The main screen's Runs pane (key 7) shows it. A column's ``value_of`` gives the duration
(milliseconds) and the error summary, which no path holds."""

KINDS: tuple[ResourceKind, ...] = (
    FLOWS,
    CONNECTIONS,
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    CONNECTION_SPECS,
    FLOW_SPECS,
    RUNS,
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
