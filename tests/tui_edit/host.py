"""A small app that carries a session and opens the editor, recording what it dismisses with."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from flowtui.api.kinds import ResourceKind
from flowtui.session import Session
from flowtui.tui.screens.editor import EditorScreen
from tests.pilot import HostApp

FLOW_ID = "226fb2e1-db69-4760-b67e-9e671e05abfc"
FLOW_SPEC_ID = "6499120c-0b15-42dc-936e-847ea3c24d72"
MAILCHIMP_SPEC_ID = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"


class EditorHost(HostApp):
    """Opens the editor on mount, as the record view does on ``e``."""

    def __init__(
        self, session: Session, kind: ResourceKind, record: dict[str, Any], **options: Any
    ) -> None:
        super().__init__(lambda: EditorScreen(session, kind, record, **options), session)


def editor_of(pilot: Pilot[Any]) -> TextArea:
    return pilot.app.screen.query_one("#editor-text", TextArea)


def replace_text(editor: TextArea, old: str, new: str) -> None:
    """Replace the first ``old`` in the editor with ``new`` through the TextArea's edit API."""
    text = editor.text
    index = text.index(old)
    editor.replace(new, location_of(text, index), location_of(text, index + len(old)))


def location_of(text: str, index: int) -> tuple[int, int]:
    """The (row, column) of a character index, as the TextArea counts them."""
    row = text.count("\n", 0, index)
    return row, index - (text.rfind("\n", 0, index) + 1)
