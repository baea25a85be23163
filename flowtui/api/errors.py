"""The errors the Flow Service client raises: one tree, each with a message a person can act on.

Every error carries the service's code (e.g. ``FLOW-1404-412``), the HTTP status and the request
id, so a person can quote them to Adobe support. Messages never contain tokens or secrets.

The tree tells "no answer" from "an answer", as httpx's does::

    FlowServiceError
    ├── ConfigError               local: nothing was sent
    ├── AuthenticationError       no usable token, or the credentials were refused
    ├── NoAnswerError             nothing answered (timeout, reset, deadline)
    │   └── ConnectionFailedError   nothing was even sent
    ├── OutcomeUnknownError       a write went out and its outcome is unknown
    ├── SandboxListUnavailableError  the sandbox list could not be had: use the profile's
    └── AnswerError               an answer that is not success (``status`` set)
        ├── NotFoundError, PreconditionFailedError, ValidationError, RateLimitedError
        ├── ServerError             5xx
        └── UnexpectedAnswerError   3xx, 1xx, or a body that is not the documented JSON
"""

from __future__ import annotations


def without_frames(exc: BaseException) -> BaseException:
    """``exc`` kept as a cause, with its frames (and its own causes' frames) dropped.

    The frames of an httpx failure hold the request's headers and form as local variables (the
    bearer token, the client secret), which a crash report that shows locals would print.
    """
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        node.with_traceback(None)
        node = node.__cause__ or node.__context__
    return exc


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


# --- No answer ------------------------------------------------------------------------------


class NoAnswerError(FlowServiceError):
    """No HTTP answer came back: the connection failed, was reset, or a deadline passed.

    The httpx exception is kept as ``__cause__``. ``status`` is always None: nothing answered.
    """


class ConnectionFailedError(NoAnswerError):
    """The connection could not be made, so nothing was sent."""


class OutcomeUnknownError(FlowServiceError):
    """A write went out and no usable answer came back: it may or may not have been applied.

    Raised only for a PATCH, PUT or POST that was sent (or may have been) and then met a
    timeout, a reset, the call's deadline, or a gateway answer (502, 504) that says nothing about
    the backend. ``cause`` is the error that hid the outcome: a NoAnswerError (status None; its
    own ``__cause__`` is the httpx exception or TimeoutError) or a ServerError (status 502/504);
    ``status``, ``code`` and ``request_id`` are copied from it.

    Callers must re-read the record to learn what happened, and keep the person's edit until
    they know: applied if it holds the submitted values under a new etag, not applied if it is
    unchanged under the old etag, still unknown otherwise (the request may yet land). Every
    other error from a write means it was not applied: a NoAnswerError that it was never sent,
    an AnswerError that the service answered without success (a 4xx applied nothing; after a
    500 or a 3xx nothing should have been, and a re-read costs little to confirm it).
    """

    def __init__(self, message: str, *, cause: FlowServiceError, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.cause = cause


# --- Answers ----------------------------------------------------------------------------------


class AnswerError(FlowServiceError):
    """The service, or something on the way, answered with something other than success.

    Only a 2xx with the documented body is success; everything else is one of these, with the
    status set.
    """


class NotFoundError(AnswerError):
    """The record does not exist, or this user has no access to it (404 or 403)."""


class PreconditionFailedError(AnswerError):
    """The record changed on the server since it was loaded: the etag is stale (412)."""


class ValidationError(AnswerError):
    """The service refused the request as malformed or invalid (400, 422)."""


class RateLimitedError(AnswerError):
    """Too many requests (429), even after waiting as the service asked."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServerError(AnswerError):
    """The service answered that it is failing (5xx)."""


class UnexpectedAnswerError(AnswerError):
    """An answer that is not what the documented service sends: a redirect (3xx), a 1xx, or a
    body that is not the documented JSON (HTML, truncated, the wrong shape).

    ``detail`` holds the start of what was received, made safe to show.
    """


# --- Sandboxes ------------------------------------------------------------------------------


class SandboxListUnavailableError(FlowServiceError):
    """The Sandbox Management API would not list the sandboxes (no permission, no answer, an
    unexpected body): fall back to the sandboxes the profile names. The error that stopped
    it is the ``__cause__``; ``status``, ``code`` and ``request_id`` are copied from it."""
