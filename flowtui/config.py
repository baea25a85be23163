"""Profiles: which organisation, sandbox and credentials to use, from the TOML file and environment.

Precedence, highest first: command-line flags, FLOWTUI_* environment variables, the chosen profile
of the config file, defaults. The environment alone is enough; the file is optional.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import stat
import subprocess
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flowtui.api.auth import token_cache_path
from flowtui.api.errors import ConfigError
from flowtui.api.settings import (
    DEFAULT_IMS_URL,
    DEFAULT_PLATFORM_URL,
    DEFAULT_SCOPES,
    ClientSettings,
)
from flowtui.session import Session
from flowtui.store.paths import config_dir

CONFIG_FILE_NAME = "config.toml"
ENV_PROFILE_NAME = "env"
DEMO_HINT = "To try flowtui without credentials, run: flowtui --demo"
SECRET_COMMAND_TIMEOUT = 30.0

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
    {*_STRING_KEYS, "scopes", "read_only", "protected_sandboxes", "connect_timeout", "read_timeout"}
)
_ENV_FIELDS = {
    "FLOWTUI_ORG_ID": "org_id",
    "FLOWTUI_CLIENT_ID": "client_id",
    "FLOWTUI_CLIENT_SECRET": "client_secret",
    "FLOWTUI_ACCESS_TOKEN": "access_token",
    "FLOWTUI_SANDBOX": "sandbox",
    "FLOWTUI_PLATFORM_URL": "platform_url",
    "FLOWTUI_IMS_URL": "ims_url",
}


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
        elif key in ("scopes", "protected_sandboxes"):
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


def _choose_profile(
    file: ConfigFile | None, wanted: str | None, wanted_from: str, env_complete: bool
) -> Profile | None:
    if wanted:
        if file is not None and wanted in file.profiles:
            return file.profiles[wanted]
        if file is None:
            where = "there is no config file (create one with: flowtui config init)"
        else:
            names = ", ".join(sorted(file.profiles)) or "none"
            where = f"{file.path} has these profiles: {names}"
        raise ConfigError(f"Profile '{wanted}' ({wanted_from}) not found: {where}")
    if file is None:
        return None
    if file.default_profile:
        return file.profiles[file.default_profile]
    if "default" in file.profiles:
        return file.profiles["default"]
    if len(file.profiles) == 1 and not env_complete:
        return next(iter(file.profiles.values()))
    return None


def _env_profile(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for var, key in _ENV_FIELDS.items():
        value = env.get(var, "").strip()
        if value:
            values[key] = value
    if env.get("FLOWTUI_SCOPES", "").strip():
        values["scopes"] = split_scopes(env["FLOWTUI_SCOPES"])
    return values


def check_url(value: str, name: str, origin: str) -> str:
    """``value`` if it is an https URL (or http on loopback); a ConfigError naming it otherwise."""
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigError(f"{name} '{value}' ({origin}) is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(
            f"{name} '{value}' ({origin}) is not a valid URL: expected https://host[:port]"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(
            f"{name} '{value}' ({origin}) must be a plain https://host[:port] URL, "
            "without query, fragment or user"
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigError(
            f"{name} '{value}' ({origin}) uses plain http://, which would send the token in "
            "clear; use https:// (http:// is accepted only for 127.0.0.1, ::1 and localhost)"
        )
    return value.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _run_secret_command(command: str, origin: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"client_secret_command ({origin}) cannot be parsed: {exc}") from None
    if not argv:
        raise ConfigError(f"client_secret_command ({origin}) is empty")
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=SECRET_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError(
            f"client_secret_command ({origin}): program '{argv[0]}' not found"
        ) from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"client_secret_command ({origin}) did not finish in {SECRET_COMMAND_TIMEOUT:.0f} s"
        ) from None
    except OSError as exc:
        raise ConfigError(f"client_secret_command ({origin}) failed: {exc.strerror}") from None
    # The command's output is the secret, and its errors may quote it: show neither.
    if done.returncode != 0:
        raise ConfigError(
            f"client_secret_command ({origin}) failed with exit status {done.returncode}"
        )
    secret = done.stdout.strip()
    if not secret:
        raise ConfigError(f"client_secret_command ({origin}) printed nothing")
    return secret


def _secret_of(profile: Profile, env: Mapping[str, str]) -> str | None:
    if profile.client_secret:
        return profile.client_secret
    if profile.client_secret_env:
        value = env.get(profile.client_secret_env, "").strip()
        if not value:
            raise ConfigError(
                f"The client secret of {profile.origin} is read from the environment variable "
                f"{profile.client_secret_env}, which is not set"
            )
        return value
    if profile.client_secret_command:
        return _run_secret_command(profile.client_secret_command, profile.origin)
    return None


@dataclass(frozen=True)
class ResolvedConfig:
    """Everything needed to connect, after flags, environment and file were combined."""

    settings: ClientSettings
    profile: str
    read_only: bool
    protected_sandboxes: frozenset[str]
    source: str
    """Where the settings came from, for messages."""


_REQUIRED = (
    ("org_id", "org id", "FLOWTUI_ORG_ID"),
    ("client_id", "client id", "FLOWTUI_CLIENT_ID"),
)


def _missing_message(profile: Profile, missing: list[tuple[str, str, str]], path: Path) -> str:
    names = ", ".join(label for _, label, _ in missing)
    variables = ", ".join(var for _, _, var in missing)
    if profile.name == ENV_PROFILE_NAME and profile.origin == "the environment":
        return (
            f"flowtui has no credentials to connect with (missing: {names}). Either create a "
            f"profile: run `flowtui config init`, then edit {path}; or set the environment "
            f"variables {variables}. {DEMO_HINT}"
        )
    keys = ", ".join(key for key, _, _ in missing)
    return (
        f"{profile.origin.capitalize()} lacks {names}: add {keys} there, or set {variables}. "
        f"{DEMO_HINT}"
    )


def resolve_config(
    *,
    profile: str | None = None,
    sandbox: str | None = None,
    read_only: bool = False,
    env: Mapping[str, str] | None = None,
) -> ResolvedConfig:
    """Combine flags, FLOWTUI_* variables and the config file into client settings."""
    source_env: Mapping[str, str] = os.environ if env is None else env
    path = config_path(source_env)
    file = load_config_file(path)
    env_values = _env_profile(source_env)
    env_complete = {"org_id", "client_id"} <= env_values.keys() and bool(
        {"client_secret", "access_token"} & env_values.keys()
    )
    if profile:
        wanted, wanted_from = profile, "from --profile"
    else:
        wanted, wanted_from = source_env.get("FLOWTUI_PROFILE", "").strip(), "from FLOWTUI_PROFILE"
    chosen = _choose_profile(file, wanted or None, wanted_from, env_complete)
    merged = replace(chosen or Profile(name=ENV_PROFILE_NAME), **env_values)

    missing = [item for item in _REQUIRED if not getattr(merged, item[0])]
    secret = None if merged.access_token else _secret_of(merged, source_env)
    if not secret and not merged.access_token:
        missing.append(("client_secret", "client secret", "FLOWTUI_CLIENT_SECRET"))
    if missing:
        raise ConfigError(_missing_message(merged, missing, path))
    assert merged.org_id is not None and merged.client_id is not None

    def origin_of(key: str, var: str) -> str:
        return f"from {var}" if key in env_values else merged.origin

    platform_url = check_url(
        merged.platform_url or DEFAULT_PLATFORM_URL,
        "platform_url",
        origin_of("platform_url", "FLOWTUI_PLATFORM_URL"),
    )
    ims_url = check_url(
        merged.ims_url or DEFAULT_IMS_URL, "ims_url", origin_of("ims_url", "FLOWTUI_IMS_URL")
    )
    chosen_sandbox = (sandbox or merged.sandbox or "prod").strip()
    settings = ClientSettings(
        org_id=merged.org_id,
        client_id=merged.client_id,
        client_secret=secret,
        access_token=merged.access_token,
        sandbox=chosen_sandbox,
        scopes=merged.scopes or DEFAULT_SCOPES,
        platform_url=platform_url,
        ims_url=ims_url,
        profile=merged.name,
        connect_timeout=merged.connect_timeout or 10.0,
        read_timeout=merged.read_timeout or 30.0,
        token_cache=None if merged.access_token else token_cache_path(merged.name),
    )
    protected = merged.protected_sandboxes
    return ResolvedConfig(
        settings=settings,
        profile=merged.name,
        read_only=read_only or merged.read_only,
        protected_sandboxes=frozenset(("prod",) if protected is None else protected),
        source=merged.origin if chosen is not None else "the environment",
    )


def open_session(resolved: ResolvedConfig) -> Session:
    """A session on the real service for resolved settings (nothing is sent until first use)."""
    from flowtui.api.client import FlowServiceClient

    return Session(
        client=FlowServiceClient(resolved.settings),
        profile=resolved.profile,
        org_id=resolved.settings.org_id,
        sandbox=resolved.settings.sandbox,
        read_only=resolved.read_only,
        protected_sandboxes=resolved.protected_sandboxes,
        demo=False,
    )
