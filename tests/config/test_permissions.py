"""Files other users can change are refused, like ssh: the config file and its secret command."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from flowtui.api import ConfigError
from flowtui.config import config_path, resolve_config

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

PROFILE = '[profiles.default]\norg_id = "O@AdobeOrg"\nclient_id = "c"\n'


def env(**more: str) -> dict[str, str]:
    folders = {
        k: v for k, v in os.environ.items() if k.startswith("FLOWTUI_") and k.endswith("_DIR")
    }
    return {**folders, **more}


def write_config(text: str, mode: int = 0o600) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def secret_program(folder: Path, mode: int, marker: Path) -> Path:
    """An executable script that leaves ``marker`` behind when it runs, then prints a secret."""
    program = folder / "print-secret"
    program.write_text(f"#!/bin/sh\ntouch '{marker}'\necho from-the-program\n")
    program.chmod(mode)
    return program


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666, 0o664])
def test_a_config_file_others_can_write_is_refused_with_the_chmod(mode: int) -> None:
    path = write_config(PROFILE + 'client_secret_env = "MY_SECRET"\n', mode)
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env(MY_SECRET="s"))
    message = str(caught.value)
    assert f"chmod go-w {path.resolve()}" in message
    assert f"mode {mode:o}" in message
    assert stat.S_IMODE(path.stat().st_mode) == mode, "the file is left as it was"


def test_a_config_file_only_its_owner_can_write_is_accepted() -> None:
    write_config(PROFILE + 'client_secret_env = "MY_SECRET"\n', 0o644)
    assert resolve_config(env=env(MY_SECRET="s")).settings.client_secret == "s"


def test_a_config_file_in_a_folder_anyone_can_write_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "config.toml"
    path.write_text(PROFILE + 'client_secret_env = "MY_SECRET"\n')
    path.chmod(0o600)
    with pytest.raises(ConfigError, match="chmod o-w"):
        resolve_config(env=env(MY_SECRET="s", FLOWTUI_CONFIG=str(path)))


@pytest.mark.parametrize("mode", [0o775, 0o757, 0o777])
def test_a_secret_program_others_can_write_is_refused_and_never_run(
    tmp_path: Path, mode: int
) -> None:
    marker = tmp_path / "ran"
    program = secret_program(tmp_path, mode, marker)
    write_config(PROFILE + f'client_secret_command = "{program} --quiet"\n')
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env())
    assert f"chmod go-w {program.resolve()}" in str(caught.value)
    assert "client_secret_command" in str(caught.value)
    assert not marker.exists(), "the program must not run"


def test_a_secret_program_found_on_path_is_checked_where_it_lives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = secret_program(bin_dir, 0o777, marker)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    write_config(PROFILE + 'client_secret_command = "print-secret"\n')
    with pytest.raises(ConfigError, match=f"chmod go-w {program.resolve()}"):
        resolve_config(env=env())
    assert not marker.exists()


def test_a_private_secret_program_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    program = secret_program(tmp_path, 0o755, marker)
    write_config(PROFILE + f'client_secret_command = "{program}"\n')
    assert resolve_config(env=env()).settings.client_secret == "from-the-program"
    assert marker.exists()


def test_a_symlink_to_a_writable_program_is_refused_by_its_target(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    program = secret_program(tmp_path, 0o777, marker)
    link = tmp_path / "safe-looking"
    link.symlink_to(program)
    write_config(PROFILE + f'client_secret_command = "{link}"\n')
    with pytest.raises(ConfigError, match=f"chmod go-w {program.resolve()}"):
        resolve_config(env=env())
    assert not marker.exists()
