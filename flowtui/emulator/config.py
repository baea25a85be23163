"""How an emulator instance behaves: its credentials, its data volume and the faults it injects."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEMO_CLIENT_ID = "flowtui-demo"
DEMO_CLIENT_SECRET = "flowtui-demo-secret"
DEMO_ORG_ID = "DEMO0000000000000000000@AdobeOrg"

CURSOR_TOKENS_VARIABLE = "FLOWTUI_EMULATOR_CURSOR_TOKENS"
"""Set to 1 to give cursor tokens to every emulator whose config leaves the mode unset."""


def cursor_tokens_from_environment() -> bool:
    """The default token mode: cursor tokens when FLOWTUI_EMULATOR_CURSOR_TOKENS is 1/true/yes."""
    return os.environ.get(CURSOR_TOKENS_VARIABLE, "").strip().lower() in ("1", "true", "yes")


SANDBOXES: tuple[str, ...] = ("prod", "dev")
"""The sandboxes every emulator holds; requests without ``x-sandbox-name`` go to ``prod``."""


@dataclass
class EmulatorConfig:
    """Settings for one emulator; the defaults give the seed records with no faults."""

    records: int = 0
    """Generated records added per kind, on top of the seed fixtures."""
    seed: int = 0
    """Seed for generated records and injected faults, so runs repeat."""
    latency_ms: int = 0
    """Delay added to every request."""
    fail_rate: float = 0.0
    """Share of reads (GET) answered with 502 or 503."""
    rate_limit: float | None = None
    """Requests per second above which the emulator answers 429 with Retry-After."""
    token_ttl: int = 86400
    """Seconds an access token stays valid."""
    cursor_tokens: bool | None = None
    """A continuation token is only a position; the query must be sent again beside it.

    None follows FLOWTUI_EMULATOR_CURSOR_TOKENS, read at each list request, so one test run can
    switch every emulator (module-wide ones and loopback servers included) between the modes."""
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    org_id: str = DEMO_ORG_ID
    sandbox_listing: bool = True
    """Whether the credential may list sandboxes (Sandbox Management API); False answers 403,
    as for a credential without the Sandbox Administration permission."""
    hostile: bool = False
    """Also serve the hostile record set (``flowtui.emulator.hostile``) in every sandbox."""
