"""The Flow Service wire: the client, its settings, its errors and the kinds table."""

from __future__ import annotations

from flowtui.api.auth import Token, TokenSource, token_cache_path
from flowtui.api.client import PAGE_LIMIT, FlowServiceClient, Page, UpdateResult
from flowtui.api.errors import (
    AuthenticationError,
    ConfigError,
    FlowServiceError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitedError,
    ServiceUnavailableError,
    ValidationError,
)
from flowtui.api.kinds import KINDS, KINDS_BY_NAME, ResourceKind, UpdateMethod, find_kind
from flowtui.api.retry import NO_RETRY, RetryPolicy
from flowtui.api.settings import (
    DEFAULT_IMS_URL,
    DEFAULT_PLATFORM_URL,
    DEFAULT_SCOPES,
    ClientSettings,
)

__all__ = [
    "DEFAULT_IMS_URL",
    "DEFAULT_PLATFORM_URL",
    "DEFAULT_SCOPES",
    "KINDS",
    "KINDS_BY_NAME",
    "NO_RETRY",
    "PAGE_LIMIT",
    "AuthenticationError",
    "ClientSettings",
    "ConfigError",
    "FlowServiceClient",
    "FlowServiceError",
    "NotFoundError",
    "Page",
    "PreconditionFailedError",
    "RateLimitedError",
    "ResourceKind",
    "RetryPolicy",
    "ServiceUnavailableError",
    "Token",
    "TokenSource",
    "UpdateMethod",
    "UpdateResult",
    "ValidationError",
    "find_kind",
    "token_cache_path",
]
