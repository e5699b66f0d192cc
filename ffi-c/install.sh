#!/usr/bin/env bash
# Builds the C library and installs it under a prefix:
#
#   PREFIX/include/integration_keys.h
#   PREFIX/lib/libintegration_keys.so      (left out with --no-shared)
#   PREFIX/lib/libintegration_keys.a
#   PREFIX/lib/pkgconfig/integration_keys.pc
#
# Usage: ffi-c/install.sh [--debug] [--no-shared] PREFIX
#
#   --debug      install the debug build instead of the release build
#   --no-shared  install only the static library, so that
#                `pkg-config --static --libs integration_keys` links it
#                statically (with both installed, linkers pick the shared one)
set -euo pipefail

usage() {
    echo "usage: $0 [--debug] [--no-shared] PREFIX" >&2
    exit 64
}

profile=release
shared=1
prefix=
for arg in "$@"; do
    case "$arg" in
        --debug) profile=debug ;;
        --no-shared) shared=0 ;;
        -*) usage ;;
        *) [ -z "$prefix" ] || usage; prefix=$arg ;;
    esac
done
[ -n "$prefix" ] || usage
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

cargo_args=(-p integration-keys-ffi)
[ "$profile" = release ] && cargo_args+=(--release)

# Build, and learn where cargo put the libraries from its own messages.
messages=$(cargo build "${cargo_args[@]}" --message-format=json-render-diagnostics)
so=$(grep -o '"[^"]*/libintegration_keys\.so"' <<<"$messages" | tail -n 1 | tr -d '"')
a=$(grep -o '"[^"]*/libintegration_keys\.a"' <<<"$messages" | tail -n 1 | tr -d '"')
if [ ! -f "$so" ] || [ ! -f "$a" ]; then
    echo "install.sh: cargo did not report libintegration_keys.so and .a" >&2
    exit 1
fi

# The system libraries the static library needs, as rustc reports them.
private=$(cargo rustc "${cargo_args[@]}" --crate-type staticlib -- --print native-static-libs 2>&1 \
    | sed -n 's/.*native-static-libs: //p' | tail -n 1)
[ -n "$private" ] || private="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

version=$(sed -n 's/^#define IK_VERSION "\(.*\)"$/\1/p' include/integration_keys.h)

install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 include/integration_keys.h "$prefix/include/integration_keys.h"
install -m 644 "$a" "$prefix/lib/libintegration_keys.a"
if [ "$shared" = 1 ]; then
    install -m 755 "$so" "$prefix/lib/libintegration_keys.so"
else
    rm -f "$prefix/lib/libintegration_keys.so"
fi
cat >"$prefix/lib/pkgconfig/integration_keys.pc" <<PC
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: integration_keys
Description: Client for the Sunshine Conversations custom integration API keys endpoints
URL: https://github.com/integration-keys/integration-keys
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lintegration_keys
Libs.private: $private
PC
echo "installed integration_keys $version ($profile) under $prefix"
