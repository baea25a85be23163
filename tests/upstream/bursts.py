"""Bursts of keys as Textual's driver delivers them: every key of one terminal read, posted at once.

A pilot's ``press`` waits for the app to go idle between keys, which hides ordering defects; a
slow SSH link hands the app a second of typing in a single read, and the driver posts every key
parsed from it to the App without waiting. ``post_burst`` does the same.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.app import App

CONTROL_CHARACTERS = {"ctrl+u": "\x15", "ctrl+s": "\x13", "ctrl+k": "\x0b", "backspace": "\x7f"}


def key_event(key: str) -> events.Key:
    """The Key event Textual's parser makes for a key name or one printable character."""
    if len(key) == 1:
        name = key if key.isalnum() else unicodedata.name(key).lower().replace(" ", "_")
        return events.Key(name, key)
    return events.Key(key, CONTROL_CHARACTERS.get(key))


def typed(text: str) -> list[str]:
    """The characters of ``text`` as keys."""
    return list(text)


def post_burst(app: App[Any], keys: list[str]) -> None:
    """Post every key to the app in one go, as the driver does with one read from the terminal."""
    for key in keys:
        app.post_message(key_event(key))
