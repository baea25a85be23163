"""The audit log: every change the service accepted, one JSON line each, for history and undo.

The file is private (0600) and every line is fsynced. Callers pass ops already redacted; values
under keys that look like credentials are scrubbed again here, as a second line of defence.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from flowtui import exactjson
from flowtui.patching.pointers import split
from flowtui.patching.secrets import MASK, looks_like_credential
from flowtui.platform_paths import state_dir
from flowtui.private_files import append_private

log = logging.getLogger(__name__)

Method = Literal["PATCH", "PUT", "ACTION"]
REDACTED = MASK
"""What a scrubbed credential reads as: the same mask the screens show."""


def timestamp(moment: datetime | None = None) -> str:
    """ISO-8601 UTC, second precision with a ``Z``: the form ``AuditEntry.time`` holds."""
    when = (moment or datetime.now(UTC)).astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class AuditEntry:
    """One accepted change: where, what, the etags around it, and what undo needs."""

    time: str
    profile: str
    org_id: str
    sandbox: str
    kind: str
    record_id: str
    name: str
    method: Method
    etag_before: str | None
    etag_after: str | None
    ops: list[dict[str, Any]]
    """Already redacted by the caller (``flowtui.patching.redact_ops``)."""
    request_id: str | None
    previous_body: dict[str, Any] | None = None
    """Specs only: the body before the PUT, so undo can PUT it back."""
    undo_ops: list[dict[str, Any]] | None = None
    """PATCH only: the inverse ops (``flowtui.patching.invert`` of the record as loaded), which
    undo sends guarded by ``etag_after``. Credential values in them are scrubbed, so a credential
    change cannot be undone from here. None in entries written without it."""
    before: dict[str, Any] | None = None
    """PATCH only: the record as loaded before the edit, credentials masked, so that undo can
    rebuild the record as the submit left it (``apply_ops(before, ops)``) for a conflict view."""


def scrub(value: Any, *, under_credential: bool = False) -> Any:
    """A copy of ``value`` with scalar values under credential-like keys replaced by REDACTED.

    Objects under such keys are walked, not replaced: a spec's JSON schema describes a
    ``password`` property with an object, and undo must be able to PUT that schema back.
    """
    if isinstance(value, dict):
        return {
            k: scrub(v, under_credential=looks_like_credential(str(k))) for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, under_credential=under_credential) for item in value]
    if under_credential and isinstance(value, str | int | float) and not isinstance(value, bool):
        return REDACTED
    return value


def scrub_ops(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ops with credential values scrubbed, judging by the op's path as well as nested keys."""
    scrubbed = []
    for op in ops:
        copy = dict(op)
        if "value" in copy:
            try:
                decoded = split(str(copy.get("path", "")))
            except ValueError:  # not a pointer: nested credential keys are still scrubbed
                decoded = []
            # Only the last named segment counts: "/auth/params/password" is a secret, but
            # "/auth/params/password/description" would not be (array indices are skipped).
            named = [s for s in decoded if not s.isdigit() and s != "-"]
            credential = bool(named) and looks_like_credential(named[-1])
            copy["value"] = scrub(copy["value"], under_credential=credential)
        scrubbed.append(copy)
    return scrubbed


def entry_to_json(entry: AuditEntry) -> str:
    data = dataclasses.asdict(entry)
    data["ops"] = scrub_ops(entry.ops)
    if entry.previous_body is not None:
        data["previous_body"] = scrub(entry.previous_body)
    if entry.undo_ops is not None:
        data["undo_ops"] = scrub_ops(entry.undo_ops)
    if entry.before is not None:
        data["before"] = scrub(entry.before)
    # exactjson: a number keeps its text, so an undo restores exactly what the record held.
    return exactjson.dumps(data, ensure_ascii=False, separators=(",", ":"))


def entry_from_json(line: str) -> AuditEntry:
    """Parse one line; raises ValueError when it is not a complete entry."""
    data = exactjson.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    fields = {f.name: f for f in dataclasses.fields(AuditEntry)}
    required = {name for name, f in fields.items() if f.default is dataclasses.MISSING}
    missing = required - data.keys()
    if missing:
        raise ValueError(f"missing {', '.join(sorted(missing))}")
    if data["method"] not in ("PATCH", "PUT", "ACTION"):
        raise ValueError(f"unknown method {data['method']!r}")
    for name in ("ops", "undo_ops"):
        ops = data.get(name)
        if name == "undo_ops" and ops is None:
            continue
        if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
            raise ValueError(f"{name} is not a list of objects")
    for name in ("previous_body", "before"):
        body = data.get(name)
        if body is not None and not isinstance(body, dict):
            raise ValueError(f"{name} is not an object")
    return AuditEntry(**{name: data[name] for name in fields if name in data})


class AuditLog:
    """The JSON-lines audit file: append accepted changes, read them back newest first."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else state_dir() / "audit.jsonl"
        self.skipped = 0
        """How many lines the last ``entries()`` could not read (a torn write, a hand edit)."""

    def append(self, entry: AuditEntry) -> None:
        """Add one entry as one line, mode 0600, on disk before returning."""
        append_private(self.path, entry_to_json(entry))

    def entries(self) -> list[AuditEntry]:
        """Every readable entry, newest first; unreadable lines are counted in ``skipped``."""
        self.skipped = 0
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        found: list[AuditEntry] = []
        for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                found.append(entry_from_json(line))
            except (ValueError, TypeError) as exc:
                self.skipped += 1
                log.warning("Audit log %s line %d skipped: %s", self.path, number, exc)
        found.reverse()
        return found
