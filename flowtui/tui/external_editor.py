"""Editing a record's text in the person's own $EDITOR, with the UI suspended meanwhile.

The text goes to a private temporary file (0600, it may hold a credential the person typed) that is
removed as soon as the editor exits.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from flowtui.edits.editor_command import editor_command


class ExternalEditorError(Exception):
    """The external editor could not be started or exited with an error; the text is unchanged."""


def edit_in_external_editor(app: App[object], text: str, *, suffix: str = ".json") -> str:
    """Open ``text`` in the external editor and return what the person saved.

    Raises ExternalEditorError (with a message to show) when the editor is missing or fails.
    """
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="flowtui-", suffix=suffix)
    path = Path(name)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            code = _run(app, [*command, str(path)])
        except FileNotFoundError:
            raise ExternalEditorError(
                f"cannot start {command[0]!r}: set $VISUAL or $EDITOR to an editor on this machine"
            ) from None
        if code != 0:
            raise ExternalEditorError(
                f"{command[0]} exited with status {code}; the text in the editor is unchanged"
            )
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExternalEditorError(
            f"the external editor's file could not be used ({exc.__class__.__name__}); "
            "the text in the editor is unchanged"
        ) from None
    finally:
        path.unlink(missing_ok=True)


def _run(app: App[object], command: list[str]) -> int:
    try:
        with app.suspend():
            return subprocess.call(command)
    except SuspendNotSupported:
        if not app.is_headless:
            raise ExternalEditorError(
                "this terminal cannot hand itself to another program"
            ) from None
    # Headless (tests): nothing is on screen to hand over, so run the editor directly.
    return subprocess.call(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
