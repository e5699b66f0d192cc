"""Type stubs for the native part of integration_keys."""

from typing import Any, ClassVar, Dict, List, Optional, final

__all__ = ["Client", "IntegrationKey", "sign_jwt", "__version__"]

__version__: str

@final
class Client:
    """A client of the custom integration API keys endpoints."""

    def __new__(
        cls,
        *,
        subdomain: Optional[str] = None,
        base_url: Optional[str] = None,
        key_id: Optional[str] = None,
        secret: Optional[str] = None,
        auth: Optional[str] = None,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        user_agent: Optional[str] = None,
        allow_insecure_http: Optional[bool] = None,
    ) -> Client: ...
    @staticmethod
    def from_env(
        *,
        subdomain: Optional[str] = None,
        base_url: Optional[str] = None,
        key_id: Optional[str] = None,
        secret: Optional[str] = None,
        auth: Optional[str] = None,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        user_agent: Optional[str] = None,
        allow_insecure_http: Optional[bool] = None,
    ) -> Client: ...
    @property
    def base_url(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def create_integration_key(
        self, app_id: str, integration_id: str, display_name: str
    ) -> IntegrationKey: ...
    def list_integration_keys(
        self, app_id: str, integration_id: str
    ) -> List[IntegrationKey]: ...
    def get_integration_key(
        self, app_id: str, integration_id: str, key_id: str
    ) -> IntegrationKey: ...
    def delete_integration_key(
        self, app_id: str, integration_id: str, key_id: str
    ) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Client: ...
    def __exit__(
        self,
        exc_type: Optional[type] = None,
        exc_value: Optional[BaseException] = None,
        traceback: Optional[Any] = None,
    ) -> None: ...

@final
class IntegrationKey:
    """An API key of a custom integration; the secret prints as <redacted>."""

    def __new__(
        cls,
        id: str,
        display_name: Optional[str] = None,
        secret: Optional[str] = None,
    ) -> IntegrationKey: ...
    @property
    def id(self) -> str: ...
    @property
    def display_name(self) -> Optional[str]: ...
    @property
    def secret(self) -> Optional[str]:
        """The REAL secret, or None."""
    def to_dict(self) -> Dict[str, Optional[str]]:
        """The key as a dict, with the REAL secret."""
    def __reduce__(
        self,
    ) -> tuple[type[IntegrationKey], tuple[str, Optional[str], Optional[str]]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def sign_jwt(
    key_id: str,
    secret: str,
    scope: str,
    expires_in: Optional[float] = None,
) -> str: ...
