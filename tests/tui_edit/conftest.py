"""Fixtures for the editing journeys: an unprotected session, seed records, a host app."""

from __future__ import annotations

from typing import Any

import pytest

from flowtui.api.kinds import CONNECTIONS, ResourceKind
from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.session import Session
from tests.tui_edit.host import EditorHost


@pytest.fixture
async def connection(open_session: Session) -> dict[str, Any]:
    """The seed base connection (Salesforce, with a password and a security token)."""
    return await open_session.client.get(CONNECTIONS, SALESFORCE_CONNECTION_ID)


def host_for(session: Session, kind: ResourceKind, record: dict[str, Any], **kw: Any) -> EditorHost:
    return EditorHost(session, kind, record, **kw)
