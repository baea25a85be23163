"""The demo session: a real client talking to an in-process emulator, no network, no credentials.

The client goes through the emulator's IMS token endpoint with the demo credentials like it
would with real ones; only ``Session.demo`` tells the UI it is a demo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import httpx

from flowtui.api.client import FlowServiceClient
from flowtui.api.settings import ClientSettings
from flowtui.session import Session

if TYPE_CHECKING:
    from flowtui.emulator import EmulatorApp

DEMO_BASE_URL = "https://platform.emulator.flowtui.invalid"
"""Never resolved: the ASGI transport answers every request in-process."""
DEMO_PROFILE = "demo"
DEMO_RECORDS = 40
"""Generated records per kind in the demo, beside the seed records: enough to scroll and filter."""


def demo_settings(*, sandbox: str = "prod") -> ClientSettings:
    """Settings for the emulator's demo credentials, with the token kept in memory only."""
    from flowtui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORG_ID

    return ClientSettings(
        org_id=DEMO_ORG_ID,
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
        sandbox=sandbox,
        platform_url=DEMO_BASE_URL,
        ims_url=DEMO_BASE_URL,
        profile=DEMO_PROFILE,
        token_cache=None,
    )


def emulator_session(
    app: EmulatorApp | None = None,
    *,
    sandbox: str = "prod",
    read_only: bool = False,
    records: int = 0,
    protected_sandboxes: frozenset[str] = frozenset({"prod"}),
    hostile: bool = False,
) -> Session:
    """A session on an in-process emulator (a fresh one with ``records`` generated per kind,
    and the hostile record set when ``hostile``)."""
    from flowtui.emulator import EmulatorConfig, create_app

    if app is None:
        app = create_app(EmulatorConfig(records=records, hostile=hostile))
    # cast: the emulator types its ASGI scope as dict, httpx as MutableMapping; same thing.
    transport = httpx.ASGITransport(app=cast(Any, app))
    settings = demo_settings(sandbox=sandbox)
    client = FlowServiceClient(settings, transport=transport)
    return Session(
        client=client,
        profile=DEMO_PROFILE,
        org_id=settings.org_id,
        sandbox=sandbox,
        read_only=read_only,
        protected_sandboxes=protected_sandboxes,
        demo=True,
    )
