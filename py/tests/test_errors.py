"""Every error kind: its class, its base classes and its attributes."""

import pickle
from typing import Any, Dict, List, Type

import pytest

import integration_keys as ik
from conftest import APP, INTEGRATION, Sandbox

ALL_CLASSES: List[Type[ik.IntegrationKeysError]] = [
    ik.InvalidArgumentError,
    ik.AuthenticationError,
    ik.PermissionDeniedError,
    ik.NotFoundError,
    ik.ConflictError,
    ik.RateLimitedError,
    ik.BadRequestError,
    ik.ServerError,
    ik.RequestTimeoutError,
    ik.NetworkError,
    ik.DecodeError,
    ik.IntegrationKeysError,
]


def assert_server_error(
    error: ik.IntegrationKeysError, kind: str, status: int, code: str
) -> None:
    assert error.kind == kind
    assert error.status == status
    assert error.code == code
    assert error.title
    assert error.request_id and error.request_id.startswith("req_")
    assert str(error).startswith(kind + ": HTTP %d" % status)
    assert error.request_id in str(error)


def test_authentication_401(sandbox: Sandbox) -> None:
    with sandbox.client(secret="wrong-secret-value") as client:
        with pytest.raises(ik.AuthenticationError) as caught:
            client.list_integration_keys(APP, INTEGRATION)
    assert_server_error(caught.value, "authentication", 401, "unauthorized")
    assert caught.value.retry_after is None


@pytest.mark.parametrize(
    "status,cls,kind",
    [
        (403, ik.PermissionDeniedError, "permission_denied"),
        (409, ik.ConflictError, "conflict"),
        (500, ik.ServerError, "server"),
        (503, ik.ServerError, "server"),
    ],
)
def test_faulted_status(
    sandbox: Sandbox, status: int, cls: Type[ik.IntegrationKeysError], kind: str
) -> None:
    sandbox.fault(status=status, code="fault_code", title="Fault title")
    with sandbox.client(max_retries=0) as client:
        with pytest.raises(cls) as caught:
            client.list_integration_keys(APP, INTEGRATION)
    assert type(caught.value) is cls
    assert_server_error(caught.value, kind, status, "fault_code")
    assert caught.value.title == "Fault title"


def test_not_found_404(client: ik.Client) -> None:
    with pytest.raises(ik.NotFoundError) as caught:
        client.get_integration_key(APP, INTEGRATION, "int_000000000000000000000000")
    assert_server_error(caught.value, "not_found", 404, "not_found")
    with pytest.raises(ik.NotFoundError):
        client.delete_integration_key(APP, INTEGRATION, "int_000000000000000000000000")


def test_rate_limited_429(sandbox: Sandbox) -> None:
    sandbox.fault(status=429, retry_after="1")
    with sandbox.client(max_retries=0) as client:
        with pytest.raises(ik.RateLimitedError) as caught:
            client.list_integration_keys(APP, INTEGRATION)
    assert_server_error(caught.value, "rate_limited", 429, caught.value.code or "")
    assert caught.value.retry_after == 1
    assert isinstance(caught.value.retry_after, float)


def test_a_429_is_retried(sandbox: Sandbox) -> None:
    sandbox.fault(status=429, retry_after="0")
    with sandbox.client(max_retries=1) as client:
        assert client.list_integration_keys(APP, INTEGRATION) == []
    assert len(sandbox.requests()) == 2


def test_bad_request_400_on_the_eleventh_key(client: ik.Client) -> None:
    for i in range(10):
        client.create_integration_key(APP, INTEGRATION, f"key {i}")
    with pytest.raises(ik.BadRequestError) as caught:
        client.create_integration_key(APP, INTEGRATION, "one too many")
    assert_server_error(caught.value, "bad_request", 400, "bad_request")


def test_timeout(sandbox: Sandbox) -> None:
    sandbox.fault(delay_ms=1500)
    with sandbox.client(timeout=0.5, max_retries=0) as client:
        with pytest.raises(ik.RequestTimeoutError) as caught:
            client.list_integration_keys(APP, INTEGRATION)
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert isinstance(error, ik.IntegrationKeysError)
    assert error.kind == "timeout"
    assert error.status is None


def test_connection_refused() -> None:
    client = ik.Client(base_url="http://127.0.0.1:1", key_id="k", secret="s", max_retries=0)
    with pytest.raises(ik.NetworkError) as caught:
        client.list_integration_keys(APP, INTEGRATION)
    error = caught.value
    assert isinstance(error, ConnectionError)
    assert error.kind == "connection"
    assert error.status is None and error.request_id is None


def test_dropped_connection(sandbox: Sandbox) -> None:
    sandbox.fault(action="drop")
    with sandbox.client(max_retries=0) as client:
        with pytest.raises(ik.NetworkError):
            client.list_integration_keys(APP, INTEGRATION)


def test_decode_malformed(sandbox: Sandbox) -> None:
    sandbox.fault(action="malformed")
    with sandbox.client() as client:
        with pytest.raises(ik.DecodeError) as caught:
            client.get_integration_key(APP, INTEGRATION, "int_1")
    assert caught.value.kind == "decode"
    assert caught.value.status is None


def test_decode_oversized(sandbox: Sandbox) -> None:
    sandbox.fault(action="oversized")
    with sandbox.client() as client:
        with pytest.raises(ik.DecodeError):
            client.list_integration_keys(APP, INTEGRATION)


def test_invalid_argument_is_a_value_error(client: ik.Client, sandbox: Sandbox) -> None:
    with pytest.raises(ValueError) as caught:
        client.list_integration_keys("", INTEGRATION)
    assert type(caught.value) is ik.InvalidArgumentError
    assert caught.value.kind == "invalid_argument"
    assert caught.value.status is None
    assert "app_id" in str(caught.value)
    assert sandbox.requests() == []


def test_hierarchy() -> None:
    for cls in ALL_CLASSES:
        assert issubclass(cls, ik.IntegrationKeysError)
        assert issubclass(cls, Exception)
    assert issubclass(ik.InvalidArgumentError, ValueError)
    assert issubclass(ik.RequestTimeoutError, TimeoutError)
    assert issubclass(ik.NetworkError, ConnectionError)
    assert not issubclass(ik.NotFoundError, LookupError)


def test_internal_raises_the_base_class() -> None:
    from integration_keys._errors import _from_native

    error = _from_native("internal", "a bug", None, None, None, None, None)
    assert type(error) is ik.IntegrationKeysError
    assert error.kind == "internal"
    unknown = _from_native("from_the_future", "new", None, None, None, None, None)
    assert type(unknown) is ik.IntegrationKeysError
    assert unknown.kind == "from_the_future"


def full_attributes(error: ik.IntegrationKeysError) -> Dict[str, Any]:
    return {
        name: getattr(error, name)
        for name in ("kind", "message", "status", "code", "title", "request_id", "retry_after")
    }


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_pickle_round_trip(cls: Type[ik.IntegrationKeysError]) -> None:
    error = cls(
        "HTTP 429 (too_many): Slow down",
        status=429,
        code="too_many",
        title="Slow down",
        request_id="req_1",
        retry_after=1.5,
    )
    error.__cause__ = KeyError("underlying")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert full_attributes(back) == full_attributes(error)
    assert back.kind == cls.default_kind
    assert str(back) == str(error)
    assert back.args == error.args
    assert isinstance(back.__cause__, KeyError)
    assert back.__cause__.args == ("underlying",)

    plain = pickle.loads(pickle.dumps(cls("plain")))
    assert plain.__cause__ is None and plain.status is None


def test_pickle_a_real_error(client: ik.Client) -> None:
    with pytest.raises(ik.NotFoundError) as caught:
        client.get_integration_key(APP, INTEGRATION, "int_missing")
    back = pickle.loads(pickle.dumps(caught.value))
    assert full_attributes(back) == full_attributes(caught.value)


def test_errors_are_catchable_and_chainable() -> None:
    try:
        try:
            raise OSError("inner")
        except OSError as inner:
            raise ik.ServerError("outer", status=500) from inner
    except ik.IntegrationKeysError as caught:
        assert isinstance(caught.__cause__, OSError)
        assert caught.status == 500
