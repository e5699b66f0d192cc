"""Wrong types raise TypeError; bad values raise InvalidArgumentError
before any request is sent."""

from typing import Any, Callable, Dict

import pytest

import integration_keys as ik
from conftest import APP, INTEGRATION, Sandbox


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.create_integration_key(1, INTEGRATION, "n"),
        lambda c: c.create_integration_key(APP, INTEGRATION, 5),
        lambda c: c.list_integration_keys(APP, None),
        lambda c: c.get_integration_key(APP, INTEGRATION, 7),
        lambda c: c.delete_integration_key(APP, INTEGRATION, b"int_1"),
        lambda c: c.list_integration_keys(APP),
    ],
)
def test_wrong_types(client: ik.Client, sandbox: Sandbox, call: Callable[[Any], Any]) -> None:
    with pytest.raises(TypeError):
        call(client)
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    "settings",
    [{"key_id": 5}, {"timeout": "soon"}, {"max_retries": "2"}, {"secret": ["x"]}],
)
def test_wrong_setting_types(sandbox: Sandbox, settings: Dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        sandbox.client(**settings)


def test_positional_settings_are_refused(sandbox: Sandbox) -> None:
    make: Any = ik.Client  # the stubs forbid this call statically too
    with pytest.raises(TypeError):
        make(sandbox.url)


@pytest.mark.parametrize(
    "app,integration,name",
    [
        ("", INTEGRATION, "n"),
        (APP, "", "n"),
        ("a" * 257, INTEGRATION, "n"),
        (APP, "in\nt", "n"),
        (APP, "..", "n"),
        (APP, INTEGRATION, ""),
        (APP, INTEGRATION, "x" * 101),
        (APP, INTEGRATION, "tab\there"),
    ],
)
def test_bad_values(client: ik.Client, sandbox: Sandbox, app: str, integration: str, name: str) -> None:
    with pytest.raises(ik.InvalidArgumentError):
        client.create_integration_key(app, integration, name)
    assert sandbox.requests() == []


def test_limits_are_inclusive(client: ik.Client) -> None:
    key = client.create_integration_key("a" * 256, INTEGRATION, "é" * 100)
    assert key.display_name == "é" * 100


def test_bad_key_ids(client: ik.Client, sandbox: Sandbox) -> None:
    for bad in ("", "\x00", "k" * 300):
        with pytest.raises(ik.InvalidArgumentError):
            client.get_integration_key(APP, INTEGRATION, bad)
        with pytest.raises(ValueError):
            client.delete_integration_key(APP, INTEGRATION, bad)
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    "settings",
    [
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": float("nan")},
        {"connect_timeout": 0},
        {"max_retries": -1},
        {"max_retries": 11},
        {"max_retries": 2**40},
        {"max_retries": 2.5},
        {"max_retries": float("nan")},
        {"max_retries": float("inf")},
        {"auth": "digest"},
        {"base_url": "http://example.com"},
        {"base_url": "not a url"},
        {"user_agent": "bad\nagent"},
        {"subdomain": "a.b", "base_url": None},
        {"secret": None, "token": None},
    ],
)
def test_bad_settings(sandbox: Sandbox, settings: Dict[str, Any]) -> None:
    with pytest.raises(ik.InvalidArgumentError):
        sandbox.client(**settings)


def test_insecure_http_only_when_allowed() -> None:
    # Only built, never called: nothing is sent to the remote host.
    settings: Dict[str, Any] = {"base_url": "http://example.com", "key_id": "k", "secret": "s"}
    with pytest.raises(ik.InvalidArgumentError, match="not loopback"):
        ik.Client(**settings)
    with pytest.raises(ik.InvalidArgumentError):
        ik.Client(**settings, allow_insecure_http=False)
    client = ik.Client(**settings, allow_insecure_http=True)
    assert client.base_url == "http://example.com"


@pytest.mark.parametrize(
    "value,message",
    [
        (-1, "max_retries must be a whole number from 0 to 10, not -1"),
        (11, "max_retries must be a whole number from 0 to 10, not 11"),
        (0.5, "max_retries must be a whole number from 0 to 10, not 0.5"),
    ],
)
def test_max_retries_is_checked_by_the_core(sandbox: Sandbox, value: float, message: str) -> None:
    with pytest.raises(ik.InvalidArgumentError) as raised:
        sandbox.client(max_retries=value)
    assert raised.value.message == message


def test_whole_max_retries(sandbox: Sandbox) -> None:
    for value in (0, 10, 3.0, True):
        with sandbox.client(max_retries=value) as client:
            client.list_integration_keys(APP, INTEGRATION)


@pytest.mark.parametrize(
    "expires_in",
    [0, 0.0, -0.0, -1e-300, -5, -(10**12), float("-inf"), float("nan"), float("inf"), 1e12],
)
def test_sign_jwt_refuses_expiry_out_of_range(expires_in: float) -> None:
    with pytest.raises(ik.InvalidArgumentError) as raised:
        ik.sign_jwt("k", "s", "app", expires_in)
    assert raised.value.message.startswith("expires_in must be more than 0")


def test_sign_jwt_arguments() -> None:
    for args in (("", "s", "app"), ("k", "", "app"), ("k", "s", ""), ("k\n", "s", "app")):
        with pytest.raises(ik.InvalidArgumentError):
            ik.sign_jwt(*args)
    for expires_in in (0, -5, float("nan")):
        with pytest.raises(ik.InvalidArgumentError):
            ik.sign_jwt("k", "s", "app", expires_in)
    with pytest.raises(TypeError):
        ik.sign_jwt("k", 1, "app")  # type: ignore[arg-type]
    assert ik.sign_jwt("k", "s", "app", 10 * 365 * 24 * 3600).count(".") == 2
