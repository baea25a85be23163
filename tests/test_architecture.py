"""The layers stay visible: imports point from the UI to the core, never back.

The rules are import-linter contracts in pyproject.toml ([tool.importlinter]); this file runs
them, and adds the checks import-linter cannot express: what a fresh interpreter actually loads.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "flowtui"


def loaded_by(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    """Import ``modules`` in a fresh interpreter; return the loaded ones within ``packages``."""
    script = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        wanted = {packages!r}
        print("\\n".join(sorted(m for m in sys.modules
                               if m in wanted or m.startswith(tuple(p + "." for p in wanted)))))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def modules_under(*folders: str) -> list[str]:
    """Every module of the flowtui packages ``folders`` (e.g. "tui/screens"), by dotted name."""
    names = []
    for folder in folders:
        prefix = "flowtui." + folder.replace("/", ".") + "."
        names += [info.name for info in pkgutil.walk_packages([str(PACKAGE / folder)], prefix)]
    return sorted(names)


def test_the_import_contracts_in_pyproject_are_kept() -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert code == 0, "lint-imports found a broken contract (run `lint-imports` for the chains)"


def test_the_contracts_see_a_forbidden_import(tmp_path: Path) -> None:
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("from layered import high\n")
    (package / "high.py").write_text("")
    config = tmp_path / "contracts.toml"
    config.write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_package = "layered"

            [[tool.importlinter.contracts]]
            name = "high above low"
            type = "layers"
            containers = ["layered"]
            layers = ["high", "low"]
            """
        )
    )
    sys.path.insert(0, str(tmp_path))
    try:
        assert lint_imports(config_filename=str(config), no_cache=True) == 1
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "layered"]:
            del sys.modules[name]


def test_no_screen_or_widget_module_loads_the_app() -> None:
    screens = modules_under("tui/screens", "tui/widgets")
    assert "flowtui.tui.screens.main" in screens
    assert loaded_by(screens, ("flowtui.tui.app",)) == []


def test_the_command_line_and_the_edit_workflow_load_no_textual() -> None:
    modules = modules_under("commands", "edits")
    assert "flowtui.edits.submission" in modules
    assert loaded_by(modules, ("textual",)) == []
