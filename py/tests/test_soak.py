"""Soak: 100,000 calls through one client from four threads, with the
process's resident memory sampled every 10,000 calls. Memory must stay
flat once the client has warmed up.

Most calls get or list existing keys; every thread also creates and
deletes a key of its own now and then (so the sandbox's limit of 10 keys
per integration is never reached) and asks for a key that does not exist,
so that errors are made and dropped too. The samples and the time taken
are printed.
"""

import logging
import os
import threading
import time
from typing import Callable, Dict, List

import pytest

import integration_keys as ik
from conftest import APP, INTEGRATION, Sandbox

THREADS = 4
ROUNDS = 10
CALLS_PER_ROUND = 10_000
TOTAL = ROUNDS * CALLS_PER_ROUND
# One thread's calls come in runs of this many: a create, its delete, a
# get of a missing key, then gets and lists of the thread's own key.
PATTERN = 50
# Growth allowed between the samples at 20,000 and at 100,000 calls: about
# 200 bytes a call, so that even a small object leaked per call shows.
GROWTH_LIMIT_MB = 16

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """The resident set size of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * PAGE_SIZE / 2**20


def worker(client: ik.Client, own_key: str, calls: int, counts: Dict[str, int]) -> None:
    """Makes `calls` calls and counts them by HTTP method."""
    for i in range(calls):
        step = i % PATTERN
        if step == 0:
            created = client.create_integration_key(APP, INTEGRATION, "soak")
            assert created.secret
            counts["POST"] += 1
        elif step == 1:
            client.delete_integration_key(APP, INTEGRATION, created.id)
            counts["DELETE"] += 1
        elif step == 2:
            try:
                client.get_integration_key(APP, INTEGRATION, "int_missing")
            except ik.NotFoundError:
                pass
            else:
                raise AssertionError("a missing key was found")
            counts["GET"] += 1
        elif step % 2:
            assert client.get_integration_key(APP, INTEGRATION, own_key).id == own_key
            counts["GET"] += 1
        else:
            keys = client.list_integration_keys(APP, INTEGRATION)
            assert THREADS <= len(keys) <= 2 * THREADS, len(keys)
            counts["GET"] += 1


def run_round(work: Callable[[int], None]) -> None:
    errors: List[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


def test_memory_stays_flat(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert CALLS_PER_ROUND % (THREADS * PATTERN) == 0
    per_thread = CALLS_PER_ROUND // THREADS
    # A record per call would be kept by pytest's log capture and measured
    # as growth: the soak runs with the package's logging off.
    logger = logging.getLogger("integration_keys")
    level = logger.level
    logger.setLevel(logging.WARNING)
    counts = [{"POST": 0, "DELETE": 0, "GET": 0} for _ in range(THREADS)]
    samples: List[float] = []
    try:
        with sandbox.client() as client:
            keys = [
                client.create_integration_key(APP, INTEGRATION, f"soak {n}").id
                for n in range(THREADS)
            ]
            started = time.perf_counter()
            for _ in range(ROUNDS):
                run_round(lambda n: worker(client, keys[n], per_thread, counts[n]))
                samples.append(rss_mb())
            elapsed = time.perf_counter() - started
            log = sandbox.requests()
            remaining = client.list_integration_keys(APP, INTEGRATION)
    finally:
        logger.setLevel(level)

    with capsys.disabled():
        rate = TOTAL / elapsed
        print(f"\nsoak: {TOTAL:,} calls from {THREADS} threads in {elapsed:.1f} s ({rate:,.0f}/s)")
        for n, mb in enumerate(samples, 1):
            print(f"soak: RSS after {n * CALLS_PER_ROUND:>7,} calls: {mb:7.1f} MB")
        print(f"soak: growth from 20,000 to 100,000 calls: {samples[-1] - samples[1]:+.1f} MB")

    assert sorted(k.id for k in remaining) == sorted(keys)
    # Every call reached the sandbox exactly once: no retries, none lost.
    # The soak's requests are the last ones the sandbox logged.
    assert len(log) >= TOTAL, f"the sandbox logged only {len(log)} requests"
    made: Dict[str, int] = {}
    for request in log[-TOTAL:]:
        made[request["method"]] = made.get(request["method"], 0) + 1
    wanted: Dict[str, int] = {}
    for c in counts:
        for method, n in c.items():
            wanted[method] = wanted.get(method, 0) + n
    assert sum(wanted.values()) == TOTAL, wanted
    assert made == wanted, (made, wanted)
    assert samples[-1] - samples[1] < GROWTH_LIMIT_MB, samples
