"""Copying text out of flowtui so that it arrives, and saying where it went.

Over SSH the only clipboard is the terminal's, reached by OSC 52. Inside tmux that is not
enough: with tmux's default ``set-clipboard external`` an OSC 52 written by an application is
dropped (tried with tmux 3.3a: nothing reaches ``tmux list-buffers``), so under $TMUX the text
goes to ``tmux load-buffer -w -``, which fills tmux's buffer and lets tmux forward it to the
outer terminal. Where no clipboard can be reached the text is written to a 0600 file in the
state folder and the notice says so: a copy never succeeds silently into nowhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.notifications import SeverityLevel

from flowtui.platform_paths import state_dir

TMUX_TIMEOUT = 2.0
"""Seconds ``tmux load-buffer`` may take before the copy falls back to a file."""

TO_TMUX = "copied to the tmux buffer and the terminal clipboard"
TO_TERMINAL = "sent to the terminal clipboard (OSC 52): your terminal must allow it"


@dataclass(frozen=True)
class CopyOutcome:
    """Where a copy went: ``message`` completes "<what> …"; ``path`` when it went to a file."""

    message: str
    path: Path | None = None
    failed: bool = False


def _to_tmux(text: str) -> str | None:
    """None when tmux took the text; otherwise why it did not."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return "$TMUX is set but no tmux command was found"
    try:
        done = subprocess.run(
            [tmux, "load-buffer", "-w", "-"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"tmux load-buffer failed: {error}"
    if done.returncode != 0:
        return "tmux load-buffer failed: " + done.stderr.decode("utf-8", "replace").strip()
    return None


def _to_file(text: str, what: str, env: Mapping[str, str] | None) -> Path:
    folder = state_dir(env) / "clipboard"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", what).strip("-") or "copy"
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}.{time.time_ns() % 1_000_000_000:09d}"
    path = folder / f"{stamp}-{slug[:60]}.txt"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)
    return path


def terminal_can_copy(env: Mapping[str, str], headless: bool) -> bool:
    """Whether an OSC 52 has a terminal to go to: not headless, and TERM is not dumb or unset."""
    term = env.get("TERM", "")
    return not headless and term not in ("", "dumb")


def copy_text(
    app: App[object], text: str, what: str, env: Mapping[str, str] | None = None
) -> CopyOutcome:
    """Copy ``text`` by the first route that reaches a clipboard: tmux, OSC 52, else a file."""
    source = os.environ if env is None else env
    reasons: list[str] = []
    if source.get("TMUX"):
        problem = _to_tmux(text)
        if problem is None:
            app.copy_to_clipboard(text)  # also the app's own clipboard, for pasting in flowtui
            return CopyOutcome(TO_TMUX)
        reasons.append(problem)
    elif terminal_can_copy(source, app.is_headless):
        app.copy_to_clipboard(text)
        return CopyOutcome(TO_TERMINAL)
    else:
        reasons.append("no terminal clipboard (TERM is dumb or there is no terminal)")
    try:
        path = _to_file(text, what, env)
    except OSError as error:
        return CopyOutcome(
            f"could not be copied: {'; '.join(reasons)}; and writing a file failed: {error}",
            failed=True,
        )
    return CopyOutcome(f"written to {path} ({'; '.join(reasons)})", path=path)


def notify_copy(app: App[object], text: str, what: str) -> CopyOutcome:
    """Copy and tell the person where it went (a warning when it is only in a file)."""
    outcome = copy_text(app, text, what)
    severity: SeverityLevel = (
        "error" if outcome.failed else "warning" if outcome.path else "information"
    )
    app.notify(f"{what[:1].upper()}{what[1:]} {outcome.message}", severity=severity, markup=False)
    return outcome
