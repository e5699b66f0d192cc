"""Times one get of an integration key through a Python client, against the
sandbox that bench/run.sh started.

Usage: python bench.py integration-keys|official|requests|httpx

The connection settings come from the BENCH_* environment variables; the
measurements are asked for on standard input, one command a line, and each
is answered with one JSON line on standard output (the protocol of
bench/driver.py, described in bench/README.md).
"""

import base64
import json
import os
import resource
import sys
import threading
import time
from importlib import metadata


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"bench.py: {name} is not set")
    return value


URL = env("BENCH_URL")
KEY_ID = env("BENCH_KEY_ID")
SECRET = env("BENCH_SECRET")
APP_ID = env("BENCH_APP_ID")
INTEGRATION_ID = env("BENCH_INTEGRATION_ID")
TARGET_KEY = env("BENCH_TARGET_KEY")
IN_FLIGHT = int(os.environ.get("BENCH_IN_FLIGHT") or 16)

KEY_URL = f"{URL}/v2/apps/{APP_ID}/integrations/{INTEGRATION_ID}/keys/{TARGET_KEY}"
HEADERS = {
    "Authorization": "Basic " + base64.b64encode(f"{KEY_ID}:{SECRET}".encode()).decode(),
    "Accept": "application/json",
}


def ours():
    import integration_keys

    client = integration_keys.Client(base_url=URL, key_id=KEY_ID, secret=SECRET)

    def get():
        return client.get_integration_key(APP_ID, INTEGRATION_ID, TARGET_KEY).id

    return "integration-keys", integration_keys.__version__, get


def official():
    import sunshine_conversations_client as sc

    configuration = sc.Configuration(host=URL, username=KEY_ID, password=SECRET)
    # The default pool (5 per CPU) would drop connections with 16 threads.
    configuration.connection_pool_maxsize = max(IN_FLIGHT, 1)
    api = sc.CustomIntegrationApiKeysApi(sc.ApiClient(configuration))

    def get():
        return api.get_custom_integration_key(APP_ID, INTEGRATION_ID, TARGET_KEY).key.id

    return "sunshine-conversations-client", metadata.version("sunshine-conversations-client"), get


def with_requests():
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    # As many pooled connections as calls in flight (the default is 10).
    session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=max(IN_FLIGHT, 1)))
    session.trust_env = False

    def get():
        response = session.get(KEY_URL, headers=HEADERS)
        response.raise_for_status()
        return response.json()["key"]["id"]

    return "requests (Session)", requests.__version__, get


def with_httpx():
    import httpx

    client = httpx.Client(trust_env=False)

    def get():
        response = client.get(KEY_URL, headers=HEADERS)
        response.raise_for_status()
        return response.json()["key"]["id"]

    return "httpx (Client)", httpx.__version__, get


CLIENTS = {
    "integration-keys": ours,
    "official": official,
    "requests": with_requests,
    "httpx": with_httpx,
}


def checked(get):
    def call():
        got = get()
        if got != TARGET_KEY:
            raise SystemExit(f"bench.py: got key {got}, expected {TARGET_KEY}")

    return call


def concurrent(call, total, in_flight):
    """Makes `total` calls from `in_flight` threads; returns the seconds taken."""
    lock = threading.Lock()
    left = [total]
    failures = []

    def worker():
        try:
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                call()
        except BaseException as e:  # reported after the join
            failures.append(e)

    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"bench.py: a call failed: {failures[0]!r}")
    return elapsed


def memory_mb():
    rss = peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return rss, peak


def usage():
    """CPU seconds (user + system) and context switches of this process so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime, ru.ru_nvcsw + ru.ru_nivcsw


def sequential(call, total):
    latencies = []
    started = time.perf_counter()
    for _ in range(total):
        t = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - t)
    seconds = time.perf_counter() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0.0
        return round(latencies[min(int(len(latencies) * p), len(latencies) - 1)] * 1e6, 2)

    return {"seconds": seconds, "p50_us": percentile(0.5), "p99_us": percentile(0.99)}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CLIENTS:
        sys.exit(f"usage: bench.py {'|'.join(CLIENTS)}")
    name, version, get = CLIENTS[sys.argv[1]]()
    call = checked(get)

    for line in sys.stdin:
        words = line.split()
        command, numbers = words[0], [int(w) for w in words[1:]]
        if command == "info":
            answer = {"front_end": "Python", "client": name, "version": version}
        elif command == "warmup":
            calls, in_flight = numbers
            sequential(call, calls)
            concurrent(call, max(calls, in_flight), in_flight)
            answer = {}
        elif command == "seq":
            answer = sequential(call, numbers[0])
        elif command == "conc":
            cpu0, switches0 = usage()
            seconds = concurrent(call, *numbers)
            cpu1, switches1 = usage()
            answer = {"seconds": seconds, "cpu_seconds": cpu1 - cpu0, "context_switches": switches1 - switches0}
        elif command == "mem":
            concurrent(call, *numbers)
            rss, peak = memory_mb()
            answer = {"rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1)}
        else:
            sys.exit(f"bench.py: unknown command {line!r}")
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
