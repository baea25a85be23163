"""Every store test writes into its own folders, never the person's real state folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def store_private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("STATE", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"FLOWTUI_{name}_DIR", str(tmp_path / name.lower()))
    return tmp_path
