"""Every subcommand explains itself with an example; completion scripts; no Textual on the way."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from flowtui.api.kinds import KINDS
from flowtui.cli import RECORD_COMMANDS, build_parser
from flowtui.commands.completion import completion_script
from flowtui.commands.exit_codes import EXIT_CODE_TABLE, ExitCode


@pytest.mark.parametrize("command", [*RECORD_COMMANDS, "completion"])
def test_every_subcommand_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "example:" in text and f"flowtui {command}" in text.replace(
        "flowtui --sandbox dev ", "flowtui "
    )
    if command != "completion":
        assert "exit status:" in text


def test_the_exit_code_table_covers_every_code_once() -> None:
    assert [code for code, _ in EXIT_CODE_TABLE] == list(ExitCode)


def test_session_flags_work_after_the_subcommand_too() -> None:
    parser = build_parser()
    before = parser.parse_args(["--sandbox", "dev", "get", "flows", "x"])
    after = parser.parse_args(["get", "flows", "x", "--sandbox", "dev", "--read-only"])
    assert before.sandbox == after.sandbox == "dev"
    assert after.read_only and not before.read_only


def test_bash_completion_names_every_subcommand_and_kind() -> None:
    script = completion_script(build_parser(), "bash")
    for word in (*RECORD_COMMANDS, "open", "completion", "--confirm-sandbox", "enable"):
        assert word in script
    for kind in KINDS:
        assert kind.name in script
    bash = shutil.which("bash")
    if bash is not None:
        checked = subprocess.run([bash, "-n"], input=script, text=True, capture_output=True)
        assert checked.returncode == 0, checked.stderr


def test_bash_completion_completes_kinds_after_get() -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = completion_script(build_parser(), "bash")
    probe = (
        script + "\nCOMP_WORDS=(flowtui --sandbox dev get tar); COMP_CWORD=4; _flowtui; "
        'echo "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(flowtui flow ""); COMP_CWORD=2; _flowtui; echo "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run([bash], input=probe, text=True, capture_output=True).stdout.splitlines()
    assert out[0].split() == ["targetConnections"]
    assert {"enable", "disable"} <= set(out[1].split())


def test_zsh_completion_loads_the_bash_function() -> None:
    script = completion_script(build_parser(), "zsh")
    assert "bashcompinit" in script and "complete -o default -F _flowtui flowtui" in script


def test_the_command_path_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from flowtui.cli import build_parser\n"
        "import flowtui.commands.run, flowtui.commands.get, flowtui.commands.listing\n"
        "import flowtui.commands.diff, flowtui.commands.apply, flowtui.commands.edit\n"
        "import flowtui.commands.flow, flowtui.commands.completion\n"
        "build_parser()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_comment_lines_are_blanked_and_only_whole_lines_count() -> None:
    from flowtui.commands.edit import without_comments

    text = '# about\n{\n  "a": "x\u2028# not a comment"\n}\n# end'
    assert without_comments(text) == '\n{\n  "a": "x\u2028# not a comment"\n}\n'
