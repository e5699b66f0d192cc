#!/usr/bin/env bash
# Runs each fuzz target for a short while (FUZZ_SECONDS, 10 by default).
# For a long run: FUZZ_SECONDS=3600 bash fuzz/run.sh, or one target with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run decode_response -s none
# from this folder. The targets use no sanitizer (-s none): the core has no
# unsafe code, so what fuzzing looks for here is panics and broken rules.
# cargo fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable compiler
# accept them.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-10}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none
for target in decode_response decode_error validate_input; do
  echo "fuzz: $target for ${seconds}s"
  cargo fuzz run "$target" -s none -- -max_total_time="$seconds" 2>&1 | grep -E '^Done|ERROR|panicked' || true
  # cargo fuzz exits non-zero on a crash; PIPESTATUS keeps that.
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: $target failed"; exit 1; }
done
