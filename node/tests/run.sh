#!/usr/bin/env bash
# Builds the Node package, installs it from its tarball into a fresh folder
# and runs the tests there against the sandbox. Needs Node >= 20 with npm,
# and a Rust toolchain (cargo) for the build.
set -euo pipefail

node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$node_dir/.." && pwd)"
started=$SECONDS
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$node_dir"
echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== build the addon (debug) and check the generated files have not drifted"
for generated in native.js native.d.ts; do
  if [[ ! -f "$generated" ]]; then
    echo "node/$generated is missing: run 'npm run build' in node/ and commit it" >&2
    exit 1
  fi
  cp "$generated" "$work/$generated.before"
done
npm run --silent build
drift=0
for generated in native.js native.d.ts; do
  if ! diff -u "$work/$generated.before" "$generated"; then
    echo "node/$generated changed when regenerated: commit the new version" >&2
    drift=1
  fi
done
[[ $drift == 0 ]] || exit 1

echo "== npm pack, and install the tarball into a fresh folder"
tarball="$(npm pack --silent --pack-destination "$work")"
mkdir "$work/app"
cd "$work/app"
printf '{"name":"integration-keys-test-app","private":true}\n' > package.json
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"
cp "$node_dir"/tests/*.js "$node_dir"/tests/*.mjs "$node_dir"/tests/*.ts "$node_dir"/tests/*.mts "$work/app/"
mkdir -p tests && mv "$work/app"/*.js "$work/app"/*.mjs "$work/app"/*.ts "$work/app"/*.mts tests/
cp "$repo/examples/node/create_key.mjs" "$work/app/"

echo "== build the command-line tool (the sandbox)"
cli="$(cd "$repo" && cargo build -p integration-keys-cli --message-format=json-render-diagnostics \
  | node -e '
      let found = ""
      require("node:readline").createInterface({ input: process.stdin }).on("line", (line) => {
        const m = JSON.parse(line)
        if (m.reason === "compiler-artifact" && m.executable && m.target.name === "integration-keys") found = m.executable
      }).on("close", () => { if (!found) process.exit(1); console.log(found) })')"
export INTEGRATION_KEYS_CLI="$cli"
export INTEGRATION_KEYS_REPO="$repo"
export INTEGRATION_KEYS_CASES="$repo/tests/cases"
unset INTEGRATION_KEYS_LOG INTEGRATION_KEYS_BASE_URL INTEGRATION_KEYS_SUBDOMAIN INTEGRATION_KEYS_KEY_ID \
  INTEGRATION_KEYS_SECRET INTEGRATION_KEYS_TOKEN INTEGRATION_KEYS_AUTH INTEGRATION_KEYS_TIMEOUT \
  INTEGRATION_KEYS_CONNECT_TIMEOUT INTEGRATION_KEYS_MAX_RETRIES

echo "== tsc --strict --noEmit on a file using the published types"
node "$node_dir/node_modules/typescript/bin/tsc" --strict --noEmit --module nodenext \
  --moduleResolution nodenext --target es2022 tests/types.ts tests/types-esm.mts

echo "== node --test (against the installed copy)"
node --test tests/*.test.js tests/*.test.mjs

echo "node tests took $((SECONDS - started)) s"
