#!/usr/bin/env bash
# The C library's test suite: `bash ffi-c/tests/run.sh` from anywhere.
#
# Builds the library and the command-line tool (for its sandbox), runs the
# Rust unit tests (header drift, version macros, panic guard), starts
# `integration-keys sandbox --json`, compiles the C tests with
# -std=c99 -Wall -Wextra -Werror and the C++ ones with -std=c++17, runs them
# against the sandbox (under valgrind where noted), runs the shared cases of
# tests/cases and a 100,000-call soak, installs into a
# temporary prefix and links through pkg-config (shared and static), and
# checks the exported symbols. Needs cargo, gcc, g++, pkg-config, valgrind
# and binutils (nm, ldd from libc-bin); nothing from the network but crates.
#
# Every step prints PASS or FAIL; the last line is "N passed, M failed" and
# the exit status is non-zero when anything failed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

work=$(mktemp -d "${TMPDIR:-/tmp}/ik-c-tests.XXXXXX")
sandbox_pid=
cleanup() {
    if [ -n "$sandbox_pid" ]; then
        kill "$sandbox_pid" 2>/dev/null
        wait "$sandbox_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1 [${SECONDS}s]"; }
fail() { failed=$((failed + 1)); echo "FAIL $1 [${SECONDS}s]"; }

# step NAME COMMAND...: runs the command, shows its output only on failure.
step() {
    local name=$1
    shift
    if "$@" >"$work/step.log" 2>&1; then
        pass "$name"
    else
        fail "$name"
        sed 's/^/    /' "$work/step.log" | tail -n 60
    fi
}

# run_checks NAME COMMAND...: runs a C test program, counts each PASS/FAIL
# line it prints as one check, and fails the step if the program (or
# valgrind) exits non-zero.
run_checks() {
    local name=$1
    shift
    local status=0
    "$@" >"$work/checks.log" 2>&1 || status=$?
    local ok bad
    ok=$(grep -c '^PASS ' "$work/checks.log")
    bad=$(grep -c '^FAIL ' "$work/checks.log")
    passed=$((passed + ok))
    failed=$((failed + bad))
    grep '^FAIL ' "$work/checks.log"
    if [ "$status" -eq 0 ] && [ "$ok" -gt 0 ]; then
        pass "$name ($ok checks)"
    else
        fail "$name (exit status $status, $ok checks passed)"
        grep -v '^PASS ' "$work/checks.log" | tail -n 60 | sed 's/^/    /'
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

for tool in cargo gcc g++ pkg-config valgrind nm; do
    if ! command -v "$tool" >/dev/null; then
        fail "the tool $tool is installed"
    fi
done
[ "$failed" -eq 0 ] || finish

# --- Build -----------------------------------------------------------------
echo "# building integration-keys-ffi and integration-keys-cli"
if ! cargo build -p integration-keys-ffi -p integration-keys-cli \
    --message-format=json-render-diagnostics >"$work/build.json" 2>"$work/build.log"; then
    fail "cargo build"
    tail -n 40 "$work/build.log"
    finish
fi
pass "cargo build"
artifact() { grep -o "\"[^\"]*/$1\"" "$work/build.json" | tail -n 1 | tr -d '"'; }
so=$(artifact 'libintegration_keys\.so')
cli=$(grep -o '"executable":"[^"]*/integration-keys"' "$work/build.json" | tail -n 1 | sed 's/.*:"//; s/"$//')
out_dir=$(grep '"package_id":"[^"]*ffi-c[^"]*"' "$work/build.json" | grep -o '"out_dir":"[^"]*"' | tail -n 1 | sed 's/.*:"//; s/"$//')
libdir=$(dirname "$so")
if [ ! -f "$so" ] || [ ! -x "$cli" ]; then
    fail "cargo reported the library ($so) and the CLI ($cli)"
    finish
fi
export INTEGRATION_KEYS_CLI=$cli

# --- Header and version ----------------------------------------------------
step "rust unit tests (header drift, version macros, panic guard)" \
    cargo test -p integration-keys-ffi
step "the committed header equals the generated one" \
    cmp "$out_dir/integration_keys.h" include/integration_keys.h
version_check() {
    local version major minor patch
    version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
    IFS=. read -r major minor patch <<<"$version"
    grep -qx "#define IK_VERSION \"$version\"" include/integration_keys.h &&
        grep -qx "#define IK_VERSION_MAJOR $major" include/integration_keys.h &&
        grep -qx "#define IK_VERSION_MINOR $minor" include/integration_keys.h &&
        grep -qx "#define IK_VERSION_PATCH $patch" include/integration_keys.h
}
step "the version macros match Cargo.toml" version_check

# --- Symbols ---------------------------------------------------------------
symbols_check() {
    local others
    others=$(nm -D --defined-only "$1" | awk '{print $3}' | grep -v '^ik_')
    if [ -n "$others" ]; then
        echo "exported symbols without the ik_ prefix:"
        echo "$others"
        return 1
    fi
    nm -D --defined-only "$1" | grep -q ' ik_create_integration_key$'
}
step "every exported symbol starts with ik_" symbols_check "$so"

# --- Compile ---------------------------------------------------------------
cflags=(-std=c99 -Wall -Wextra -Werror -Wpedantic -Iinclude)
cxxflags=(-std=c++17 -Wall -Wextra -Werror -Wpedantic -Iinclude)
link=(-L"$libdir" -lintegration_keys -Wl,-rpath,"$libdir")
echo '#include "integration_keys.h"' >"$work/header.c"
cp "$work/header.c" "$work/header.cpp"
step "the header compiles alone as C99" gcc "${cflags[@]}" -fsyntax-only "$work/header.c"
step "the header compiles alone as C++17" g++ "${cxxflags[@]}" -fsyntax-only "$work/header.cpp"
step "compile test_api.c" gcc "${cflags[@]}" ffi-c/tests/test_api.c "${link[@]}" -o "$work/test_api"
step "compile test_threads.c" gcc "${cflags[@]}" -pthread ffi-c/tests/test_threads.c "${link[@]}" -o "$work/test_threads"
step "compile test_fork.c" gcc "${cflags[@]}" ffi-c/tests/test_fork.c "${link[@]}" -o "$work/test_fork"
step "compile test_json.c" gcc "${cflags[@]}" ffi-c/tests/test_json.c "${link[@]}" -o "$work/test_json"
step "compile test_cases.c" gcc "${cflags[@]}" ffi-c/tests/test_cases.c "${link[@]}" -lm -o "$work/test_cases"
step "compile test_soak.c" gcc "${cflags[@]}" -pthread ffi-c/tests/test_soak.c "${link[@]}" -o "$work/test_soak"
step "compile test_header.cpp" g++ "${cxxflags[@]}" ffi-c/tests/test_header.cpp "${link[@]}" -o "$work/test_header"
step "compile examples/c/create_key.c" gcc "${cflags[@]}" examples/c/create_key.c "${link[@]}" -o "$work/create_key_c"
step "compile examples/cpp/create_key.cpp" g++ "${cxxflags[@]}" examples/cpp/create_key.cpp "${link[@]}" -o "$work/create_key_cpp"
[ "$failed" -eq 0 ] || finish

# --- Sandbox ---------------------------------------------------------------
"$cli" sandbox --json >"$work/sandbox.json" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/sandbox.json" ] && break
    sleep 0.1
done
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$work/sandbox.json" | head -n 1; }
IK_SANDBOX_URL=$(field url)
IK_SANDBOX_KEY_ID=$(field key_id)
IK_SANDBOX_SECRET=$(field secret)
export IK_SANDBOX_URL IK_SANDBOX_KEY_ID IK_SANDBOX_SECRET
if [ -z "$IK_SANDBOX_URL" ] || [ -z "$IK_SANDBOX_SECRET" ]; then
    fail "the sandbox started"
    cat "$work/sandbox.log"
    finish
fi
pass "the sandbox started at $IK_SANDBOX_URL"

valgrind=(valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --error-exitcode=1 --suppressions=ffi-c/tests/valgrind.supp)

# --- C and C++ tests -------------------------------------------------------
run_checks "test_api under valgrind" "${valgrind[@]}" "$work/test_api"
run_checks "test_fork (natively; see the file)" "$work/test_fork"
run_checks "test_header (C++) under valgrind" "${valgrind[@]}" "$work/test_header"
# The full 1,000 calls run natively; valgrind runs a shorter round of the
# same program to look for leaks and invalid accesses under threads.
run_checks "test_threads: 8 threads, 1000 calls" "$work/test_threads" 1000
run_checks "test_threads under valgrind: 8 threads, 64 calls" "${valgrind[@]}" "$work/test_threads" 64

run_checks "test_json (the tests' JSON reader) under valgrind" "${valgrind[@]}" "$work/test_json"

# The shared cases: test_cases prints "ok NAME" or "FAIL NAME: ..." per case
# and "N passed, M failed"; each case counts as one check here.
run_cases() {
    local status=0 ok bad
    "$work/test_cases" "$root/tests/cases" >"$work/cases.log" 2>&1 || status=$?
    ok=$(grep -c '^ok ' "$work/cases.log")
    bad=$(grep -c '^FAIL ' "$work/cases.log")
    passed=$((passed + ok))
    failed=$((failed + bad))
    grep '^FAIL ' "$work/cases.log"
    if [ "$status" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$ok" -ge 30 ]; then
        pass "shared cases (tests/cases) through the C library: $(tail -n 1 "$work/cases.log")"
    else
        fail "shared cases (tests/cases) through the C library (exit status $status, $ok cases passed)"
        grep -v '^ok ' "$work/cases.log" | tail -n 60 | sed 's/^/    /'
    fi
}
run_cases

# The soak prints its memory samples and timing as "# soak:" lines, shown
# whatever the outcome.
soak_start=$SECONDS
run_checks "test_soak: 100,000 calls through one client, 4 threads, flat RSS" "$work/test_soak" 100000
grep '^# soak:' "$work/checks.log" | sed 's/^# /    /'
echo "    soak: took $((SECONDS - soak_start)) s in all"

# --- Examples --------------------------------------------------------------
# example_ok LINES COMMAND...: the example prints the key as JSON (and, for
# LINES=2, the status 201 on the next line) and exits 0.
example_ok() {
    local lines=$1 out
    shift
    out=$(env INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" \
        INTEGRATION_KEYS_SECRET="$IK_SANDBOX_SECRET" "$@" app_example int_example "Example key") || return 1
    echo "$out"
    head -n 1 <<<"$out" |
        grep -q '^{"key":{"id":"int_[0-9a-f]*","displayName":"Example key","secret":"[^"]\+"}}$' || return 1
    [ "$lines" = 1 ] || [ "$(sed -n 2p <<<"$out")" = 201 ]
}
example_fails() {
    local status=0
    env INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" \
        INTEGRATION_KEYS_SECRET=wrong "$@" app_example int_example "Example key" \
        >"$work/example.out" 2>"$work/example.err" || status=$?
    cat "$work/example.out" "$work/example.err"
    [ "$status" -eq 2 ] && [ ! -s "$work/example.out" ] &&
        grep -q 'authentication' "$work/example.err" && grep -q '401' "$work/example.err" &&
        grep -q 'unauthorized' "$work/example.err" && grep -q 'req_' "$work/example.err"
}
step "examples/c/create_key prints the key and 201 (valgrind)" example_ok 2 "${valgrind[@]}" "$work/create_key_c"
step "examples/c/create_key reports a 401 on stderr and exits 2" example_fails "$work/create_key_c"
step "examples/cpp/create_key prints the key (valgrind)" example_ok 1 "${valgrind[@]}" "$work/create_key_cpp"
step "examples/cpp/create_key reports a 401 on stderr and exits 2" example_fails "$work/create_key_cpp"

# --- Install and pkg-config ------------------------------------------------
prefix=$work/prefix
static_prefix=$work/static-prefix
step "install.sh --debug PREFIX" bash ffi-c/install.sh --debug "$prefix"
step "install.sh --debug --no-shared PREFIX" bash ffi-c/install.sh --debug --no-shared "$static_prefix"
step "the installed library exports only ik_ symbols" symbols_check "$prefix/lib/libintegration_keys.so"
step "pkg-config validates integration_keys.pc" \
    env PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --validate integration_keys
link_shared() {
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    # shellcheck disable=SC2046
    gcc -std=c99 -Wall -Wextra -Werror ffi-c/tests/test_link.c \
        $(pkg-config --cflags --libs integration_keys) -o "$work/link_shared" &&
        LD_LIBRARY_PATH="$prefix/lib" ldd "$work/link_shared" | grep -q "$prefix/lib/libintegration_keys.so" &&
        env LD_LIBRARY_PATH="$prefix/lib" INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" \
            INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" INTEGRATION_KEYS_SECRET="$IK_SANDBOX_SECRET" \
            "$work/link_shared"
}
link_static() {
    export PKG_CONFIG_PATH="$static_prefix/lib/pkgconfig"
    # shellcheck disable=SC2046
    gcc -std=c99 -Wall -Wextra -Werror ffi-c/tests/test_link.c \
        $(pkg-config --static --cflags --libs integration_keys) -o "$work/link_static" &&
        ! ldd "$work/link_static" | grep -q integration_keys &&
        env INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" \
            INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" INTEGRATION_KEYS_SECRET="$IK_SANDBOX_SECRET" \
            "$work/link_static"
}
step "a program built with pkg-config links the shared library and runs" link_shared
logging_check() {
    env LD_LIBRARY_PATH="$prefix/lib" INTEGRATION_KEYS_LOG=debug INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" \
        INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" INTEGRATION_KEYS_SECRET="$IK_SANDBOX_SECRET" \
        "$work/link_shared" 2>"$work/log.err" >/dev/null || return 1
    cat "$work/log.err"
    grep -q 'GET /v2/apps/app_link/integrations/int_link/keys -> 200' "$work/log.err" &&
        ! grep -qF "$IK_SANDBOX_SECRET" "$work/log.err"
}
step "INTEGRATION_KEYS_LOG=debug logs requests to stderr, without the secret" logging_check
quiet_check() {
    env LD_LIBRARY_PATH="$prefix/lib" INTEGRATION_KEYS_BASE_URL="$IK_SANDBOX_URL" \
        INTEGRATION_KEYS_KEY_ID="$IK_SANDBOX_KEY_ID" INTEGRATION_KEYS_SECRET="$IK_SANDBOX_SECRET" \
        "$work/link_shared" 2>"$work/quiet.err" >/dev/null && [ ! -s "$work/quiet.err" ]
}
step "without INTEGRATION_KEYS_LOG nothing is logged" quiet_check
step "a program built with pkg-config --static links the static library and runs" link_static

finish
