"""Draft autosave: when an edit's text is written to disk, and the writing itself.

The promise: a SIGKILL or a dropped SSH link mid-sentence loses at most DRAFT_MAX_WAIT seconds
of typing. The text is written once typing pauses for DRAFT_DELAY, but never later than
DRAFT_MAX_WAIT after the first change not yet on disk. The clocks are injectable so that promise
is tested without sleeping; the caller (the editor screen) owns the timer that fires the write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flowtui.edits.editing import EditSession
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore

DRAFT_DELAY = 0.5
"""Seconds after the last change before the draft is written."""
DRAFT_MAX_WAIT = 1.0
"""Seconds after the first unsaved change by which the draft is written, even while typing."""


@dataclass
class DraftAutosave:
    """One editor's draft: its write schedule, and the write or delete of its file."""

    session: Session
    kind_name: str
    store: DraftStore
    clock: Callable[[], float] = time.monotonic
    """Measures the pauses (monotonic: a changed wall clock cannot stretch them)."""
    wall_clock: Callable[[], float] = time.time
    """Stamps the draft's ``saved_at`` (shown as "saved 3 minutes ago")."""
    delay: float = DRAFT_DELAY
    max_wait: float = DRAFT_MAX_WAIT
    unsaved_since: float | None = field(default=None, init=False)
    """When the first change not yet on disk was made (by ``clock``), or None."""
    wrote_a_draft: bool = field(default=False, init=False)
    """Only a draft this editor wrote is deleted when the text goes back to the record."""

    def changed(self) -> float:
        """Note a change now; return in how many seconds the draft must be written."""
        now = self.clock()
        if self.unsaved_since is None:
            self.unsaved_since = now
        return min(self.delay, max(0.0, self.unsaved_since + self.max_wait - now))

    def write(self, edit: EditSession, text: str, start_text: str, *, holds_secret: bool) -> str:
        """Keep ``text`` on disk (0600), or remove our draft if it is the start text again.

        Returns the note the status line shows; a failed write says so and never raises.
        """
        self.unsaved_since = None
        try:
            if text == start_text:
                if self.wrote_a_draft:
                    self.delete(edit.record_id)
                return ""
            session = self.session
            self.store.save(
                Draft(
                    profile=session.profile,
                    org_id=session.org_id,
                    sandbox=session.sandbox,
                    kind=self.kind_name,
                    record_id=edit.record_id,
                    name=edit.name,
                    base_etag=edit.base_etag,
                    base=edit.base,
                    text=text,
                    saved_at=self.wall_clock(),
                )
            )
        except OSError as exc:
            return f"draft NOT saved ({exc.__class__.__name__})"
        self.wrote_a_draft = True
        return "draft saved (has a credential: 0600, local)" if holds_secret else "draft saved"

    def delete(self, record_id: str) -> None:
        """Remove this record's draft (the edit was submitted or discarded)."""
        session = self.session
        self.store.delete(session.profile, session.sandbox, self.kind_name, record_id)
