#!/usr/bin/env bash
# Runs every check: typecheck, lint, the API fuzz stage (schemathesis against a live API on
# its own engines, unsigned and Hawk-signed; fails on any 5xx or undocumented response) and all
# tests (unit and integration, against moto and DynamoDB Local, which the jest global setup
# starts and stops). Installs what it needs first. The last line is always the jest counts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0

# The console's browser tests drive Debian's Chromium; install it when missing (as root; a
# browser download of a test tool's own cannot work on a machine that reaches only registries).
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Chromium for the console's browser tests (apt-get install chromium)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: Chromium is missing at /usr/bin/chromium; install Debian's chromium package or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
corepack pnpm typecheck
corepack pnpm lint

fuzz_status=0
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node node_modules/tsx/dist/cli.mjs apps/api/fuzz/run-fuzz.ts || fuzz_status=$?

mkdir -p .local
results=.local/jest-results.json
rm -f "$results"
status=0
corepack pnpm test --json --outputFile="$results" "$@" || status=$?
# One plain closing line with the counts, whatever the reporters printed before it.
if [ -f "$results" ]; then
  node -e 'const r = require(process.argv[1]);
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);' "$PWD/$results"
fi
if [ "$status" -eq 0 ] && [ "$fuzz_status" -ne 0 ]; then status=$fuzz_status; fi
exit "$status"
