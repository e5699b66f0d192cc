"""The example program, run against the sandbox."""

import json
import os
import subprocess
import sys

from conftest import APP, INTEGRATION, Sandbox

EXAMPLE = os.path.join(
    os.path.dirname(__file__), "..", "..", "examples", "python", "create_key.py"
)


def run(sandbox: Sandbox, *args: str) -> "subprocess.CompletedProcess[str]":
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTEGRATION_KEYS_")}
    env.update(
        INTEGRATION_KEYS_BASE_URL=sandbox.url,
        INTEGRATION_KEYS_KEY_ID=sandbox.key_id,
        INTEGRATION_KEYS_SECRET=sandbox.secret,
    )
    return subprocess.run(
        [sys.executable, EXAMPLE, *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_example_creates_and_prints_a_key(sandbox: Sandbox) -> None:
    done = run(sandbox, APP, INTEGRATION, "From the example")
    assert done.returncode == 0, done.stderr
    key = json.loads(done.stdout)["key"]
    assert key["id"].startswith("int_")
    assert key["displayName"] == "From the example"
    assert len(key["secret"]) > 20
    assert [r["method"] for r in sandbox.requests()] == ["POST"]


def test_the_example_reports_errors(sandbox: Sandbox) -> None:
    done = run(sandbox, "", INTEGRATION)
    assert done.returncode == 1
    assert "InvalidArgumentError" in done.stderr
    assert run(sandbox).returncode == 2
