"""Checks on a profile: URLs safe to send a token to, and where its secret comes from."""

from __future__ import annotations

import ipaddress
import shlex
import subprocess
from collections.abc import Mapping
from urllib.parse import urlsplit

from flowtui.api.errors import ConfigError
from flowtui.config.file import Profile
from flowtui.config.permissions import check_secret_program

SECRET_COMMAND_TIMEOUT = 30.0


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
    argv[0] = check_secret_program(argv[0], origin)
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


def secret_of(profile: Profile, env: Mapping[str, str]) -> str | None:
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
