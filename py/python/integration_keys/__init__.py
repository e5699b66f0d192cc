"""A client for the Sunshine Conversations v2 custom integration API keys
endpoints: create, list, get and delete the API keys of a custom
integration, and sign the JWTs those keys make.

    >>> import integration_keys
    >>> with integration_keys.Client.from_env() as client:          # doctest: +SKIP
    ...     key = client.create_integration_key("app", "integration", "My key")
    ...     print(key.id, key.secret)

The work is done by a native (Rust) core: validation, retries, redaction
and error classification are the same in every front end of the library.
Calls block the calling thread and release the GIL while they wait, so
threads run them in parallel.

Errors are raised as subclasses of :class:`IntegrationKeysError`. Log
records go to the ``integration_keys`` logger of :mod:`logging`; the
environment variable INTEGRATION_KEYS_LOG (``off``, ``error``, ``warn``,
``info``, ``debug`` or ``trace``) sets its level when the module is first
imported.
"""

import logging as _logging

from ._errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DecodeError,
    IntegrationKeysError,
    InvalidArgumentError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
)
from ._native import Client, IntegrationKey, __version__, sign_jwt

__all__ = [
    "Client",
    "IntegrationKey",
    "sign_jwt",
    "__version__",
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

# A library adds no handler of its own beyond this one, which keeps records
# from reaching logging's last-resort handler when the application set up
# no logging.
_logging.getLogger("integration_keys").addHandler(_logging.NullHandler())
