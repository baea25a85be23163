"""Refusing files that other users can change: the config file and the program it names to run.

Whoever can write the config file chooses where the token goes and which command prints the
client secret; whoever can write that command's program runs code as you. Like ssh with its
config and keys, flowtui refuses such files and prints the ``chmod`` that fixes them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
from pathlib import Path

from flowtui.api.errors import ConfigError

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _owner_ok(uid: int) -> bool:
    return uid in (os.getuid(), 0)


def refuse_if_others_can_write(path: Path, what: str, *, consequence: str) -> None:
    """ConfigError when ``path`` (followed through symlinks) is writable by group or others, or
    belongs to another user; ``what`` names it and ``consequence`` says what flowtui would do."""
    if os.name != "posix":
        return
    try:
        info = path.stat()
    except OSError:
        return  # a missing or unreadable file is reported by whoever reads it
    real = path.resolve()
    quoted = shlex.quote(str(real))
    mode = stat.S_IMODE(info.st_mode)
    if mode & _OTHERS_WRITE:
        raise ConfigError(
            f"{what} {real} can be changed by other users (mode {mode:o}), and flowtui "
            f"{consequence}; it will not until you run: chmod go-w {quoted}"
        )
    if not _owner_ok(info.st_uid):
        raise ConfigError(
            f"{what} {real} belongs to another user (uid {info.st_uid}), and flowtui "
            f"{consequence}; use a copy you own (or have root own it)"
        )


def check_config_file(path: Path) -> None:
    """Refuse a config file that other users can change, or that sits in a folder anyone can."""
    refuse_if_others_can_write(
        path,
        "The config file",
        consequence="would take its credentials, URLs and secret command from it",
    )
    folder = path.resolve().parent
    try:
        info = folder.stat()
    except OSError:
        return
    # Only a folder anyone may write to (a group-writable one is common with umask 002).
    sticky = bool(info.st_mode & stat.S_ISVTX)
    if info.st_mode & stat.S_IWOTH and not sticky:
        raise ConfigError(
            f"The folder {folder} of the config file can be changed by any user (mode "
            f"{stat.S_IMODE(info.st_mode):o}), so they could replace the file; flowtui will not "
            f"use it until you run: chmod o-w {shlex.quote(str(folder))}"
        )


def check_secret_program(argv0: str, origin: str) -> str:
    """The program a ``client_secret_command`` runs, resolved on PATH; refused if others can
    change it. Returns the path to run."""
    found = shutil.which(argv0)
    if found is None:
        raise ConfigError(f"client_secret_command ({origin}): program '{argv0}' not found")
    refuse_if_others_can_write(
        Path(found),
        f"The program of client_secret_command ({origin})",
        consequence="would run it to get your client secret",
    )
    return found
