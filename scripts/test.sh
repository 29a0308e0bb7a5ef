#!/usr/bin/env bash
# Runs every check: typecheck, lint, and all tests (unit and integration, against moto and
# DynamoDB Local, which the jest global setup starts and stops). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
corepack pnpm typecheck
corepack pnpm lint

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
exit "$status"
