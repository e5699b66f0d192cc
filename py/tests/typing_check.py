"""Uses the whole public API with full annotations; checked with
``mypy --strict`` (not run by pytest, which only collects test_*.py)."""

import logging
import pickle
from typing import Dict, List, Optional, Type

import integration_keys
from integration_keys import (
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    DecodeError,
    IntegrationKey,
    IntegrationKeysError,
    InvalidArgumentError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    sign_jwt,
)


def every_setting(url: str, key_id: str, secret: str) -> Client:
    return Client(
        subdomain=None,
        base_url=url,
        key_id=key_id,
        secret=secret,
        auth="jwt",
        token=None,
        timeout=2.5,
        connect_timeout=1,
        max_retries=0,
        user_agent="typing/1",
    )


def use_a_client(client: Client) -> List[str]:
    with client as c:
        created: IntegrationKey = c.create_integration_key("app", "int", "name")
        secret: Optional[str] = created.secret
        keys: List[IntegrationKey] = c.list_integration_keys("app", "int")
        one: IntegrationKey = c.get_integration_key("app", "int", created.id)
        c.delete_integration_key("app", "int", one.id)
        as_dict: Dict[str, Optional[str]] = one.to_dict()
        name: Optional[str] = one.display_name
        same: bool = one == created
        url: str = c.base_url
        closed: bool = c.closed
        print(secret, as_dict, name, same, url, closed)
    client.close()
    return [k.id for k in keys]


def from_env() -> Client:
    return Client.from_env(max_retries=1)


def tokens() -> str:
    token: str = sign_jwt("app_1", "secret", "app")
    return token + sign_jwt("app_1", "secret", "account", expires_in=60.0)


def handle(client: Client) -> Optional[float]:
    try:
        client.list_integration_keys("app", "int")
    except RateLimitedError as e:
        return e.retry_after
    except (NotFoundError, ConflictError, PermissionDeniedError, AuthenticationError) as e:
        status: Optional[int] = e.status
        print(status, e.code, e.title, e.request_id, e.kind, e.message)
    except (BadRequestError, ServerError, DecodeError, InvalidArgumentError) as e:
        print(e.kind)
    except RequestTimeoutError as e:
        timeout: TimeoutError = e
        print(timeout)
    except NetworkError as e:
        connection: ConnectionError = e
        print(connection)
    except IntegrationKeysError as e:
        copy: IntegrationKeysError = pickle.loads(pickle.dumps(e))
        print(copy)
    return None


def make_errors() -> List[IntegrationKeysError]:
    classes: List[Type[IntegrationKeysError]] = [NotFoundError, ServerError]
    return [cls("message", status=404, code="c", title="t", request_id="r", retry_after=1.0) for cls in classes]


def build_a_key() -> IntegrationKey:
    return IntegrationKey("int_1", display_name="n", secret=None)


logging.getLogger("integration_keys").setLevel(logging.DEBUG)
version: str = integration_keys.__version__
