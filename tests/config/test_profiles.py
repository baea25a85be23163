"""Profiles: the file, the environment and the flags combine in that order of strength."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from flowtui.api import ConfigError
from flowtui.api.auth import token_cache_path
from flowtui.config import config_path, open_session, resolve_config

SECRET = "p8e-very-secret-value"
ENV_ALONE = {
    "FLOWTUI_ORG_ID": "ENVORG@AdobeOrg",
    "FLOWTUI_CLIENT_ID": "env-client",
    "FLOWTUI_CLIENT_SECRET": SECRET,
}


def env(values: dict[str, str] | None = None, **more: str) -> dict[str, str]:
    """An environment holding ``values``, plus the test's private folders (from conftest)."""
    folders = {
        k: v for k, v in os.environ.items() if k.startswith("FLOWTUI_") and k.endswith("_DIR")
    }
    return {**folders, **(values or {}), **more}


def write_config(text: str, mode: int = 0o600) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


TWO_PROFILES = f"""
default_profile = "work"

[profiles.work]
org_id = "WORK@AdobeOrg"
client_id = "work-client"
client_secret = "{SECRET}"
sandbox = "dev"
scopes = ["openid", "AdobeID"]
protected_sandboxes = ["prod", "staging"]

[profiles.audit]
org_id = "AUDIT@AdobeOrg"
client_id = "audit-client"
client_secret_env = "AUDIT_SECRET"
read_only = true
platform_url = "https://platform-va7.adobe.io/"
"""


def test_environment_alone_is_enough() -> None:
    resolved = resolve_config(env=env(ENV_ALONE))
    settings = resolved.settings
    assert (settings.org_id, settings.client_id, settings.client_secret) == (
        "ENVORG@AdobeOrg",
        "env-client",
        SECRET,
    )
    assert settings.sandbox == "prod"
    assert settings.platform_url == "https://platform.adobe.io"
    assert settings.ims_url == "https://ims-na1.adobelogin.com"
    assert resolved.protected_sandboxes == frozenset({"prod"})
    assert resolved.source == "the environment"


def test_nothing_configured_says_what_is_missing_and_how_to_start() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env())
    message = str(caught.value)
    for expected in ("org id", "client id", "client secret", "flowtui config init"):
        assert expected in message
    assert "flowtui --demo" in message
    assert "FLOWTUI_CLIENT_SECRET" in message


def test_default_profile_is_read_from_the_file() -> None:
    write_config(TWO_PROFILES)
    resolved = resolve_config(env=env())
    assert resolved.profile == "work"
    assert resolved.settings.sandbox == "dev"
    assert resolved.settings.scopes == ("openid", "AdobeID")
    assert resolved.protected_sandboxes == frozenset({"prod", "staging"})
    assert resolved.settings.token_cache == token_cache_path("work")


def test_environment_overrides_the_file_and_flags_override_both() -> None:
    write_config(TWO_PROFILES)
    cfg_env = env(
        {
            "FLOWTUI_SANDBOX": "qa",
            "FLOWTUI_CLIENT_ID": "override-client",
            "FLOWTUI_SCOPES": "a, b",
        }
    )
    resolved = resolve_config(env=cfg_env)
    assert resolved.settings.sandbox == "qa"
    assert resolved.settings.client_id == "override-client"
    assert resolved.settings.org_id == "WORK@AdobeOrg"
    assert resolved.settings.scopes == ("a", "b")
    flagged = resolve_config(env=cfg_env, sandbox="hotfix", read_only=True)
    assert flagged.settings.sandbox == "hotfix"
    assert flagged.read_only is True


def test_profile_flag_beats_the_profile_variable() -> None:
    write_config(TWO_PROFILES)
    cfg_env = env({"FLOWTUI_PROFILE": "work", "AUDIT_SECRET": "from-env-var"})
    assert resolve_config(env=cfg_env).profile == "work"
    chosen = resolve_config(env=cfg_env, profile="audit")
    assert chosen.profile == "audit"
    assert chosen.settings.client_secret == "from-env-var"
    assert chosen.read_only is True
    assert chosen.settings.platform_url == "https://platform-va7.adobe.io"


def test_missing_profile_names_the_file_and_the_profiles_in_it() -> None:
    path = write_config(TWO_PROFILES)
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env({}), profile="prod-eu")
    message = str(caught.value)
    assert "'prod-eu'" in message and str(path) in message
    assert "audit, work" in message


def test_missing_profile_without_a_file_says_how_to_create_one() -> None:
    with pytest.raises(ConfigError, match="flowtui config init"):
        resolve_config(env=env({"FLOWTUI_PROFILE": "work"}))


def test_secret_from_an_unset_variable_names_the_variable() -> None:
    write_config(TWO_PROFILES)
    with pytest.raises(ConfigError, match="AUDIT_SECRET"):
        resolve_config(env=env({}), profile="audit")


def secret_command(tmp_path: Path, body: str) -> str:
    """A config line running a small Python script with ``body``."""
    script = tmp_path / "print_secret.py"
    script.write_text(body)
    return f'client_secret_command = "{sys.executable} {script}"\n'


def test_secret_from_a_command(tmp_path: Path) -> None:
    line = secret_command(tmp_path, "print('from-a-command')\n")
    write_config(f'[profiles.default]\norg_id = "O@AdobeOrg"\nclient_id = "c"\n{line}')
    assert resolve_config(env=env()).settings.client_secret == "from-a-command"


def test_a_failing_secret_command_shows_neither_its_output_nor_its_errors(tmp_path: Path) -> None:
    body = f"import sys\nprint('leaked-{SECRET}')\nsys.stderr.write('{SECRET}')\nsys.exit(3)\n"
    line = secret_command(tmp_path, body)
    write_config(f'[profiles.default]\norg_id = "O@AdobeOrg"\nclient_id = "c"\n{line}')
    with pytest.raises(ConfigError, match="exit status 3") as caught:
        resolve_config(env=env())
    assert SECRET not in str(caught.value)


def test_a_ready_access_token_replaces_the_secret() -> None:
    values = {**ENV_ALONE, "FLOWTUI_ACCESS_TOKEN": "ready-token"}
    del values["FLOWTUI_CLIENT_SECRET"]
    cfg_env = env(values)
    settings = resolve_config(env=cfg_env).settings
    assert settings.access_token == "ready-token" and settings.client_secret is None
    assert settings.token_cache is None


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_secret_others_can_read_is_refused_with_the_chmod_command(mode: int) -> None:
    path = write_config(TWO_PROFILES, mode)
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env({"AUDIT_SECRET": "x"}))
    assert f"chmod 600 {path}" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert (path.stat().st_mode & 0o777) == mode, "the file is left as it was"


def test_a_readable_file_without_secrets_is_accepted() -> None:
    write_config(
        '[profiles.default]\norg_id = "O@AdobeOrg"\nclient_id = "c"\n'
        'client_secret_env = "MY_SECRET"\n',
        0o644,
    )
    assert resolve_config(env=env({"MY_SECRET": "s"})).settings.client_secret == "s"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://127.3.2.1", "http://localhost:9000/", "http://[::1]:8080"],
)
def test_plain_http_is_allowed_on_loopback(url: str) -> None:
    resolved = resolve_config(env=env({**ENV_ALONE, "FLOWTUI_PLATFORM_URL": url}))
    assert resolved.settings.platform_url == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://platform.adobe.io", "http://10.0.0.8:8080"])
def test_plain_http_elsewhere_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="https://") as caught:
        resolve_config(env=env({**ENV_ALONE, "FLOWTUI_IMS_URL": url}))
    assert "FLOWTUI_IMS_URL" in str(caught.value)


@pytest.mark.parametrize(
    "url", ["platform.adobe.io", "https://", "ftp://platform.adobe.io", "https://host:99999"]
)
def test_malformed_urls_are_refused_by_name(url: str) -> None:
    with pytest.raises(ConfigError, match="platform_url") as caught:
        resolve_config(env=env({**ENV_ALONE, "FLOWTUI_PLATFORM_URL": url}))
    assert url in str(caught.value)


def test_invalid_toml_names_the_file_and_line() -> None:
    path = write_config('[profiles.work]\norg_id = "O"\nclient_id = \n')
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env())
    assert str(path) in str(caught.value) and "line 3" in str(caught.value)


def test_a_wrong_type_names_the_key_and_line() -> None:
    path = write_config('[profiles.work]\norg_id = "O"\nread_only = "yes"\n')
    with pytest.raises(ConfigError, match=f"{path}, line 3: 'read_only'"):
        resolve_config(env=env())


def test_an_unknown_key_is_refused_with_its_line() -> None:
    path = write_config('[profiles.work]\norg_id = "O"\nclientid = "c"\n')
    with pytest.raises(ConfigError, match=f"{path}, line 3: unknown key 'clientid'"):
        resolve_config(env=env())


def test_an_unreadable_config_file_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-file.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="Cannot read the config file"):
        resolve_config(env=env({"FLOWTUI_CONFIG": str(folder)}))


def test_flowtui_config_names_the_file() -> None:
    other = config_path().parent / "elsewhere.toml"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text('[profiles.default]\norg_id = "X@AdobeOrg"\nclient_id = "x"\n')
    cfg_env = env({"FLOWTUI_CONFIG": str(other), "FLOWTUI_CLIENT_SECRET": "s"})
    assert config_path(cfg_env) == other
    assert resolve_config(env=cfg_env).settings.org_id == "X@AdobeOrg"


def test_settings_never_show_the_secret() -> None:
    settings = resolve_config(env=env(ENV_ALONE)).settings
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert "<hidden>" in repr(settings)


async def test_open_session_points_at_the_resolved_sandbox() -> None:
    resolved = resolve_config(env=env(ENV_ALONE), sandbox="dev", read_only=True)
    session = open_session(resolved)
    try:
        assert (session.sandbox, session.client.sandbox) == ("dev", "dev")
        assert session.read_only and not session.demo
        assert session.org_id == session.client.org_id == "ENVORG@AdobeOrg"
    finally:
        await session.client.aclose()


def test_the_secret_command_does_not_run_for_a_broken_profile(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    line = secret_command(tmp_path, f"open({str(marker)!r}, 'w').write('x')\nprint('s')\n")
    write_config(
        f'[profiles.default]\norg_id = "O@AdobeOrg"\nclient_id = "c"\n{line}'
        'platform_url = "http://platform.example.com"\n'
    )
    with pytest.raises(ConfigError, match="platform_url"):
        resolve_config(env=env())
    assert not marker.exists()
