"""Drafts: edits in progress, kept on disk so a dropped SSH session or a SIGKILL loses nothing.

One JSON file per (profile, sandbox, kind, record id), written atomically with mode 0600 in a
0700 folder. A draft can hold credentials the person typed; it never leaves this disk.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowtui import exactjson
from flowtui.platform_paths import state_dir
from flowtui.private_files import ensure_private_dir, write_private

log = logging.getLogger(__name__)

DRAFT_SUFFIX = ".json"
CORRUPT_SUFFIX = ".corrupt"
_FORMAT = 1


@dataclass
class Draft:
    """An edit in progress: the record as loaded, the etag it started from, the editor's text."""

    profile: str
    org_id: str
    sandbox: str
    kind: str
    """The kind's name (``connections``), as in ``flowtui.api.kinds``."""
    record_id: str
    name: str
    base_etag: str | None
    base: dict[str, Any]
    text: str
    saved_at: float
    """Epoch seconds of the last save."""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.profile, self.sandbox, self.kind, self.record_id)

    def age(self, now: float | None = None) -> float:
        """Seconds since the draft was saved (never negative, even if the clock moved back)."""
        return max(0.0, (time.time() if now is None else now) - self.saved_at)


class DraftFileError(ValueError):
    """A draft file could not be read back: truncated, not JSON, or missing fields."""


def draft_file_name(profile: str, sandbox: str, kind: str, record_id: str) -> str:
    """A stable file name for one record's draft that reveals nothing of the record."""
    key = json.dumps([profile, sandbox, kind, record_id], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + DRAFT_SUFFIX


def draft_to_json(draft: Draft) -> str:
    body = {"format": _FORMAT, **dataclasses.asdict(draft)}
    # exactjson: a number keeps its text (1e400 is not saved as Infinity, nor read back as inf).
    return exactjson.dumps(body, ensure_ascii=False, indent=1)


def draft_from_json(text: str) -> Draft:
    """Parse a draft file; raises DraftFileError with a reason a person can act on."""
    try:
        data = exactjson.loads(text)
    except json.JSONDecodeError as exc:
        raise DraftFileError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except exactjson.TooDeepError as exc:
        raise DraftFileError(f"not readable: {exc}") from None
    if not isinstance(data, dict):
        raise DraftFileError("not a JSON object")
    fields = {f.name for f in dataclasses.fields(Draft)}
    missing = sorted(fields - data.keys())
    if missing:
        raise DraftFileError(f"missing {', '.join(missing)}")
    values = {name: data[name] for name in fields}
    for name in ("profile", "org_id", "sandbox", "kind", "record_id", "name", "text"):
        if not isinstance(values[name], str):
            raise DraftFileError(f"{name} is not a string")
    if values["base_etag"] is not None and not isinstance(values["base_etag"], str):
        raise DraftFileError("base_etag is not a string")
    if not isinstance(values["base"], dict):
        raise DraftFileError("base is not a JSON object")
    saved_at = values["saved_at"]
    if isinstance(saved_at, bool) or not isinstance(saved_at, int | float):
        raise DraftFileError("saved_at is not a number")
    values["saved_at"] = float(saved_at)
    return Draft(**values)


class DraftStore:
    """The drafts folder: save, find, delete and list drafts, never crashing on a bad file."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else state_dir() / "drafts"
        self.set_aside: list[Path] = []
        """Damaged draft files this store moved aside (``*.corrupt``), for the UI to report."""

    def path_for(self, profile: str, sandbox: str, kind: str, record_id: str) -> Path:
        return self.root / draft_file_name(profile, sandbox, kind, record_id)

    def save(self, draft: Draft) -> Path:
        """Write the draft atomically (temp file, fsync, rename), mode 0600 in a 0700 folder."""
        ensure_private_dir(self.root)
        path = self.path_for(*draft.key)
        write_private(path, draft_to_json(draft))
        return path

    def find(self, profile: str, sandbox: str, kind: str, record_id: str) -> Draft | None:
        """The draft of this record, or None; an unreadable file is set aside, not raised."""
        path = self.path_for(profile, sandbox, kind, record_id)
        draft = self._load(path)
        if draft is None or draft.key != (profile, sandbox, kind, record_id):
            return None
        return draft

    def delete(self, profile: str, sandbox: str, kind: str, record_id: str) -> None:
        """Forget the draft of this record (after a submit or a discard); no error if none."""
        self.path_for(profile, sandbox, kind, record_id).unlink(missing_ok=True)

    def all(self) -> list[Draft]:
        """Every readable draft, newest first."""
        if not self.root.is_dir():
            return []
        drafts = [
            draft
            for path in sorted(self.root.glob("*" + DRAFT_SUFFIX))
            if (draft := self._load(path)) is not None
        ]
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts

    def _load(self, path: Path) -> Draft | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self._set_aside(path, f"unreadable ({exc.__class__.__name__})")
            return None
        try:
            return draft_from_json(text)
        except DraftFileError as exc:
            self._set_aside(path, str(exc))
            return None

    def _set_aside(self, path: Path, reason: str) -> None:
        """Keep a bad draft file as ``*.corrupt`` so nothing typed is ever deleted."""
        target = path.with_name(path.name + CORRUPT_SUFFIX)
        counter = 1
        while target.exists():
            counter += 1
            target = path.with_name(f"{path.name}.{counter}{CORRUPT_SUFFIX}")
        try:
            os.replace(path, target)
        except OSError:
            log.warning("Draft file %s is damaged (%s) and could not be moved aside", path, reason)
            return
        self.set_aside.append(target)
        log.warning("Draft file %s is damaged (%s); kept as %s", path, reason, target)
