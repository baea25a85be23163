"""Which fields of a record are credentials, and how to keep them out of screens and logs."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any, Final

from flowtui.patching.pointers import MISSING, child, is_within, resolve, split

MASK: Final = "********"
"""Shown instead of a secret value."""

# A field holds a credential when its name (lower-cased, without _ - . or spaces) ends with one
# of these: ``accessToken`` and ``clientSecret`` do, ``tokenUrl``, ``credentialType`` and
# ``passwordRequired`` (settings about a secret) do not. Used wherever the spec is unknown: the
# screens mask by it and the audit log scrubs by it, so the two never disagree.
CREDENTIAL_NAME_ENDINGS: Final = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "secretkey",
    "accesskey",
    "accountkey",
    "privatekey",
    "apikey",
    "saskey",
    "connectionstring",
    "sasuri",
    "credential",
    "credentials",
    "authorization",
)
_NAME_SEPARATORS = re.compile(r"[_\-.\s]")


def looks_like_credential(name: str) -> bool:
    """Whether a field called ``name`` probably holds a secret (password, apiKey, sasToken...)."""
    return _NAME_SEPARATORS.sub("", name).lower().endswith(CREDENTIAL_NAME_ENDINGS)


# Where a record keeps values described by a part of its connection spec.
_PARAM_SPECS = (("/params", "targetSpec"), ("/params", "sourceSpec"))


def auth_schemas(record: Any, connection_spec: Any) -> list[dict[str, Any]]:
    """The authSpec schemas that apply to ``record``: the one named by auth.specName, or all."""
    if not isinstance(connection_spec, dict):
        return []
    entries = [
        entry
        for entry in connection_spec.get("authSpec") or []
        if isinstance(entry, dict) and isinstance(entry.get("spec"), dict)
    ]
    wanted = resolve(record, "/auth/specName")
    named = [entry for entry in entries if entry.get("name") == wanted]
    chosen = named or entries
    return [entry["spec"] for entry in chosen]


def params_schema(connection_spec: Any, section: str) -> dict[str, Any] | None:
    """The JSON Schema of ``section`` (targetSpec or sourceSpec) in a connection spec."""
    if not isinstance(connection_spec, dict):
        return None
    part = connection_spec.get(section)
    schema = part.get("spec") if isinstance(part, dict) else None
    return schema if isinstance(schema, dict) else None


def _schema_password_pointers(schema: Any, prefix: str, found: set[str], depth: int = 0) -> None:
    if not isinstance(schema, dict) or depth > 20:
        return
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            if isinstance(sub, dict):
                pointer = child(prefix, name)
                if sub.get("format") == "password":
                    found.add(pointer)
                _schema_password_pointers(sub, pointer, found, depth + 1)
    for keyword in ("if", "then", "else"):
        _schema_password_pointers(schema.get(keyword), prefix, found, depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword) or []:
            _schema_password_pointers(sub, prefix, found, depth + 1)


def _named_secret_pointers(record: Any, prefix: str, found: set[str]) -> None:
    params = resolve(record, prefix)
    if isinstance(params, dict):
        for name, value in params.items():
            pointer = child(prefix, name)
            if looks_like_credential(name):
                found.add(pointer)
            elif isinstance(value, dict):
                _named_secret_pointers(record, pointer, found)


def secret_pointers(record: Any, connection_spec: Any = None) -> set[str]:
    """Pointers of credential fields: ``format: password`` in the spec, plus secret-looking names.

    Pointers from the spec are included even when the record lacks the field, so an op that
    adds one is still redacted.
    """
    found: set[str] = set()
    for schema in auth_schemas(record, connection_spec):
        _schema_password_pointers(schema, "/auth/params", found)
    for prefix, section in _PARAM_SPECS:
        _schema_password_pointers(params_schema(connection_spec, section), prefix, found)
    _named_secret_pointers(record, "/auth/params", found)
    _named_secret_pointers(record, "/params", found)
    return found


def _set(doc: Any, tokens: list[str], value: Any) -> None:
    target = doc
    for token in tokens[:-1]:
        target = target[int(token)] if isinstance(target, list) else target[token]
    last = tokens[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def mask_secrets(doc: Any, pointers: Iterable[str]) -> Any:
    """A copy of ``doc`` with each present secret replaced by :data:`MASK`, for display."""
    result = copy.deepcopy(doc)
    for pointer in pointers:
        if pointer and resolve(result, pointer) is not MISSING:
            _set(result, split(pointer), MASK)
    return result


def redact_ops(ops: list[dict[str, Any]], pointers: Iterable[str]) -> list[dict[str, Any]]:
    """A copy of ``ops`` whose values at or containing a secret pointer are masked."""
    secrets = [pointer for pointer in pointers if pointer]
    redacted: list[dict[str, Any]] = []
    for op in ops:
        op = dict(op)
        path = op.get("path")
        if "value" in op and isinstance(path, str):
            if any(is_within(path, secret) for secret in secrets):
                op["value"] = MASK
            else:
                inner = [secret[len(path) :] for secret in secrets if is_within(secret, path)]
                if inner:
                    op["value"] = mask_secrets(op["value"], inner)
        redacted.append(op)
    return redacted
