#!/usr/bin/env bash
# The benchmark: `bash bench/run.sh [--quick]` from anywhere in the clone.
#
# Builds everything in release mode, starts one sandbox
# (`integration-keys sandbox --json`), creates one key, then times
# get_integration_key through every front end and the alternatives beside
# it, one process per client, taken in turn round after round by
# bench/driver.py, and prints a Markdown table and the target checks
# (bench/README.md explains them). Not part of the test suite; the
# numbers are informational and nothing asserts on them.
#
# Environment:
#   BENCH_CALLS             calls timed one at a time (default 2000)
#   BENCH_CONCURRENT_CALLS  calls timed with BENCH_IN_FLIGHT in flight
#                           (default 4 x BENCH_CALLS)
#   BENCH_IN_FLIGHT         calls in flight for the concurrent part (16)
#   BENCH_MEMORY_CALLS      calls made before RSS is read (100000)
#   BENCH_WARMUP            untimed calls first, per client (200)
#   BENCH_ROUNDS            rounds the timed calls are split into (20)
#   BENCH_PARTS             which parts to run (default "rust c python node")
#   BENCH_QUICK=1           same as --quick: a smoke run of small counts
#
# Needs cargo, gcc, python3 (3.9+, with venv), node 20+ and npm, and the
# registries (crates.io, PyPI, npm) for the first run. Everything it builds
# lives under target/ (target/bench/ for the venvs, the addon package and
# the results); bench/node/node_modules comes from `npm ci`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS

for arg in "$@"; do
    case "$arg" in
        --quick) BENCH_QUICK=1 ;;
        -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: bash bench/run.sh [--quick]" >&2; exit 64 ;;
    esac
done
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
    : "${BENCH_CALLS:=500}" "${BENCH_MEMORY_CALLS:=2000}" "${BENCH_WARMUP:=20}" "${BENCH_ROUNDS:=5}"
fi
export BENCH_SEQUENTIAL_CALLS="${BENCH_CALLS:-2000}"
export BENCH_CONCURRENT_CALLS="${BENCH_CONCURRENT_CALLS:-$((BENCH_SEQUENTIAL_CALLS * 4))}"
export BENCH_IN_FLIGHT="${BENCH_IN_FLIGHT:-16}"
export BENCH_MEMORY_CALLS="${BENCH_MEMORY_CALLS:-100000}"
export BENCH_WARMUP="${BENCH_WARMUP:-200}"
export BENCH_ROUNDS="${BENCH_ROUNDS:-20}"
parts=" ${BENCH_PARTS:-rust c python node} "
want() { [[ "$parts" == *" $1 "* ]]; }

work="$root/target/bench"
mkdir -p "$work"
results="$work/results.jsonl"
: >"$results"
versions=()
python="${PYTHON:-python3}"
pip_flags=(--quiet --disable-pip-version-check)

say() { echo "== $* [$((SECONDS - started)) s]" >&2; }

# The client settings the core and the front ends would read are cleared, so
# only what the benchmark passes is used.
for name in $(env | sed -n 's/^\(INTEGRATION_KEYS_[A-Z_]*\)=.*/\1/p'); do
    unset "$name"
done

# --- Build -------------------------------------------------------------------
# cargo artifact NAME < messages: the path cargo reported for a file NAME.
artifact() { grep -o "\"[^\"]*/$1\"" | tail -n 1 | tr -d '"'; }

say "cargo build --release: the command-line tool (sandbox) and the C library"
cargo build --release -p integration-keys-cli -p integration-keys-ffi \
    --message-format=json-render-diagnostics >"$work/build.json"
cli="$(artifact 'integration-keys' <"$work/build.json")"
so="$(artifact 'libintegration_keys\.so' <"$work/build.json")"
test -x "$cli" && test -f "$so"
versions+=("$(rustc --version | cut -d' ' -f1-2)")

if want rust; then
    say "cargo build --release: bench/rust"
    CARGO_TARGET_DIR="$root/target" cargo build --release --manifest-path bench/rust/Cargo.toml \
        --message-format=json-render-diagnostics >"$work/build-rust.json"
    rust_bench="$(artifact 'integration-keys-bench' <"$work/build-rust.json")"
    test -x "$rust_bench"
    lock_version() { sed -n "/^name = \"$1\"\$/{n;s/^version = \"\(.*\)\"\$/\1/p;}" bench/rust/Cargo.lock | head -n 1; }
    BENCH_REQWEST_VERSION="$(lock_version reqwest)"
    BENCH_UREQ_VERSION="$(lock_version ureq)"
    export BENCH_REQWEST_VERSION BENCH_UREQ_VERSION
fi

if want c; then
    say "gcc -O2: bench/c/bench.c against the release libintegration_keys.so"
    libdir="$(dirname "$so")"
    gcc -O2 -std=c11 -Wall -Wextra -Werror -pthread -Iinclude bench/c/bench.c \
        -L"$libdir" -lintegration_keys -Wl,-rpath,"$libdir" -o "$work/c-bench"
    versions+=("gcc $(gcc -dumpfullversion)")
fi

if want python; then
    say "maturin build --release, and a fresh venv with the wheel and bench/python/requirements.txt"
    if [[ ! -x "$work/py-build-venv/bin/maturin" ]]; then
        "$python" -m venv "$work/py-build-venv"
        "$work/py-build-venv/bin/pip" install "${pip_flags[@]}" maturin==1.16.0
    fi
    rm -rf "$work/wheels" "$work/py-venv"
    "$work/py-build-venv/bin/maturin" build --release --quiet --manifest-path py/Cargo.toml \
        --out "$work/wheels" >&2
    "$python" -m venv "$work/py-venv"
    "$work/py-venv/bin/pip" install "${pip_flags[@]}" "$(ls "$work"/wheels/integration_keys-*.whl)" \
        -r bench/python/requirements.txt
    versions+=("$("$work/py-venv/bin/python" --version)")
fi

if want node; then
    say "napi build --release, npm pack, install the tarball into a fresh folder"
    if [[ ! -x node/node_modules/.bin/napi ]]; then
        (cd node && npm ci --no-audit --no-fund --loglevel=error)
    fi
    rm -rf "$work/node-addon" "$work/node-pkg" "$work/node-app"
    (cd node && node_modules/.bin/napi build --platform --release --output-dir "$work/node-addon" \
        --js native.js --dts native.d.ts) >&2
    mkdir -p "$work/node-pkg" "$work/node-app"
    cp node/package.json node/index.js node/index.mjs node/index.d.ts node/README.md "$work/node-pkg/"
    cp "$work"/node-addon/native.js "$work"/node-addon/native.d.ts "$work"/node-addon/*.node "$work/node-pkg/"
    tarball="$(cd "$work/node-pkg" && npm pack --silent --pack-destination "$work")"
    printf '{"name":"integration-keys-bench-app","private":true}\n' >"$work/node-app/package.json"
    (cd "$work/node-app" && npm install --no-audit --no-fund --loglevel=error "$work/$tarball")
    export BENCH_NODE_ADDON="$work/node-app/node_modules/integration-keys"
    say "npm ci in bench/node (sunshine-conversations-client from package-lock.json)"
    (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
    versions+=("Node $(node --version)")
fi

# --- Sandbox -----------------------------------------------------------------
say "starting the sandbox (release build)"
sandbox_pid=
cleanup() {
    if [[ -n "$sandbox_pid" ]]; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$cli" sandbox --json >"$work/sandbox.json" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 1 100); do
    [[ -s "$work/sandbox.json" ]] && break
    sleep 0.1
done
field() { "$python" -c 'import json, sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1"; }
BENCH_URL="$(field url <"$work/sandbox.json")"
BENCH_KEY_ID="$(field key_id <"$work/sandbox.json")"
BENCH_SECRET="$(field secret <"$work/sandbox.json")"
export BENCH_URL BENCH_KEY_ID BENCH_SECRET
export BENCH_APP_ID=app_bench BENCH_INTEGRATION_ID=int_bench

# The one key every client gets, created up front with the command-line tool.
BENCH_TARGET_KEY="$(INTEGRATION_KEYS_SECRET="$BENCH_SECRET" "$cli" --base-url "$BENCH_URL" \
    --key-id "$BENCH_KEY_ID" create "$BENCH_APP_ID" "$BENCH_INTEGRATION_ID" "Benchmark key" |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["key"]["id"])')"
export BENCH_TARGET_KEY
say "sandbox at $BENCH_URL, key $BENCH_TARGET_KEY; $BENCH_SEQUENTIAL_CALLS calls one at a time," \
    "$BENCH_CONCURRENT_CALLS with $BENCH_IN_FLIGHT in flight ($BENCH_ROUNDS rounds), $BENCH_MEMORY_CALLS before RSS"

# --- Measure -----------------------------------------------------------------
# One process per client, all started at once by the driver, which takes
# them in turn round after round (see bench/driver.py).
clients=()
if want rust; then
    for client in core reqwest ureq tcp; do
        clients+=("$(printf '%q %s' "$rust_bench" "$client")")
    done
fi
if want c; then
    clients+=("$(printf '%q' "$work/c-bench")")
fi
if want python; then
    for client in integration-keys official requests httpx; do
        clients+=("$(printf '%q bench/python/bench.py %s' "$work/py-venv/bin/python" "$client")")
    done
fi
if want node; then
    for client in integration-keys official fetch; do
        clients+=("node bench/node/bench.js $client")
    done
fi
driver_status=0
"$python" bench/driver.py "$results" "${clients[@]}" || driver_status=$?
cleanup
sandbox_pid=

# --- Report ------------------------------------------------------------------
echo >&2
"$python" bench/report.py "$results" "${versions[@]}" | tee "$work/report.md"
echo
echo "bench/run.sh took $((SECONDS - started)) s; results in target/bench/results.jsonl and report.md"
exit "$driver_status"
