"""scripts/make_screenshots.py still reaches every screen the README shows."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_screenshots.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_script_writes_each_readme_screenshot(tmp_path: Path) -> None:
    await load_script().make_all(tmp_path)
    expected = {
        "main.svg": "winter",
        "record.svg": "********",
        "editor_error.svg": "JSON",
        "review.svg": "If-Match",
        "stale.svg": "changed",
        "failed_run.svg": "EXPORT-1403-403",
    }
    assert {path.name for path in tmp_path.glob("*.svg")} == set(expected)
    for name, words in expected.items():
        assert words in (tmp_path / name).read_text(encoding="utf-8"), name
