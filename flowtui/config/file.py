"""The config file: where it lives, its [profiles.NAME] tables, and refusing an unsafe one.

Every problem is a ConfigError naming the file (and the line, where one can be found).
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowtui.api.errors import ConfigError
from flowtui.config.permissions import check_config_file
from flowtui.platform_paths import config_dir

CONFIG_FILE_NAME = "config.toml"
ENV_PROFILE_NAME = "env"

_STRING_KEYS = (
    "org_id",
    "client_id",
    "client_secret",
    "client_secret_env",
    "client_secret_command",
    "access_token",
    "sandbox",
    "platform_url",
    "ims_url",
)
_KNOWN_KEYS = frozenset(
    {
        *_STRING_KEYS,
        "scopes",
        "read_only",
        "protected_sandboxes",
        "sandboxes",
        "connect_timeout",
        "read_timeout",
    }
)


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The config file: FLOWTUI_CONFIG if set, else config.toml in the platform config folder."""
    source = os.environ if env is None else env
    override = source.get("FLOWTUI_CONFIG")
    if override:
        return Path(override).expanduser()
    return config_dir(env) / CONFIG_FILE_NAME


@dataclass(frozen=True)
class Profile:
    """One ``[profiles.NAME]`` table, or the environment's stand-in for one; secrets unshown."""

    name: str
    org_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    client_secret_env: str | None = None
    client_secret_command: str | None = None
    access_token: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] | None = None
    sandbox: str | None = None
    platform_url: str | None = None
    ims_url: str | None = None
    read_only: bool = False
    protected_sandboxes: tuple[str, ...] | None = None
    sandboxes: tuple[str, ...] = ()
    """Sandboxes to offer for switching when the service will not list them."""
    connect_timeout: float | None = None
    read_timeout: float | None = None
    origin: str = "the environment"
    """Where it was read, for messages: ``profile 'work' in /path/config.toml``."""


@dataclass(frozen=True)
class ConfigFile:
    """The parsed config file: its profiles and which one is the default."""

    path: Path
    profiles: dict[str, Profile]
    default_profile: str | None
    text: str = field(default="", repr=False)


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _where(path: Path, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{path}, line {line}" if line else str(path)


def split_scopes(value: str) -> tuple[str, ...]:
    """Scopes given as one string, separated by commas or spaces."""
    return tuple(part for part in re.split(r"[,\s]+", value) if part)


def _profile_from_table(name: str, table: Any, path: Path, text: str) -> Profile:
    if not isinstance(table, dict):
        raise ConfigError(f"{_where(path, text, name)}: profile '{name}' must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = _where(path, text, key)
        if key not in _KNOWN_KEYS:
            known = ", ".join(sorted(_KNOWN_KEYS))
            raise ConfigError(f"{where}: unknown key '{key}' in profile '{name}' (known: {known})")
        if key in _STRING_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{where}: '{key}' in profile '{name}' must be a string")
            values[key] = value.strip() or None
        elif key == "read_only":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'read_only' in profile '{name}' must be true or false")
            values[key] = value
        elif key in ("scopes", "protected_sandboxes", "sandboxes"):
            if isinstance(value, str):
                values[key] = split_scopes(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                values[key] = tuple(v.strip() for v in value if v.strip())
            else:
                raise ConfigError(f"{where}: '{key}' in profile '{name}' must be a list of strings")
        else:  # timeouts
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"{where}: '{key}' in profile '{name}' must be seconds above 0")
            values[key] = float(value)
    return Profile(name=name, origin=f"profile '{name}' in {path}", **values)


def _check_permissions(path: Path, profiles: Mapping[str, Profile]) -> None:
    """Refuse a file holding a secret that others can read, as ssh does with private keys."""
    if os.name != "posix" or not any(p.client_secret or p.access_token for p in profiles.values()):
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{path} holds a client secret and can be read by other users (mode {mode:o}); "
            f"flowtui will not use it until you run: chmod 600 {shlex.quote(str(path))}"
        )


def load_config_file(path: Path) -> ConfigFile | None:
    """The parsed file at ``path``, None when there is none; ConfigError when it is unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}") from None
    check_config_file(path)
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"The config file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"profiles", "default_profile"})
    if unknown:
        raise ConfigError(
            f"{_where(path, text, unknown[0])}: unknown top-level key '{unknown[0]}' "
            "(expected default_profile and [profiles.NAME] tables)"
        )
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{_where(path, text, 'profiles')}: 'profiles' must be a table")
    profiles = {name: _profile_from_table(name, t, path, text) for name, t in tables.items()}
    default = data.get("default_profile")
    if default is not None and not isinstance(default, str):
        raise ConfigError(f"{_where(path, text, 'default_profile')}: must be a profile name")
    if default is not None and default not in profiles:
        raise ConfigError(
            f"{_where(path, text, 'default_profile')}: default_profile '{default}' has no "
            f"[profiles.{default}] table"
        )
    _check_permissions(path, profiles)
    return ConfigFile(path=path, profiles=profiles, default_profile=default, text=text)
