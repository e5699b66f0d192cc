"""Prints the benchmark's Markdown table and target checks from the JSON
lines the parts of bench/run.sh wrote (Python standard library only).

Usage: python3 report.py RESULTS.jsonl [VERSION ...]

Each line of RESULTS.jsonl is one client's result, as bench/driver.py
wrote it from the answers of bench/rust, bench/c/bench.c,
bench/python/bench.py or bench/node/bench.js.
The VERSION arguments (such as "rustc 1.95.0") go into the header.
Exits 0 whether targets are met or missed; non-zero only if the results
cannot be read.
"""

import datetime
import json
import os
import platform
import sys

# (front end, client) in table order; the first of each group is ours.
ORDER = [
    ("Rust", "integration-keys (core)"),
    ("Rust", "reqwest::blocking (raw)"),
    ("Rust", "ureq (raw)"),
    ("Rust", "hand-written HTTP/1.1 on TcpStream"),
    ("C", "libintegration_keys.so"),
    ("Python", "integration-keys"),
    ("Python", "sunshine-conversations-client"),
    ("Python", "requests (Session)"),
    ("Python", "httpx (Client)"),
    ("Node", "integration-keys"),
    ("Node", "sunshine-conversations-client"),
    ("Node", "fetch (built in)"),
]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load(path):
    results = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                sys.exit(f"report.py: {path}:{number}: not JSON: {e}")
            results[(row["front_end"], row["client"])] = row
    return results


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    results = load(sys.argv[1])
    versions = sys.argv[2:]

    def get(front_end, client):
        return results.get((front_end, client))

    raw = get("Rust", "reqwest::blocking (raw)")
    py_official = get("Python", "sunshine-conversations-client")
    node_official = get("Node", "sunshine-conversations-client")

    def slower_than_raw(row):
        if not raw or row is raw:
            return None
        return row["per_call_us"] / raw["per_call_us"]

    def faster_than_py_official(row):
        if not py_official or row is py_official:
            return None
        return py_official["per_call_us"] / row["per_call_us"]

    def node_throughput(row):
        if not node_official or row is node_official:
            return None
        return row["calls_per_s"] / node_official["calls_per_s"]

    def ratio_text(row):
        front_end = row["front_end"]
        if row is raw or row is py_official or row is node_official:
            return "baseline"
        if row["client"].startswith("hand-written"):
            ratio = slower_than_raw(row)
            return f"floor of the machine: {ratio:.2f}x raw reqwest" if ratio else "floor of the machine"
        if front_end in ("Rust", "C"):
            ratio = slower_than_raw(row)
            return f"{ratio:.2f}x raw reqwest's time per call" if ratio else "n/a"
        if front_end == "Python":
            ratio = faster_than_py_official(row)
            return f"{ratio:.1f}x faster per call than official" if ratio else "n/a"
        if front_end == "Node":
            ratio = node_throughput(row)
            return f"{ratio:.1f}x official's calls/s" if ratio else "n/a"
        return "n/a"

    rows = [results[k] for k in ORDER if k in results]
    rows += [row for k, row in results.items() if k not in ORDER]
    memory_calls = sorted({row["memory_calls"] for row in rows})
    in_flight = sorted({row["in_flight"] for row in rows})
    n_text = "/".join(f"{n:,}" for n in memory_calls) or "N"
    k_text = "/".join(str(k) for k in in_flight) or "16"

    print("## integration-keys benchmark: get_integration_key against the local sandbox")
    print()
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, {platform.system()} {platform.release()}")
    if versions:
        print("- versions: " + ", ".join(versions))
    if rows:
        first = rows[0]
        print(
            f"- calls per client: {first['sequential_calls']:,} timed one at a time and "
            f"{first['concurrent_calls']:,} with {k_text} in flight, in {first.get('rounds', 1)} rounds "
            f"(per call: the median call; calls/s: the median round), then {n_text} more before RSS is read"
        )
    print()
    print(
        f"| front end | client | per call (µs, 1 in flight) | calls/s ({k_text} in flight) "
        f"| RSS after {n_text} calls (MB) | ratio vs its target baseline |"
    )
    print("|---|---|--:|--:|--:|---|")
    def mb(value):
        return "n/a" if value is None else f"{value:.1f}"

    for row in rows:
        print(
            f"| {row['front_end']} | {(row['client'] + ' ' + row['version']).strip()} | {row['per_call_us']:.1f} "
            f"| {row['calls_per_s']:,.0f} | {mb(row['rss_mb'])} | {ratio_text(row)} |"
        )
    print()
    print(
        "Where the time goes: one call at a time, the mean and 99th percentile call (medians "
        f"over the rounds); with {k_text} in flight, the CPU time the client's process spent "
        "per call (all its threads; the sandbox's CPU is not counted) and its context "
        "switches per call."
    )
    print()
    print(
        "| front end | client | mean per call (µs) | p99 (µs) "
        f"| client CPU per call, {k_text} in flight (µs) | context switches per call | peak RSS (MB) |"
    )
    print("|---|---|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['front_end']} | {row['client']} | {row.get('mean_us', 0):.1f} | {row['p99_us']:.1f} "
            f"| {row.get('cpu_us_per_call', 0):.1f} | {row.get('context_switches_per_call', 0):.2f} "
            f"| {mb(row.get('peak_rss_mb'))} |"
        )
    print()
    print("Target checks (same run; informational):")

    def check(label, row, ratio, ok, text):
        if row is None or ratio is None:
            print(f"SKIP {label}: not measured in this run")
        else:
            print(f"{'PASS' if ok(ratio) else 'MISS'} {label}: {text(ratio)}")

    core = get("Rust", "integration-keys (core)")
    check(
        "Rust core within 1.1x of raw reqwest per call",
        core,
        core and slower_than_raw(core),
        lambda r: r <= 1.1,
        lambda r: f"{r:.2f}x",
    )
    c = get("C", "libintegration_keys.so")
    check(
        "C library within 1.1x of raw reqwest per call",
        c,
        c and slower_than_raw(c),
        lambda r: r <= 1.1,
        lambda r: f"{r:.2f}x",
    )
    py = get("Python", "integration-keys")
    check(
        "Python module at least 5x faster per call than sunshine-conversations-client",
        py,
        py and faster_than_py_official(py),
        lambda r: r >= 5,
        lambda r: f"{r:.1f}x",
    )
    node = get("Node", "integration-keys")
    check(
        "Node addon at least 5x the calls/s of sunshine-conversations-client "
        f"with {k_text} in flight",
        node,
        node and node_throughput(node),
        lambda r: r >= 5,
        lambda r: f"{r:.1f}x",
    )


if __name__ == "__main__":
    main()
