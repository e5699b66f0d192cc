"""Threads run calls in parallel; a client survives os.fork()."""

import json
import os
import signal
import threading
import time
import warnings
from typing import List

import pytest

import integration_keys as ik
from conftest import APP, INTEGRATION, Sandbox

CALLS = 16
DELAY_MS = 200


def timed_calls(client: ik.Client, threads: int) -> float:
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(CALLS // threads):
                client.list_integration_keys(APP, INTEGRATION)
        except BaseException as e:  # reported below
            errors.append(e)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    assert not errors, errors
    return elapsed


def test_threads_run_in_parallel(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    with sandbox.client() as client:
        client.list_integration_keys(APP, INTEGRATION)  # warm the pool
        sandbox.fault(delay_ms=DELAY_MS, count=CALLS)
        sequential = timed_calls(client, 1)
        sandbox.fault(delay_ms=DELAY_MS, count=CALLS)
        threaded = timed_calls(client, 4)
    # Every call waited for its delay: no fault is left over.
    sandbox.fault(status=503)
    with sandbox.client(max_retries=0) as client:
        with pytest.raises(ik.ServerError):
            client.list_integration_keys(APP, INTEGRATION)
    with capsys.disabled():
        print(
            f"\n  {CALLS} calls of {DELAY_MS} ms: one thread {sequential:.2f} s,"
            f" four threads {threaded:.2f} s ({sequential / threaded:.1f}x)"
        )
    assert threaded < 0.6 * sequential, (threaded, sequential)


def test_other_threads_run_during_a_call(sandbox: Sandbox) -> None:
    ticks = 0
    stop = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.01)

    sandbox.fault(delay_ms=500)
    ticker = threading.Thread(target=tick)
    with sandbox.client() as client:
        ticker.start()
        before = ticks
        client.list_integration_keys(APP, INTEGRATION)
        during = ticks - before
        stop.set()
        ticker.join()
    # A call holding the GIL would leave the ticker at most a tick or two.
    assert during >= 10, during


def test_fork_after_use(sandbox: Sandbox) -> None:
    client = sandbox.client(timeout=5)
    parent_key = client.create_integration_key(APP, INTEGRATION, "parent")
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a threaded process is risky; the
        # core is written for exactly this.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_end)
            keys = client.list_integration_keys(APP, INTEGRATION)
            child_key = client.create_integration_key(APP, INTEGRATION, "child")
            report = {"listed": [k.id for k in keys], "created": child_key.id}
            os.write(write_end, json.dumps(report).encode())
            code = 0
        finally:
            os._exit(code)

    os.close(write_end)
    deadline = time.monotonic() + 20
    status = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    report = json.loads(data)
    assert report["listed"] == [parent_key.id]

    # The parent's client still works, and sees the child's key.
    keys = client.list_integration_keys(APP, INTEGRATION)
    assert [k.id for k in keys] == [parent_key.id, report["created"]]
    client.close()
