"""Credentials stored in a connection never leave the emulator in clear.

A field is secret when the connection's spec marks it ``format: password`` in the authSpec entry
named by ``auth.specName`` (in every entry when no name matches). The mask is ``********``, the
placeholder the Experience Platform UI shows for stored secrets.
"""

from __future__ import annotations

import copy
from typing import Any

MASK = "********"

JSON = dict[str, Any]


def secret_fields(connection: JSON, spec: JSON | None) -> set[str]:
    """Names under ``auth.params`` that the spec marks as passwords."""
    if spec is None:
        return set()
    auth = connection.get("auth")
    entries = [e for e in spec.get("authSpec") or [] if isinstance(e, dict)]
    if isinstance(auth, dict):
        named = [e for e in entries if e.get("name") == auth.get("specName")]
        entries = named or entries
    names: set[str] = set()
    for entry in entries:
        props = (entry.get("spec") or {}).get("properties") or {}
        for name, schema in props.items():
            if isinstance(schema, dict) and schema.get("format") == "password":
                names.add(name)
    return names


def masked(connection: JSON, spec: JSON | None) -> JSON:
    """A copy of the record with every secret auth parameter replaced by the mask."""
    out = copy.deepcopy(connection)
    params = (out.get("auth") or {}).get("params") if isinstance(out.get("auth"), dict) else None
    if not isinstance(params, dict):
        return out
    for name in secret_fields(connection, spec):
        if name in params and params[name] is not None:
            params[name] = MASK
    return out
