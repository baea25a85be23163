"""``flowtui config path|init|import-aepp``: show, create and fill the config file.

None of them overwrites anything a person wrote: init refuses an existing file, and import-aepp
adds a profile only under a new name.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any, TextIO

from flowtui.api.errors import ConfigError
from flowtui.config import config_path, load_config_file, split_scopes
from flowtui.private_files import write_private

TEMPLATE = """\
# flowtui configuration: one [profiles.NAME] table per organisation or sandbox.
# Choose one with `flowtui --profile NAME` or FLOWTUI_PROFILE; FLOWTUI_* environment
# variables override anything here. Keep this file private: chmod 600 (flowtui refuses a
# file holding a client secret that other users can read).

# default_profile = "work"

# [profiles.work]
# org_id = "0123456789ABCDEF01234567@AdobeOrg"
# client_id = "your OAuth server-to-server client id (also sent as x-api-key)"
#
# The client secret: give exactly one of these three.
# client_secret = "p8e-..."                      # stored here (chmod 600 this file)
# client_secret_env = "AEP_CLIENT_SECRET"        # the name of an environment variable
# client_secret_command = "pass show aep/work"   # a command that prints it
#
# scopes = ["openid", "session", "AdobeID", "read_organizations",
#           "additional_info.projectedProductContext"]
# sandbox = "prod"
# platform_url = "https://platform.adobe.io"
# ims_url = "https://ims-na1.adobelogin.com"
# read_only = false                  # true hides every edit and action
# protected_sandboxes = ["prod"]     # sandboxes that ask for extra confirmation
# sandboxes = ["prod", "dev"]        # what :sandbox offers when the service will not list them
# connect_timeout = 10               # seconds
# read_timeout = 30                  # seconds
"""

_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _aepp_field(data: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value.strip() and not value.strip().startswith("<"):
            return value.strip()
    return None


def profile_from_aepp(data: Any, source: Path) -> dict[str, Any]:
    """The profile fields of an aepp JSON config (org_id, client_id/api_key, secret, ...)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source} is not an aepp config: expected a JSON object")
    fields: dict[str, Any] = {
        "org_id": _aepp_field(data, "org_id", "ims_org_id"),
        "client_id": _aepp_field(data, "client_id", "api_key"),
        "client_secret": _aepp_field(data, "secret", "client_secret"),
        "sandbox": _aepp_field(data, "sandbox-name", "sandbox_name", "sandbox"),
    }
    missing = [key for key in ("org_id", "client_id", "client_secret") if not fields[key]]
    if missing:
        raise ConfigError(
            f"{source} lacks {', '.join(missing)} (aepp names: org_id, client_id or api_key, "
            "secret or client_secret); nothing was imported"
        )
    scopes = data.get("scopes")
    if isinstance(scopes, str) and split_scopes(scopes):
        fields["scopes"] = list(split_scopes(scopes))
    elif isinstance(scopes, list) and all(isinstance(s, str) for s in scopes) and scopes:
        fields["scopes"] = scopes
    if str(data.get("environment", "prod")).lower() == "stage":
        fields["platform_url"] = "https://platform-stage.adobe.io"
        fields["ims_url"] = "https://ims-na1-stg1.adobelogin.com"
    return {key: value for key, value in fields.items() if value}


def profile_toml(name: str, fields: dict[str, Any]) -> str:
    """A ``[profiles.NAME]`` table holding ``fields``."""
    lines = [f"[profiles.{name}]"]
    for key, value in fields.items():
        if isinstance(value, list):
            rendered = "[" + ", ".join(_toml_string(v) for v in value) + "]"
        else:
            rendered = _toml_string(str(value))
        lines.append(f"{key} = {rendered}")
    return "\n".join(lines) + "\n"


def _path(out: TextIO) -> int:
    path = config_path()
    print(path, file=out)
    return 0


def _init(out: TextIO, err: TextIO) -> int:
    path = config_path()
    if path.exists():
        print(f"{path} already exists; flowtui config init never overwrites it.", file=err)
        return 1
    write_private(path, TEMPLATE)
    print(f"Wrote a commented template to {path}; edit it to add a profile.", file=out)
    return 0


def _import_aepp(file: str, name: str | None, out: TextIO) -> int:
    source = Path(file).expanduser()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read {source}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source} is not valid JSON: {exc}") from None
    fields = profile_from_aepp(data, source)
    profile = name or fields.get("sandbox") or "aepp"
    if not _PROFILE_NAME.match(profile):
        raise ConfigError(
            f"'{profile}' cannot be a profile name (letters, digits, '-' and '_'); pick one "
            "with --as NAME"
        )
    path = config_path()
    existing = load_config_file(path)
    if existing is not None and profile in existing.profiles:
        raise ConfigError(
            f"{path} already has a profile '{profile}'; nothing was changed. Choose another "
            "name with --as NAME"
        )
    table = profile_toml(profile, fields)
    if existing is None:
        text = f'default_profile = "{profile}"\n\n{table}'
    else:
        text = existing.text.rstrip("\n") + "\n\n" + table
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # e.g. a name clash with a dotted key
        raise ConfigError(
            f"Adding the profile would make {path} invalid ({exc}); unchanged"
        ) from None
    write_private(path, text)
    print(f"Added profile '{profile}' to {path} (written with mode 600).", file=out)
    return 0


def run_config_command(
    args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run one ``flowtui config`` action; 0 on success, 1 with a message on stderr otherwise."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.config_command == "path":
            return _path(out)
        if args.config_command == "init":
            return _init(out, err)
        if args.config_command == "import-aepp":
            return _import_aepp(args.file, args.profile_name, out)
    except ConfigError as exc:
        print(f"flowtui: {exc}", file=err)
        return 1
    print(f"flowtui: unknown config action {args.config_command!r}", file=err)
    return 2
