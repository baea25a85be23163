"""Combining flags, FLOWTUI_* variables and the config file into client settings and a session.

Precedence, highest first: command-line flags, environment variables, the chosen profile of the
config file, defaults. The environment alone is enough; the file is optional.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flowtui.api.auth import token_cache_path
from flowtui.api.errors import ConfigError
from flowtui.api.settings import (
    DEFAULT_IMS_URL,
    DEFAULT_PLATFORM_URL,
    DEFAULT_SCOPES,
    ClientSettings,
)
from flowtui.config.checks import check_url, secret_of
from flowtui.config.file import (
    ENV_PROFILE_NAME,
    ConfigFile,
    Profile,
    config_path,
    load_config_file,
    split_scopes,
)
from flowtui.session import Session

DEMO_HINT = "To try flowtui without credentials, run: flowtui --demo"
ENV_FIELDS = {
    "FLOWTUI_ORG_ID": "org_id",
    "FLOWTUI_CLIENT_ID": "client_id",
    "FLOWTUI_CLIENT_SECRET": "client_secret",
    "FLOWTUI_ACCESS_TOKEN": "access_token",
    "FLOWTUI_SANDBOX": "sandbox",
    "FLOWTUI_PLATFORM_URL": "platform_url",
    "FLOWTUI_IMS_URL": "ims_url",
}


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
    for var, key in ENV_FIELDS.items():
        value = env.get(var, "").strip()
        if value:
            values[key] = value
    if env.get("FLOWTUI_SCOPES", "").strip():
        values["scopes"] = split_scopes(env["FLOWTUI_SCOPES"])
    return values


@dataclass(frozen=True)
class ResolvedConfig:
    """Everything needed to connect, after flags, environment and file were combined."""

    settings: ClientSettings
    profile: str
    read_only: bool
    protected_sandboxes: frozenset[str]
    source: str
    """Where the settings came from, for messages."""
    sandboxes: tuple[str, ...] = ()
    """The sandboxes the profile names, offered for switching when the service lists none."""


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
    # Only the names of the overridden fields are kept in a variable, never their values, so
    # that no local variable holds a secret if a traceback with locals is ever printed.
    overridden = frozenset(_env_profile(source_env))
    env_complete = {"org_id", "client_id"} <= overridden and bool(
        {"client_secret", "access_token"} & overridden
    )
    if profile:
        wanted, wanted_from = profile, "from --profile"
    else:
        wanted, wanted_from = source_env.get("FLOWTUI_PROFILE", "").strip(), "from FLOWTUI_PROFILE"
    chosen = _choose_profile(file, wanted or None, wanted_from, env_complete)
    merged = replace(chosen or Profile(name=ENV_PROFILE_NAME), **_env_profile(source_env))

    missing = [item for item in _REQUIRED if not getattr(merged, item[0])]
    if not (
        merged.access_token
        or merged.client_secret
        or merged.client_secret_env
        or merged.client_secret_command
    ):
        missing.append(("client_secret", "client secret", "FLOWTUI_CLIENT_SECRET"))
    if missing:
        raise ConfigError(_missing_message(merged, missing, path))
    assert merged.org_id is not None and merged.client_id is not None

    def origin_of(key: str, var: str) -> str:
        return f"from {var}" if key in overridden else merged.origin

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
        # Last: a secret command runs only once everything else is known to be usable.
        client_secret=None if merged.access_token else secret_of(merged, source_env),
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
        sandboxes=merged.sandboxes,
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
        profile_sandboxes=resolved.sandboxes,
    )
