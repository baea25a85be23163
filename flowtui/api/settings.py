"""Everything the client needs to reach one organisation's sandbox; secrets never shown by repr."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from flowtui.api.retry import RetryPolicy

DEFAULT_PLATFORM_URL = "https://platform.adobe.io"
DEFAULT_IMS_URL = "https://ims-na1.adobelogin.com"
DEFAULT_SCOPES: tuple[str, ...] = (
    "openid",
    "session",
    "AdobeID",
    "read_organizations",
    "additional_info.projectedProductContext",
)
FLOW_SERVICE_PATH = "/data/foundation/flowservice"
TOKEN_PATH = "/ims/token/v3"
_SECRET_FIELDS = frozenset({"client_secret", "access_token"})


@dataclass(frozen=True)
class ClientSettings:
    """Where the client connects and with which credentials; built by flowtui.config."""

    org_id: str
    client_id: str
    client_secret: str | None = None
    access_token: str | None = None
    """A ready token (FLOWTUI_ACCESS_TOKEN): used instead of asking IMS for one."""
    sandbox: str = "prod"
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    platform_url: str = DEFAULT_PLATFORM_URL
    ims_url: str = DEFAULT_IMS_URL
    profile: str = "default"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    """Longest wait for any one read from the socket (httpx's per-read timeout)."""
    request_deadline: float = 30.0
    """Longest wait for a whole read call, retries and the body included: a server that trickles
    a byte at a time cannot hold a person past it."""
    write_deadline: float = 30.0
    """Longest wait for a whole write call (PATCH, PUT, POST), body included; past it the
    outcome is unknown (OutcomeUnknownError) if the request had gone out."""
    max_list_records: int = 10_000
    """A list stops following next-page links once this many records are loaded."""
    max_list_pages: int = 500
    """A list stops after this many pages even if they are empty (an endless run of links)."""
    max_connections: int = 1
    """One pooled connection by default: calls queue on it rather than opening more."""
    token_cache: Path | None = None
    """File the token is kept in between runs (0600); None keeps it in memory only."""
    renew_margin: float = 300.0
    """Seconds before expiry at which a cached token is replaced."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def flow_service_url(self) -> str:
        return self.platform_url.rstrip("/") + FLOW_SERVICE_PATH

    @property
    def token_url(self) -> str:
        return self.ims_url.rstrip("/") + TOKEN_PATH

    def __repr__(self) -> str:
        parts = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _SECRET_FIELDS and value is not None:
                parts.append(f"{item.name}='<hidden>'")
            else:
                parts.append(f"{item.name}={value!r}")
        return f"ClientSettings({', '.join(parts)})"

    __str__ = __repr__
