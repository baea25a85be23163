"""Problem: one thing wrong with an edit, tied to the JSON Pointer it is about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """What is wrong at ``path`` and what to do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return self.message
