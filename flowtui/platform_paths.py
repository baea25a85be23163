"""Where flowtui keeps its files: the platform's folders, overridable for tests and odd setups.

Imports nothing from flowtui, so every layer (the wire included) may use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "flowtui"


def _dir(env_name: str, default: str, env: Mapping[str, str] | None) -> Path:
    source = os.environ if env is None else env
    override = source.get(env_name)
    return Path(override).expanduser() if override else Path(default)


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """Folder of config.toml (FLOWTUI_CONFIG names the file itself, see flowtui.config)."""
    return _dir("FLOWTUI_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME), env)


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    """Drafts and the audit log: things that must survive a restart."""
    return _dir("FLOWTUI_STATE_DIR", platformdirs.user_state_dir(APP_NAME), env)


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Token cache: losing it costs one token request, nothing more."""
    return _dir("FLOWTUI_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME), env)
