"""``flowtui config path|init|import-aepp``: they create and add, never overwrite or leak."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

from flowtui.cli import main
from flowtui.config import config_path, resolve_config

AEPP = {
    "org_id": "AEPP0000000000000000000@AdobeOrg",
    "client_id": "aepp-client-id",
    "secret": "p8e-aepp-secret-123",
    "sandbox-name": "dev",
    "environment": "prod",
    "scopes": "openid,AdobeID,read_organizations",
}


def folders_env(**more: str) -> dict[str, str]:
    folders = {
        k: v for k, v in os.environ.items() if k.startswith("FLOWTUI_") and k.endswith("_DIR")
    }
    return {**folders, **more}


def aepp_file(tmp_path: Path, data: object, name: str = "aepp.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def test_path_prints_where_the_config_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_path())


def test_path_follows_flowtui_config(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLOWTUI_CONFIG", str(tmp_path / "team.toml"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "team.toml")


def test_init_writes_a_private_commented_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "init"]) == 0
    path = config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "[profiles.work]" in text and "client_secret_env" in text
    assert tomllib.loads(text) == {}, "everything in the template is commented out"
    assert str(path) in capsys.readouterr().out


def test_init_never_overwrites(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("# mine\n")
    assert main(["config", "init"]) == 1
    assert path.read_text() == "# mine\n"
    assert "never overwrites" in capsys.readouterr().err


def test_import_aepp_adds_a_working_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "import-aepp", aepp_file(tmp_path, AEPP), "--as", "aepp-dev"]) == 0
    path = config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    resolved = resolve_config(env=folders_env())
    assert resolved.profile == "aepp-dev", "the first profile becomes the default"
    settings = resolved.settings
    assert settings.org_id == AEPP["org_id"] and settings.client_id == AEPP["client_id"]
    assert settings.client_secret == AEPP["secret"]
    assert settings.sandbox == "dev"
    assert settings.scopes == ("openid", "AdobeID", "read_organizations")
    printed = capsys.readouterr()
    assert "aepp-dev" in printed.out
    assert AEPP["secret"] not in printed.out + printed.err


def test_import_aepp_reads_the_older_field_names(tmp_path: Path) -> None:
    older = {"org_id": "OLD@AdobeOrg", "api_key": "old-key", "client_secret": "old-secret"}
    assert main(["config", "import-aepp", aepp_file(tmp_path, older)]) == 0
    settings = resolve_config(env=folders_env(), profile="aepp").settings
    assert (settings.client_id, settings.client_secret) == ("old-key", "old-secret")


def test_import_aepp_keeps_the_existing_file_and_adds_beside_it(tmp_path: Path) -> None:
    assert main(["config", "init"]) == 0
    template = config_path().read_text()
    assert main(["config", "import-aepp", aepp_file(tmp_path, AEPP)]) == 0
    text = config_path().read_text()
    assert text.startswith(template.rstrip("\n"))
    assert "[profiles.dev]" in text, "named after the aepp sandbox when --as is not given"


def test_import_aepp_never_overwrites_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = aepp_file(tmp_path, AEPP)
    assert main(["config", "import-aepp", source, "--as", "work"]) == 0
    before = config_path().read_bytes()
    changed = {**AEPP, "secret": "another-secret"}
    assert (
        main(["config", "import-aepp", aepp_file(tmp_path, changed, "b.json"), "--as", "work"]) == 1
    )
    assert config_path().read_bytes() == before
    err = capsys.readouterr().err
    assert "already has a profile 'work'" in err and "--as" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"org_id": "O@AdobeOrg", "client_id": "c"}), "lacks client_secret"),
        (json.dumps(["a", "list"]), "expected a JSON object"),
    ],
)
def test_bad_aepp_files_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content)
    assert main(["config", "import-aepp", str(source)]) == 1
    assert message in capsys.readouterr().err
    assert not config_path().exists()


def test_a_missing_aepp_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "import-aepp", str(tmp_path / "nope.json")]) == 1
    assert "Cannot read" in capsys.readouterr().err
    assert not config_path().exists()


def test_an_invalid_config_file_is_not_appended_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.work\n")
    assert main(["config", "import-aepp", aepp_file(tmp_path, AEPP)]) == 1
    assert path.read_text() == "[profiles.work\n"
    assert "not valid TOML" in capsys.readouterr().err
