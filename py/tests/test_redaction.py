"""Secrets never show in repr, str, exception text or log records."""

import logging
import os

import pytest

import integration_keys as ik
from conftest import APP, INTEGRATION, Sandbox

LOWEST = 1  # below TRACE (5), the lowest level the core logs at


def test_repr_and_str_redact_the_secret(client: ik.Client) -> None:
    key = client.create_integration_key(APP, INTEGRATION, "Shown")
    assert key.secret
    for text in (repr(key), str(key), f"{key}", f"{key!r}", repr([key]), str({"k": key})):
        assert key.secret not in text
        assert "<redacted>" in text
    assert key.to_dict()["secret"] == key.secret
    assert repr(key) == f"IntegrationKey(id={key.id!r}, display_name='Shown', secret='<redacted>')"


def test_client_repr_holds_no_secret(sandbox: Sandbox) -> None:
    client = sandbox.client()
    assert sandbox.secret not in repr(client)
    assert sandbox.url in repr(client)
    token_client = ik.Client(base_url=sandbox.url, token="tok-very-secret")
    assert "tok-very-secret" not in repr(token_client)


def test_exceptions_hold_no_secret(sandbox: Sandbox) -> None:
    wrong = "wrong-secret-0123456789"
    with sandbox.client(secret=wrong) as client:
        with pytest.raises(ik.AuthenticationError) as caught:
            client.list_integration_keys(APP, INTEGRATION)
    error = caught.value
    for text in (str(error), repr(error), repr(error.__dict__), str(error.args)):
        assert wrong not in text and sandbox.secret not in text
    with pytest.raises(ik.InvalidArgumentError) as bad:
        ik.Client(base_url="http://user:pw-in-url@127.0.0.1:1", key_id="k", secret="s")
    assert "pw-in-url" not in str(bad.value)


def test_the_env_level_is_applied() -> None:
    if os.environ.get("INTEGRATION_KEYS_LOG", "").lower() != "trace":
        pytest.skip("INTEGRATION_KEYS_LOG is not trace in this run")
    assert logging.getLogger("integration_keys").level == 5


def test_log_records_hold_no_secret(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(LOWEST, logger="integration_keys")
    caplog.set_level(LOWEST)
    with sandbox.client(max_retries=1) as client:
        key = client.create_integration_key(APP, INTEGRATION, "Logged")
        client.get_integration_key(APP, INTEGRATION, key.id)
        client.list_integration_keys(APP, INTEGRATION)
        sandbox.fault(status=503)
        client.list_integration_keys(APP, INTEGRATION)
        client.delete_integration_key(APP, INTEGRATION, key.id)
    with sandbox.client(auth="jwt") as client:
        client.list_integration_keys(APP, INTEGRATION)
    with sandbox.client(secret="wrong-secret-0123456789", max_retries=0) as client:
        with pytest.raises(ik.AuthenticationError):
            client.list_integration_keys(APP, INTEGRATION)

    ours = [r for r in caplog.records if r.name.startswith("integration_keys")]
    # Records did arrive, through the integration_keys logger, with the
    # request lines and the retry.
    assert ours, "no log records were captured"
    text = "\n".join(f"{r.name} {r.levelname} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "503" in text and "retrying" in text
    assert "/v2/apps/app_1/integrations/int_1/keys" in text
    assert key.secret and key.secret not in text
    assert sandbox.secret not in text
    assert "wrong-secret-0123456789" not in text
    assert "Bearer" not in text and "Basic" not in text
    # The HTTP libraries' own records are not forwarded.
    assert all(r.name.startswith("integration_keys") for r in caplog.records if r.name != "root")


def test_logging_follows_the_python_level(
    client: ik.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="integration_keys")
    client.list_integration_keys(APP, INTEGRATION)
    assert not [r for r in caplog.records if r.name.startswith("integration_keys")]
    caplog.set_level(logging.DEBUG, logger="integration_keys")
    client.list_integration_keys(APP, INTEGRATION)
    assert [r for r in caplog.records if r.name.startswith("integration_keys")]
