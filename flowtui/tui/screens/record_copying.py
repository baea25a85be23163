"""Getting things out of a record view: copy a value, the record, a curl command; export a file.

A mixin of RecordScreen. Everything copied or written is the record as shown: credentials the
view masks stay masked, and the curl command carries ``$ACCESS_TOKEN``, never a token.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from textual import on
from textual.screen import Screen

from flowtui.api.kinds import ResourceKind
from flowtui.edits.curl import curl_get, curl_patch
from flowtui.patching import MISSING, pretty_json, resolve
from flowtui.session import Session
from flowtui.store.audit import AuditEntry
from flowtui.tui.clipboard import notify_copy
from flowtui.tui.widgets.command_line import PromptBar, PromptLine
from flowtui.tui.widgets.json_view import JsonText


def export_bar() -> PromptBar:
    """The prompt that asks where ``x`` writes the record."""
    return PromptBar("export to ", id="record-export", placeholder="file path")


def default_export_name(kind: ResourceKind, record: dict[str, Any]) -> str:
    """``flows-<id>.json``: in the current folder, with nothing a path could trip over."""
    record_id = re.sub(r"[^A-Za-z0-9._-]", "_", str(record.get("id") or "record"))
    return f"{kind.name}-{record_id.lstrip('.')}.json"


def write_private(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` readable by its owner only; FileExistsError unless ``overwrite``."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)  # an overwritten file keeps its old mode otherwise
        handle.write(text)


class RecordCopying(Screen[None]):
    """``c`` value, ``C`` record, ``ctrl+y`` curl, ``x`` export; needs the screen's fields."""

    kind: ResourceKind
    record: dict[str, Any]
    session: Session
    pointer: str
    shown: dict[str, Any] | None = None
    _overwrite_asked: Path | None = None
    """The existing file the person was asked about: a second enter on it overwrites."""

    def _shown(self) -> dict[str, Any] | None:
        if self.shown is None:
            self.notify("The record is still loading.", severity="warning")
        return self.shown

    def action_copy_pointer(self) -> None:
        notify_copy(self.app, self.pointer, f"the path {self.pointer or '(root)'}")

    def action_copy_value(self) -> None:
        shown = self._shown()
        if shown is None:
            return
        value = resolve(shown, self.pointer)
        if value is MISSING:
            self.notify(f"Nothing at {self.pointer} to copy.", severity="warning")
            return
        text = value if isinstance(value, str) else pretty_json(value)
        notify_copy(self.app, text, f"the value of {self.pointer or '(root)'}")

    def action_copy_record(self) -> None:
        shown = self._shown()
        if shown is not None:
            notify_copy(self.app, pretty_json(shown) + "\n", "the record's JSON")

    def last_edit(self) -> AuditEntry | None:
        """This session's last accepted PATCH of this record, if it was the last submit."""
        entry = getattr(self.app, "last_submit", None)
        if (
            isinstance(entry, AuditEntry)
            and entry.method == "PATCH"
            and entry.record_id == self.record.get("id")
        ):
            return entry
        return None

    def curl_command(self) -> tuple[str, str]:
        """(command, what it is): the PATCH of the last reviewed edit, else the GET."""
        client = self.session.client
        base = client.settings.flow_service_url
        record_id = str(self.record.get("id", ""))
        where = {"org_id": self.session.org_id, "sandbox": self.session.sandbox}
        entry = self.last_edit()
        if entry is not None:
            command = curl_patch(
                base, self.kind.path, record_id, etag=entry.etag_before, ops=entry.ops, **where
            )
            return command, "the curl command of the last edit (PATCH)"
        return curl_get(base, self.kind.path, record_id, **where), "the curl command (GET)"

    def action_copy_curl(self) -> None:
        command, what = self.curl_command()
        notify_copy(self.app, command + "\n", what)

    # --- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        self._overwrite_asked = None
        name = default_export_name(self.kind, self.record)
        self.query_one("#record-export-bar", PromptBar).open(name)

    @on(PromptLine.Dismissed, "#record-export")
    def _export_dismissed(self, event: PromptLine.Dismissed) -> None:
        event.stop()
        self.query_one("#record-export-bar", PromptBar).close()
        self.query_one(JsonText).focus()

    @on(PromptLine.Submitted, "#record-export")
    def _export_submitted(self, event: PromptLine.Submitted) -> None:
        event.stop()
        bar = self.query_one("#record-export-bar", PromptBar)
        shown = self._shown()
        typed = event.value.strip()
        if shown is None or not typed:
            return
        path = Path(typed).expanduser()
        overwrite = path.exists() and self._overwrite_asked == path
        if path.exists() and not overwrite:
            self._overwrite_asked = path
            self.notify(
                f"{path} exists: enter again to overwrite it, or change the name.",
                severity="warning",
            )
            return
        try:
            write_private(path, pretty_json(shown) + "\n", overwrite=overwrite)
        except OSError as error:
            self.notify(f"Could not write {path}: {error}", severity="error")
            return
        bar.close()
        self.query_one(JsonText).focus()
        self.notify(f"Exported to {path.resolve()} (owner read/write only).")
