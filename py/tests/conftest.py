"""Fixtures: one sandbox for the whole session, reset before each test.

The sandbox is the command-line tool's offline server, started as
``$INTEGRATION_KEYS_CLI sandbox --json``; its control endpoints are driven
with urllib.
"""

import os

# Log records are tested at the lowest level. The level is read when
# integration_keys is first imported, so it is set before that import.
os.environ.setdefault("INTEGRATION_KEYS_LOG", "trace")

import json  # noqa: E402
import subprocess  # noqa: E402
import urllib.request  # noqa: E402
from typing import Any, Dict, Iterator, List, Optional  # noqa: E402

import pytest  # noqa: E402

import integration_keys  # noqa: E402

APP = "app_1"
INTEGRATION = "int_1"


class Sandbox:
    """A running sandbox: its URL and credentials, and its controls."""

    def __init__(self, url: str, key_id: str, secret: str) -> None:
        self.url = url
        self.key_id = key_id
        self.secret = secret

    def control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + "/__sandbox/" + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"{}")

    def reset(self) -> None:
        self.control("POST", "reset")

    def fault(self, **fields: Any) -> None:
        """Queues a fault for the next API request(s)."""
        self.control("POST", "faults", fields)

    def requests(self) -> List[Dict[str, str]]:
        """Every API request the sandbox received since the last reset."""
        result: List[Dict[str, str]] = self.control("GET", "requests")["requests"]
        return result

    def client(self, **overrides: Any) -> integration_keys.Client:
        settings: Dict[str, Any] = {
            "base_url": self.url,
            "key_id": self.key_id,
            "secret": self.secret,
        }
        settings.update(overrides)
        return integration_keys.Client(**settings)


@pytest.fixture(scope="session")
def sandbox_process() -> Iterator[Sandbox]:
    cli = os.environ.get("INTEGRATION_KEYS_CLI")
    if not cli:
        pytest.fail("INTEGRATION_KEYS_CLI must name the integration-keys binary")
    process = subprocess.Popen(
        [cli, "sandbox", "--json"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            pytest.fail("the sandbox printed nothing")
        info = json.loads(line)
        yield Sandbox(info["url"], info["key_id"], info["secret"])
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def sandbox(sandbox_process: Sandbox) -> Sandbox:
    sandbox_process.reset()
    return sandbox_process


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[integration_keys.Client]:
    with sandbox.client() as c:
        yield c
