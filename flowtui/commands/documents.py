"""The files a command reads: a record (FILE or ``-``) and a list of patch ops.

A record file may lack the fields the service owns (id, etag, timestamps...): those absent are
taken from the record as read, so a hand-written file need not copy them. A field that is
present and different is still refused by the read-only guard.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from flowtui.api.kinds import ResourceKind
from flowtui.commands.failures import refused, usage
from flowtui.commands.workflow import JsonObject
from flowtui.patching import MISSING, parse_json, resolve
from flowtui.patching.pointers import join, split


@dataclass(frozen=True)
class InputDocument:
    """A parsed JSON file and where it came from (for messages)."""

    value: Any
    source: str


def read_json(path: str, *, stdin: TextIO | None = None) -> InputDocument:
    """Read and parse ``path`` (``-`` is stdin); a parse error names the line and column."""
    source = "stdin" if path == "-" else path
    try:
        text = (stdin or sys.stdin).read() if path == "-" else Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise usage(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise usage(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    parsed = parse_json(text)
    if parsed.error is not None:
        where = f"line {parsed.line + 1}, column {parsed.column + 1}"
        raise refused(f"{source} is not JSON ({where}): {parsed.error}")
    return InputDocument(parsed.value, source)


def record_of(document: InputDocument) -> JsonObject:
    """The document as a record (a JSON object; a ``get`` of an ``items`` list is unwrapped)."""
    value = document.value
    if isinstance(value, dict) and set(value) == {"items"} and isinstance(value["items"], list):
        if len(value["items"]) != 1:
            raise refused(f"{document.source} holds {len(value['items'])} records, not one")
        value = value["items"][0]
    if not isinstance(value, dict):
        raise refused(f"{document.source} must hold one record, a JSON object")
    return value


def ops_of(document: InputDocument) -> list[JsonObject]:
    """The document as a JSON Patch: a list of objects with an ``op`` and a ``path``."""
    value = document.value
    if not isinstance(value, list) or not all(
        isinstance(op, dict) and isinstance(op.get("path"), str) and "op" in op for op in value
    ):
        raise refused(
            f'{document.source} must be a JSON Patch: [{{"op": "replace", "path": "/name", '
            '"value": "..."}, ...]'
        )
    return value


def file_etag(record: JsonObject) -> str | None:
    """The etag a file carries (as ``flowtui get`` printed it), or None."""
    etag = record.get("etag")
    return etag if isinstance(etag, str) and etag else None


def with_service_fields(kind: ResourceKind, record: JsonObject, current: JsonObject) -> JsonObject:
    """``record`` with every read-only field it lacks copied from ``current``."""
    filled = dict(record)
    for pointer in kind.read_only:
        tokens = split(pointer)
        if len(tokens) != 1:
            continue  # nested service fields come with their parent
        name = tokens[0]
        if name not in filled:
            value = resolve(current, join(tokens))
            if value is not MISSING:
                filled[name] = value
    return filled
