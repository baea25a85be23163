"""Profiles: which organisation, sandbox and credentials to use, from the file and environment."""

from __future__ import annotations

from flowtui.config.checks import check_url, secret_of
from flowtui.config.file import (
    CONFIG_FILE_NAME,
    ENV_PROFILE_NAME,
    ConfigFile,
    Profile,
    config_path,
    load_config_file,
    split_scopes,
)
from flowtui.config.resolve import DEMO_HINT, ResolvedConfig, open_session, resolve_config

__all__ = [
    "CONFIG_FILE_NAME",
    "DEMO_HINT",
    "ENV_PROFILE_NAME",
    "ConfigFile",
    "Profile",
    "ResolvedConfig",
    "check_url",
    "config_path",
    "load_config_file",
    "open_session",
    "resolve_config",
    "secret_of",
    "split_scopes",
]
