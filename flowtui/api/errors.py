"""The errors the Flow Service client raises: one tree, each with a message a person can act on.

Every error carries the service's code (e.g. ``FLOW-1404-412``), the HTTP status and the request
id, so a person can quote them to Adobe support. Messages never contain tokens or secrets.
"""

from __future__ import annotations


class FlowServiceError(Exception):
    """Something went wrong talking to the Flow Service."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.detail = detail

    def __str__(self) -> str:
        extras = []
        if self.code:
            extras.append(self.code)
        if self.status is not None:
            extras.append(f"HTTP {self.status}")
        if self.request_id:
            extras.append(f"request id {self.request_id}")
        return f"{self.message} ({', '.join(extras)})" if extras else self.message


# --- Configuration and local problems -------------------------------------------------------


class ConfigError(FlowServiceError):
    """The configuration is missing, unreadable, unsafe or invalid; nothing was sent."""


# --- Authentication -------------------------------------------------------------------------


class AuthenticationError(FlowServiceError):
    """The credentials were refused, or the token could not be obtained or renewed."""


# --- Answers from the service ---------------------------------------------------------------


class NotFoundError(FlowServiceError):
    """The record does not exist, or this user has no access to it (404 or 403)."""


class PreconditionFailedError(FlowServiceError):
    """The record changed on the server since it was loaded: the etag is stale (412)."""


class ValidationError(FlowServiceError):
    """The service refused the request as malformed or invalid (400, 422)."""


class RateLimitedError(FlowServiceError):
    """Too many requests (429), even after waiting as the service asked."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServiceUnavailableError(FlowServiceError):
    """The service, or the network on the way to it, is failing (5xx, timeouts, no connection)."""
