"""An in-memory emulator of the Flow Service and its IMS token endpoint, as plain ASGI.

It is written from the documentation, independently of flowtui's client, so that a mistake
shared by both sides cannot hide. Choices the documentation leaves open: secrets come back as
``********``; spec lists ignore ``limit``/``orderby``/``count``; a bare ``property=name`` selects
fields; ``application/json-patch+json`` is accepted as JSON. ``app.expire_tokens()`` and
``app.faults.clock`` let tests reach expiry and rate windows without waiting.
"""

from __future__ import annotations

from flowtui.emulator.app import EmulatorApp, create_app
from flowtui.emulator.config import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_ORG_ID,
    EmulatorConfig,
)
from flowtui.emulator.credentials import MASK
from flowtui.emulator.store import RecordStore

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_ORG_ID",
    "MASK",
    "EmulatorApp",
    "EmulatorConfig",
    "RecordStore",
    "create_app",
]
