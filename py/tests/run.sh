#!/usr/bin/env bash
# Builds the Python wheel, installs it into a fresh virtual environment and
# runs the tests against the installed package, then checks the type stubs
# with mypy --strict.
#
# Needs: cargo, python3 (3.10 or newer: the wheel serves 3.9, but the test
# tools pinned in requirements.txt need 3.10) with the venv module, and
# access to PyPI for maturin, pytest and mypy. Everything is made under
# target/py-tests/, which is re-created on every run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
work="$root/target/py-tests"
pip_flags=(--quiet --disable-pip-version-check)

"$python" -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10 or newer is needed"'
rm -rf "$work"
mkdir -p "$work"

echo "== building the wheel (maturin, debug profile)"
"$python" -m venv "$work/build-venv"
"$work/build-venv/bin/pip" install "${pip_flags[@]}" maturin==1.16.0
"$work/build-venv/bin/maturin" build --manifest-path py/Cargo.toml --out "$work/wheels"
wheel="$(ls "$work"/wheels/integration_keys-*.whl)"
case "$(basename "$wheel")" in
    *-cp39-abi3-*) ;;
    *) echo "expected one abi3 wheel for CPython 3.9 and later, got: $wheel" >&2; exit 1 ;;
esac

echo "== installing $(basename "$wheel") into a fresh environment"
"$python" -m venv "$work/test-venv"
"$work/test-venv/bin/pip" install "${pip_flags[@]}" "$wheel" -r py/tests/requirements.txt

echo "== building the sandbox (integration-keys-cli)"
cli="$(cargo build -p integration-keys-cli --message-format=json-render-diagnostics \
    | "$python" -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "integration-keys":
        print(m["executable"])
')"
test -x "$cli"

# The tests see only the settings they make themselves.
for name in $(env | sed -n 's/^\(INTEGRATION_KEYS_[A-Z_]*\)=.*/\1/p'); do
    unset "$name"
done

echo "== pytest"
# Run from the tests folder, where only the installed package can be
# imported (test_package.py checks that it came from site-packages).
(
    cd py/tests
    INTEGRATION_KEYS_CLI="$cli" INTEGRATION_KEYS_CASES="$root/tests/cases" \
        INTEGRATION_KEYS_LOG=trace PYTHONDONTWRITEBYTECODE=1 \
        "$work/test-venv/bin/pytest" -p no:cacheprovider --rootdir . -q
)

echo "== mypy --strict"
"$work/test-venv/bin/mypy" --strict --cache-dir "$work/mypy-cache" \
    examples/python/create_key.py py/tests/*.py

echo "== mypy stubtest (the stubs match the built module)"
(cd "$work" && "$work/test-venv/bin/python" -m mypy.stubtest integration_keys._native)
