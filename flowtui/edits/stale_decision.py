"""What becomes of an edit whose record changed on the server meanwhile: one of three results.

The conflict view (flowtui.tui.screens.stale) answers with one; the editor acts on it. Like
ReviewOutcome, each case is its own type, so a case left unhandled is a type error, not a typo
in a string.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowtui.edits.editing import EditSession


@dataclass(frozen=True)
class CarriedOver:
    """The edit now applies to the server's version: a new edit (its base the current record)
    and the text to show."""

    edit: EditSession
    text: str
    review: bool = True
    """Open a new review straight away (False: the person finishes the text by hand)."""


@dataclass(frozen=True)
class Discarded:
    """The person threw the edit away (after confirming)."""


@dataclass(frozen=True)
class KeptAsIs:
    """Back to the editor with the edit unchanged (still against the old version)."""


StaleDecision = CarriedOver | Discarded | KeptAsIs
"""What the conflict view dismisses with."""
