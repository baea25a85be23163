"""Running the person's $VISUAL / $EDITOR on a private file, for ``flowtui edit``.

The file is 0600 (it may hold a credential the person types) and removed once read back; the
edit itself is kept in the draft store, not in the temporary file.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from flowtui.commands.failures import usage
from flowtui.edits.editor_command import editor_command


def edit_text(text: str, *, suffix: str = ".json") -> str:
    """Open ``text`` in the editor and return what was saved; a failed editor is a usage error."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="flowtui-edit-", suffix=suffix)
    path = Path(name)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            code = subprocess.call([*command, str(path)])
        except FileNotFoundError:
            raise usage(
                f"cannot start {command[0]!r}: set $VISUAL or $EDITOR to an editor on this machine"
            ) from None
        if code != 0:
            raise usage(f"the editor {command[0]!r} exited with status {code}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise usage(f"the edited file could not be read ({exc.__class__.__name__})") from None
    finally:
        path.unlink(missing_ok=True)
