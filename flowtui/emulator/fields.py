"""The fields a list request may name: per kind, the documented top-level fields, which of them
take range operators, and which the service sorts by.

The service refuses a filter on a field it does not know (1449), a range operator on a field
that is not a number (1448) and an ``orderby`` on a field it does not sort by (1433); the exact
lists are not published, so these are read from the OpenAPI descriptions' item schemas and the
tutorials' records.
"""

from __future__ import annotations

_COMMON: frozenset[str] = frozenset(
    {
        "id",
        "name",
        "description",
        "createdAt",
        "updatedAt",
        "createdBy",
        "updatedBy",
        "createdClient",
        "updatedClient",
        "sandboxId",
        "sandboxName",
        "imsOrgId",
    }
)
_RECORD: frozenset[str] = _COMMON | {"etag", "version", "state", "lastOperation", "labels"}
_CONNECTION: frozenset[str] = _RECORD | {"auth", "connectionSpec", "params", "data", "typeInfo"}
_SPEC: frozenset[str] = _COMMON | {"providerId", "version", "attributes", "permissionsInfo"}

FIELDS: dict[str, frozenset[str]] = {
    "flows": _RECORD
    | {
        "flowSpec",
        "sourceConnectionIds",
        "targetConnectionIds",
        "inheritedAttributes",
        "transformations",
        "scheduleParams",
        "lastRunDetails",
        "runs",
        "options",
    },
    "connections": _CONNECTION,
    "sourceConnections": _CONNECTION | {"baseConnectionId"},
    "targetConnections": _CONNECTION | {"baseConnectionId"},
    "connectionSpecs": _SPEC
    | {"authSpec", "sourceSpec", "targetSpec", "exploreSpec", "type", "frequency"},
    "flowSpecs": _SPEC
    | {
        "sourceConnectionSpecIds",
        "targetConnectionSpecIds",
        "transformationSpecs",
        "scheduleSpec",
        "optionSpec",
        "runSpec",
    },
    "runs": _COMMON
    | {"flowId", "flowSpec", "providerRefId", "eTag", "etag", "metrics", "activities"},
}
"""Top-level fields a ``property`` filter or projection may name, per kind."""

NUMBER_SUFFIXES: tuple[str, ...] = ("At", "AtUTC", "Count", "Bytes")
"""A field whose last name ends so holds a number (epoch milliseconds, a count, a size)."""

ORDERABLE: frozenset[str] = frozenset(
    {"id", "name", "description", "state", "createdAt", "updatedAt", "createdBy", "updatedBy"}
)
"""Top-level fields ``orderby`` accepts (where the kind has them)."""

DEFAULT_ORDER: tuple[str, ...] = ("-updatedAt", "-createdAt")
"""Most recently created or updated first, as the destinations reference documents."""


def known_field(kind: str, path: str) -> bool:
    """Whether the first name of ``path`` (before any ``.`` or ``[]``) is a field of ``kind``."""
    head = path.split(".", 1)[0].removesuffix("[]")
    return head in FIELDS.get(kind, frozenset())


def is_number_field(path: str) -> bool:
    """Whether ``path`` names a number, so range operators apply and values must be whole."""
    last = path.rsplit(".", 1)[-1].removesuffix("[]")
    return last.endswith(NUMBER_SUFFIXES)


def orderable(kind: str, name: str) -> bool:
    """Whether ``orderby`` may name the field ``name`` on ``kind``."""
    return name in ORDERABLE and name in FIELDS.get(kind, frozenset())
