"""The Flow Service wire: the client, its settings, its errors and the kinds table."""

from __future__ import annotations

from flowtui.api.auth import Token, TokenSource, token_cache_path
from flowtui.api.client import (
    PAGE_LIMIT,
    FlowServiceClient,
    FoundRecord,
    ListTruncated,
    ListTruncatedError,
    Page,
    Sandbox,
    UpdateResult,
)
from flowtui.api.errors import (
    AnswerError,
    AuthenticationError,
    ConfigError,
    ConnectionFailedError,
    FlowServiceError,
    NoAnswerError,
    NotFoundError,
    OutcomeUnknownError,
    PreconditionFailedError,
    RateLimitedError,
    SandboxListUnavailableError,
    ServerError,
    UnexpectedAnswerError,
    ValidationError,
)
from flowtui.api.kinds import KINDS, KINDS_BY_NAME, RUNS, ResourceKind, UpdateMethod, find_kind
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
    "RUNS",
    "AnswerError",
    "AuthenticationError",
    "ClientSettings",
    "ConfigError",
    "ConnectionFailedError",
    "FlowServiceClient",
    "FlowServiceError",
    "FoundRecord",
    "ListTruncated",
    "ListTruncatedError",
    "NoAnswerError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
    "PreconditionFailedError",
    "RateLimitedError",
    "ResourceKind",
    "RetryPolicy",
    "Sandbox",
    "SandboxListUnavailableError",
    "ServerError",
    "Token",
    "TokenSource",
    "UnexpectedAnswerError",
    "UpdateMethod",
    "UpdateResult",
    "ValidationError",
    "find_kind",
    "token_cache_path",
]
