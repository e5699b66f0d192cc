"""The exceptions raised by integration_keys.

Every failure is an :class:`IntegrationKeysError`; its subclass says what
kind of failure it was. The native module hands every error to
:func:`_from_native`, which picks the class: the table from error kind to
class below is the only one.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "IntegrationKeysError",
    "InvalidArgumentError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitedError",
    "BadRequestError",
    "ServerError",
    "RequestTimeoutError",
    "NetworkError",
    "DecodeError",
]


class IntegrationKeysError(Exception):
    """The base class of every error of integration_keys.

    Raised as itself for a bug in the library (kind ``"internal"``); every
    other failure raises a subclass.

    Attributes:
        kind: What went wrong, as every front end of the library spells it
            (``"not_found"``, ``"timeout"``, ...).
        message: A sentence for people. It never holds a secret.
        status: The HTTP status, where the server answered; else None.
        code: The API's error code, where the server sent one.
        title: The API's error title, where the server sent one.
        request_id: The request id the server sent, for support tickets.
        retry_after: For a 429, how many seconds the server asked to wait.
    """

    #: The kind of every instance of this class.
    default_kind = "internal"

    kind: str
    message: str
    status: Optional[int]
    code: Optional[str]
    title: Optional[str]
    request_id: Optional[str]
    retry_after: Optional[float]

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        status: Optional[int] = None,
        code: Optional[str] = None,
        title: Optional[str] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind if kind is not None else self.default_kind
        self.message = message
        self.status = status
        self.code = code
        self.title = title
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"{self.kind}: {self.message}"
        if self.request_id is not None:
            text += f" (request id {self.request_id})"
        return text

    def __reduce__(self) -> Tuple[Any, ...]:
        # Pickles the attributes and, where there is one, the cause too
        # (plain exceptions drop their __cause__ when pickled).
        state: Dict[str, Any] = dict(self.__dict__)
        if self.__cause__ is not None:
            state["__cause__"] = self.__cause__
        return (type(self), (self.message,), state)


class InvalidArgumentError(IntegrationKeysError, ValueError):
    """An argument or a client setting was refused before anything was sent:
    empty, too long, holding control characters, or otherwise unusable.
    Also a ValueError."""

    default_kind = "invalid_argument"


class AuthenticationError(IntegrationKeysError):
    """The server answered 401: the credentials are missing or wrong."""

    default_kind = "authentication"


class PermissionDeniedError(IntegrationKeysError):
    """The server answered 403: the credentials may not do this."""

    default_kind = "permission_denied"


class NotFoundError(IntegrationKeysError):
    """The server answered 404: no such app, integration or key."""

    default_kind = "not_found"


class ConflictError(IntegrationKeysError):
    """The server answered 409."""

    default_kind = "conflict"


class RateLimitedError(IntegrationKeysError):
    """The server answered 429 through every retry; ``retry_after`` says how
    many seconds it asked to wait."""

    default_kind = "rate_limited"


class BadRequestError(IntegrationKeysError):
    """The server answered 400, 422, another 4xx, or an unexpected redirect
    (for example: an integration already has the most keys it may have)."""

    default_kind = "bad_request"


class ServerError(IntegrationKeysError):
    """The server answered 5xx."""

    default_kind = "server"


class RequestTimeoutError(IntegrationKeysError, TimeoutError):
    """Connecting or waiting for the answer took longer than the client's
    timeout. Also a TimeoutError."""

    default_kind = "timeout"


class NetworkError(IntegrationKeysError, ConnectionError):
    """The connection could not be made or broke: DNS, refused, reset, TLS.
    Also a ConnectionError."""

    default_kind = "connection"


class DecodeError(IntegrationKeysError):
    """The answer is not what the API promises: bad JSON, a missing field, a
    created key without a secret, or a body over the size limit."""

    default_kind = "decode"


#: The class raised for each error kind of the core library. A kind missing
#: here (a newer core) raises the base class.
_CLASS_BY_KIND: Dict[str, Type[IntegrationKeysError]] = {
    cls.default_kind: cls
    for cls in (
        InvalidArgumentError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        RateLimitedError,
        BadRequestError,
        ServerError,
        RequestTimeoutError,
        NetworkError,
        DecodeError,
        IntegrationKeysError,
    )
}


def _from_native(
    kind: str,
    message: str,
    status: Optional[int],
    code: Optional[str],
    title: Optional[str],
    request_id: Optional[str],
    retry_after: Optional[float],
) -> IntegrationKeysError:
    """Makes the exception for an error of the native module."""
    cls = _CLASS_BY_KIND.get(kind, IntegrationKeysError)
    return cls(
        message,
        kind=kind,
        status=status,
        code=code,
        title=title,
        request_id=request_id,
        retry_after=retry_after,
    )


for _cls in _CLASS_BY_KIND.values():
    # Shown and pickled as integration_keys.NotFoundError and so on.
    _cls.__module__ = "integration_keys"
del _cls
