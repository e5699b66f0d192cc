"""The four operations, the settings and the ways to authenticate."""

import pickle
from typing import Iterator

import pytest

import integration_keys
from conftest import APP, INTEGRATION, Sandbox


def test_create_list_get_delete(client: integration_keys.Client, sandbox: Sandbox) -> None:
    created = client.create_integration_key(APP, INTEGRATION, "My key")
    assert created.id.startswith("int_")
    assert created.display_name == "My key"
    assert isinstance(created.secret, str) and len(created.secret) > 20

    second = client.create_integration_key(APP, INTEGRATION, "Second")
    listed = client.list_integration_keys(APP, INTEGRATION)
    assert isinstance(listed, list)
    assert [k.id for k in listed] == [created.id, second.id]
    assert [k.display_name for k in listed] == ["My key", "Second"]

    got = client.get_integration_key(APP, INTEGRATION, created.id)
    assert got.id == created.id
    assert got.display_name == "My key"

    client.delete_integration_key(APP, INTEGRATION, created.id)
    assert [k.id for k in client.list_integration_keys(APP, INTEGRATION)] == [second.id]
    with pytest.raises(integration_keys.NotFoundError):
        client.get_integration_key(APP, INTEGRATION, created.id)

    methods = [r["method"] for r in sandbox.requests()]
    assert methods == ["POST", "POST", "GET", "GET", "DELETE", "GET", "GET"]


def test_ids_are_one_path_segment(client: integration_keys.Client, sandbox: Sandbox) -> None:
    assert client.list_integration_keys("a/b", "c?d") == []
    assert sandbox.requests()[0]["path"] == "/v2/apps/a%2Fb/integrations/c%3Fd/keys"


def test_an_empty_list(client: integration_keys.Client) -> None:
    assert client.list_integration_keys(APP, "nothing_here") == []


def test_integration_key_value() -> None:
    key = integration_keys.IntegrationKey("int_1", "Name", "s3cret")
    assert key == integration_keys.IntegrationKey("int_1", "Name", "s3cret")
    assert key != integration_keys.IntegrationKey("int_1", "Name", "other")
    assert key != "int_1"
    assert key.to_dict() == {"id": "int_1", "display_name": "Name", "secret": "s3cret"}
    bare = integration_keys.IntegrationKey("int_2")
    assert bare.display_name is None and bare.secret is None
    assert bare.to_dict() == {"id": "int_2", "display_name": None, "secret": None}
    assert repr(bare) == "IntegrationKey(id='int_2', display_name=None, secret=None)"
    with pytest.raises(AttributeError):
        key.id = "int_3"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        key.secret = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(key)) == key
    assert pickle.loads(pickle.dumps(bare)) == bare


def test_context_manager_and_close(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        assert not client.closed
        client.list_integration_keys(APP, INTEGRATION)
    assert client.closed
    assert "closed" in repr(client)
    with pytest.raises(integration_keys.InvalidArgumentError, match="closed"):
        client.list_integration_keys(APP, INTEGRATION)
    client.close()  # a second close does nothing


def test_context_manager_does_not_swallow(sandbox: Sandbox) -> None:
    with pytest.raises(KeyError):
        with sandbox.client():
            raise KeyError("boom")


def test_jwt_auth(sandbox: Sandbox) -> None:
    with sandbox.client(auth="jwt") as client:
        key = client.create_integration_key(APP, INTEGRATION, "via jwt")
        assert client.get_integration_key(APP, INTEGRATION, key.id).id == key.id


def test_token_from_sign_jwt(sandbox: Sandbox) -> None:
    token = integration_keys.sign_jwt(sandbox.key_id, sandbox.secret, "app", expires_in=60)
    assert token.count(".") == 2
    with integration_keys.Client(base_url=sandbox.url, token=token) as client:
        assert client.list_integration_keys(APP, INTEGRATION) == []


def test_sign_jwt_known_value() -> None:
    # The same token the core's own test checks, computed independently.
    assert integration_keys.sign_jwt("kid1", "secret", "app") == (
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6ImtpZDEifQ"
        ".eyJzY29wZSI6ImFwcCJ9"
        ".U-fVUNeLYdN6GGdoVw_wY_N8Ic6E5GaL0p8P3pPILB8"
    )


@pytest.fixture
def env_settings(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    for name in ("SUBDOMAIN", "TOKEN", "AUTH", "TIMEOUT", "CONNECT_TIMEOUT", "MAX_RETRIES"):
        monkeypatch.delenv("INTEGRATION_KEYS_" + name, raising=False)
    monkeypatch.setenv("INTEGRATION_KEYS_BASE_URL", sandbox.url)
    monkeypatch.setenv("INTEGRATION_KEYS_KEY_ID", sandbox.key_id)
    monkeypatch.setenv("INTEGRATION_KEYS_SECRET", sandbox.secret)
    yield sandbox


def test_from_env(env_settings: Sandbox) -> None:
    with integration_keys.Client.from_env() as client:
        assert client.base_url == env_settings.url
        client.create_integration_key(APP, INTEGRATION, "from env")
        assert len(client.list_integration_keys(APP, INTEGRATION)) == 1


def test_from_env_overrides(env_settings: Sandbox) -> None:
    with integration_keys.Client.from_env(secret="wrong") as client:
        with pytest.raises(integration_keys.AuthenticationError):
            client.list_integration_keys(APP, INTEGRATION)


def test_from_env_reports_bad_variables(
    env_settings: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTEGRATION_KEYS_TIMEOUT", "soon")
    with pytest.raises(integration_keys.InvalidArgumentError, match="TIMEOUT"):
        integration_keys.Client.from_env()


def test_settings_are_accepted(sandbox: Sandbox) -> None:
    with sandbox.client(
        timeout=5, connect_timeout=2.5, max_retries=0, user_agent="tests/1"
    ) as client:
        assert client.base_url == sandbox.url
        assert client.list_integration_keys(APP, INTEGRATION) == []
    assert integration_keys.Client(subdomain="acme", token="t").base_url == (
        "https://acme.zendesk.com/sc"
    )
    assert integration_keys.Client(token="t").base_url == "https://api.smooch.io"
