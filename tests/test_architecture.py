"""The layers stay visible: imports point from the UI to the core, never back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "flowtui"

# layer folder -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "api": ("textual", "flowtui.tui", "flowtui.emulator", "flowtui.patching"),
    "patching": (
        "httpx",
        "textual",
        "flowtui.api.client",
        "flowtui.api.auth",
        "flowtui.tui",
        "flowtui.emulator",
        "flowtui.store",
    ),
    "store": ("httpx", "textual", "flowtui.tui", "flowtui.emulator", "flowtui.api.client"),
    "tui": ("httpx", "flowtui.emulator"),
    # The command line uses the edit workflow, never the screens: a script must not start Textual.
    "commands": ("textual", "flowtui.emulator", "flowtui.tui.app", "flowtui.tui.screens"),
    # The emulator is an independent implementation: sharing the client's or the patch engine's
    # code would let one mistake hide on both sides of the wire.
    "emulator": ("flowtui.api", "flowtui.patching", "flowtui.tui", "flowtui.store"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            for prefix in FORBIDDEN[layer]:
                if module == prefix or module.startswith(prefix + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    assert violations(layer) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import httpx\nfrom flowtui.api.client import FlowServiceClient\n")
    assert {"httpx", "flowtui.api.client"} <= imported_modules(sample)
