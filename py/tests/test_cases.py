"""The shared cases of tests/cases/ (see the README there), through the
installed package: one test per case, named after the case.

The folder is named by INTEGRATION_KEYS_CASES, an absolute path that
run.sh sets.
"""

import copy
import json
import math
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import integration_keys as ik
from conftest import Sandbox

FRONT_END = "python"
CLOSED_URL = "http://127.0.0.1:1"


def load_cases() -> List[Dict[str, Any]]:
    folder = os.environ.get("INTEGRATION_KEYS_CASES")
    if not folder:
        raise RuntimeError("INTEGRATION_KEYS_CASES must name the tests/cases folder")
    files = sorted(Path(folder).glob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


CASES = load_cases()
RUNNABLE = [case for case in CASES if FRONT_END in case.get("only", [FRONT_END])]


def key_outcome(key: ik.IntegrationKey) -> Dict[str, Any]:
    return {"id": key.id, "display_name": key.display_name, "has_secret": key.secret is not None}


def error_outcome(error: ik.IntegrationKeysError) -> Dict[str, Any]:
    shape: Dict[str, Any] = {"kind": error.kind}
    if error.status is not None:
        shape["status"] = error.status
    if error.code is not None:
        shape["code"] = error.code
    if error.retry_after is not None:
        shape["retry_after"] = math.floor(error.retry_after)
    return {"error": shape}


def resolve(value: Any, setup: List[Dict[str, Any]]) -> Any:
    """Replaces every {"ref": "setup.N.field"} with the value it names."""
    if isinstance(value, dict):
        if set(value) == {"ref"}:
            _, n, field = value["ref"].split(".")
            return setup[int(n)][field]
        return {k: resolve(v, setup) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, setup) for v in value]
    return value


def argument(value: Any, setup: List[Dict[str, Any]]) -> Any:
    if isinstance(value, dict) and "repeat" in value:
        return value["repeat"] * value["times"]
    if isinstance(value, dict) and "bytes" in value:
        raise AssertionError("bytes arguments are only for C")
    return resolve(value, setup)


def matches(expect: Any, outcome: Any) -> bool:
    """Whether every field `expect` names has the same value in `outcome`."""
    if isinstance(expect, dict):
        return isinstance(outcome, dict) and all(
            k in outcome and matches(v, outcome[k]) for k, v in expect.items()
        )
    # JSON true is not 1, and 1 is not true.
    if isinstance(expect, bool) or isinstance(outcome, bool):
        return type(expect) is type(outcome) and expect == outcome
    return bool(expect == outcome)


def call(sandbox: Sandbox, settings: Dict[str, Any], op: str, args: List[Any]) -> Dict[str, Any]:
    """Makes the call and returns its outcome in the shared shape."""
    try:
        if op == "sign_jwt":
            key_id, secret, scope, expires_in = args
            seconds: Optional[float] = None if expires_in is None else float(expires_in)
            return {"ok": {"token": ik.sign_jwt(key_id, secret, scope, seconds)}}
        with sandbox.client(**settings) as client:
            if op == "create_integration_key":
                return {"ok": key_outcome(client.create_integration_key(*args))}
            if op == "list_integration_keys":
                keys = client.list_integration_keys(*args)
                return {"ok": {"count": len(keys), "display_names": [k.display_name for k in keys]}}
            if op == "get_integration_key":
                return {"ok": key_outcome(client.get_integration_key(*args))}
            if op == "delete_integration_key":
                client.delete_integration_key(*args)
                return {"ok": {}}
    except ik.IntegrationKeysError as e:
        return error_outcome(e)
    raise AssertionError(f"unknown op {op!r}")


def run_case(sandbox: Sandbox, case: Dict[str, Any]) -> None:
    """Runs one case against a sandbox that was just reset; raises
    AssertionError listing what disagreed."""
    setup: List[Dict[str, Any]] = []
    with sandbox.client() as setup_client:
        for step in case.get("setup", []):
            assert step["op"] == "create_integration_key", step
            setup.append(key_outcome(setup_client.create_integration_key(*step["args"])))
    for fault in case.get("faults", []):
        sandbox.control("POST", "faults", fault)

    overrides = case.get("client", {})
    settings: Dict[str, Any] = {}
    for name in ("secret", "auth", "timeout", "max_retries"):
        if name in overrides:
            settings[name] = overrides[name]
    if overrides.get("base_url") == "closed":
        settings["base_url"] = CLOSED_URL
    unknown = set(overrides) - {"secret", "auth", "timeout", "max_retries", "base_url"}
    assert not unknown, f"client settings this runner does not know: {unknown}"

    args = [argument(a, setup) for a in case["call"]["args"]]
    before = len(sandbox.requests())
    outcome = call(sandbox, settings, case["call"]["op"], args)
    made = sandbox.requests()[before:]

    problems = []
    expect = resolve(case["expect"], setup)
    if not matches(expect, outcome):
        problems.append(f"expected {expect}, got {outcome}")
    if "requests" in case:
        seen: Dict[str, int] = {}
        for request in made:
            seen[request["method"]] = seen.get(request["method"], 0) + 1
        wanted = {method: n for method, n in case["requests"].items() if n}
        if seen != wanted:
            problems.append(f"expected requests {case['requests']}, saw {seen}")
    if "paths" in case:
        paths = [request["path"] for request in made]
        if paths != case["paths"]:
            problems.append(f"expected paths {case['paths']}, saw {paths}")
    assert not problems, "; ".join(problems)


def test_enough_cases() -> None:
    assert len(RUNNABLE) >= 30, f"only {len(RUNNABLE)} cases for {FRONT_END}"
    names = [case["name"] for case in RUNNABLE]
    assert len(set(names)) == len(names), names


@pytest.mark.parametrize("case", RUNNABLE, ids=[case["name"] for case in RUNNABLE])
def test_case(sandbox: Sandbox, case: Dict[str, Any]) -> None:
    run_case(sandbox, case)


def named(name: str) -> Dict[str, Any]:
    return copy.deepcopy(next(case for case in CASES if case["name"] == name))


@pytest.mark.parametrize(
    "name,change",
    [
        ("create", lambda c: c["expect"]["ok"].update(has_secret=False)),
        ("create", lambda c: c["expect"]["ok"].update(has_secret=1)),
        ("create", lambda c: c.update(requests={"POST": 2})),
        ("create", lambda c: c.update(requests={})),
        ("rate_limited", lambda c: c["expect"]["error"].update(retry_after=2)),
        ("get", lambda c: c["expect"]["ok"].update(id={"ref": "setup.0.display_name"})),
        ("connection", lambda c: c["expect"]["error"].update(status=None)),
        ("ids_stay_in_their_segment", lambda c: c.update(paths=["/v2/apps/a/../b"])),
        ("list", lambda c: c["expect"]["ok"].update(display_names=["second", "first"])),
    ],
)
def test_the_runner_sees_disagreements(sandbox: Sandbox, name: str, change: Any) -> None:
    case = named(name)
    change(case)
    with pytest.raises(AssertionError):
        run_case(sandbox, case)
