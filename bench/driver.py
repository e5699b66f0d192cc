"""Runs the benchmark's clients side by side and writes one JSON line of
results per client (Python standard library only).

Usage: python3 driver.py RESULTS.jsonl COMMAND [COMMAND ...]

Each COMMAND (one argument, split like a shell would) starts one client's
process: bench/rust's binary, bench/c/bench.c, bench/python/bench.py or
bench/node/bench.js. All of them start at once and wait for commands on
standard input; each command is answered with one JSON line:

    info              -> {"front_end", "client", "version"}
    warmup N K        -> {}   N calls one at a time, then N with K in flight
    seq N             -> {"seconds", "p50_us", "p99_us"}
    conc N K          -> {"seconds", "cpu_seconds", "context_switches"}
    mem N K           -> {"rss_mb", "peak_rss_mb"}   after N calls, K in flight

The timed calls are split into BENCH_ROUNDS rounds; in each round every
client takes its turn (in an order rotated from round to round), so a burst
of load from elsewhere on the machine falls on one round of every client
rather than on all of one client. A client's figures are medians over its
rounds: per call, the median of each round's median call (per_call_us;
mean_us is the median of the rounds' mean call); calls per second, the
median of the rounds' rates. Then each client makes BENCH_MEMORY_CALLS
calls and reports its RSS.

Settings (environment): BENCH_SEQUENTIAL_CALLS, BENCH_CONCURRENT_CALLS,
BENCH_IN_FLIGHT, BENCH_MEMORY_CALLS, BENCH_WARMUP, BENCH_ROUNDS. Exits 1
if a client failed (the others are still reported), 0 otherwise.
"""

import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def setting(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


class Client:
    def __init__(self, command):
        self.command = command
        self.process = subprocess.Popen(
            shlex.split(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.failed = False
        self.info = {"front_end": "?", "client": command, "version": ""}
        self.rounds = []
        self.concurrent_rounds = []
        self.memory = {}

    @property
    def label(self):
        return f"{self.info['front_end']}: {self.info['client']}"

    def ask(self, line):
        """Sends one command and returns the answer, or None if the client died."""
        if self.failed:
            return None
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
            if not answer:
                raise EOFError("no answer")
            return json.loads(answer)
        except (OSError, ValueError, EOFError) as e:
            self.failed = True
            print(f"   {self.label} FAILED on {line!r}: {e}", file=sys.stderr, flush=True)
            return None

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            status = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        if status != 0 and not self.failed:
            self.failed = True
            print(f"   {self.label} exited with status {status}", file=sys.stderr, flush=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_path, commands = sys.argv[1], sys.argv[2:]
    sequential_calls = setting("BENCH_SEQUENTIAL_CALLS", 2000)
    concurrent_calls = setting("BENCH_CONCURRENT_CALLS", 4 * sequential_calls)
    in_flight = setting("BENCH_IN_FLIGHT", 16)
    memory_calls = setting("BENCH_MEMORY_CALLS", 100_000)
    warmup = setting("BENCH_WARMUP", 200)
    rounds = max(1, setting("BENCH_ROUNDS", 20))
    seq_per_round = max(1, sequential_calls // rounds)
    conc_per_round = max(in_flight, concurrent_calls // rounds)
    started = time.monotonic()

    def say(text):
        print(f"== {text} [{time.monotonic() - started:.0f} s]", file=sys.stderr, flush=True)

    clients = [Client(command) for command in commands]
    for client in clients:
        info = client.ask("info")
        if info:
            client.info = info
    say(f"warming up {len(clients)} clients ({warmup} calls one at a time, then {in_flight} in flight)")
    for client in clients:
        client.ask(f"warmup {warmup} {in_flight}")

    for r in range(rounds):
        say(
            f"round {r + 1} of {rounds}: {seq_per_round} calls one at a time and "
            f"{conc_per_round} with {in_flight} in flight, per client"
        )
        order = clients[r % len(clients):] + clients[: r % len(clients)]
        for client in order:
            answer = client.ask(f"seq {seq_per_round}")
            if answer:
                client.rounds.append(answer)
            answer = client.ask(f"conc {conc_per_round} {in_flight}")
            if answer:
                client.concurrent_rounds.append(answer)

    for client in clients:
        say(f"{client.label}: {memory_calls} calls with {in_flight} in flight, then RSS")
        answer = client.ask(f"mem {memory_calls} {in_flight}")
        if answer:
            client.memory = answer
    for client in clients:
        client.close()

    with open(out_path, "w") as out:
        for client in clients:
            if not client.rounds or not client.concurrent_rounds:
                continue
            seq, conc = client.rounds, client.concurrent_rounds
            total_conc = conc_per_round * len(conc)
            row = dict(client.info)
            row.update(
                {
                    "sequential_calls": seq_per_round * len(seq),
                    "rounds": len(seq),
                    "per_call_us": round(statistics.median(r["p50_us"] for r in seq), 2),
                    "mean_us": round(statistics.median(r["seconds"] * 1e6 / seq_per_round for r in seq), 2),
                    "mean_us_rounds": [round(r["seconds"] * 1e6 / seq_per_round, 1) for r in seq],
                    "p99_us": round(statistics.median(r["p99_us"] for r in seq), 2),
                    "concurrent_calls": total_conc,
                    "in_flight": in_flight,
                    "calls_per_s": round(statistics.median(conc_per_round / r["seconds"] for r in conc), 1),
                    "calls_per_s_rounds": [round(conc_per_round / r["seconds"]) for r in conc],
                    "cpu_us_per_call": round(sum(r["cpu_seconds"] for r in conc) * 1e6 / total_conc, 2),
                    "context_switches_per_call": round(sum(r["context_switches"] for r in conc) / total_conc, 2),
                    "memory_calls": memory_calls,
                    "rss_mb": client.memory.get("rss_mb"),
                    "peak_rss_mb": client.memory.get("peak_rss_mb"),
                }
            )
            out.write(json.dumps(row) + "\n")
            print(f"   {json.dumps(row)}", file=sys.stderr, flush=True)
    if any(client.failed for client in clients):
        print(
            "driver.py: failed: " + ", ".join(c.label for c in clients if c.failed),
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
