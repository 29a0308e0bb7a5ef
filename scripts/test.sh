#!/usr/bin/env bash
# Runs every check: typecheck, lint, the API fuzz stage (schemathesis against a live API on
# its own engines, unsigned and Hawk-signed; fails on any 5xx or undocumented response), all
# tests with jest under the current LTS Node (unit and integration, against moto and DynamoDB
# Local, which the jest global setup starts and stops), and the unit tests again under this
# machine's Node when it is an older line. Installs what it needs first. The last line is
# always jest's counts, of both runs.
set -euo pipefail

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cat <<'EOF'
Usage: scripts/test.sh [jest arguments...]

Runs every check, as CI does: installs what it needs (scripts/bootstrap.sh, the current LTS
Node into .local/node-lts, and Debian's chromium for the console's browser tests when
missing), then typecheck (tsc -b), lint (ESLint), the API fuzz stage, every jest test under
the current LTS Node (unit, integration and browser, files in parallel; the jest global setup
starts moto and DynamoDB Local on free ports), and the unit tests again under this machine's
Node when it is an older line. Ends with one line counting the tests of both jest runs:
  jest: N passed, N failed, N skipped
Arguments go to both jest runs, e.g. scripts/test.sh apps/cli (one project's tests).

Environment:
  TEST_STAGES       comma-separated stages to run (default: bootstrap,typecheck,lint,fuzz,jest,node-lts);
                    without node-lts, jest runs everything under this machine's Node, once
  TEST_OUTPUT_DIR   where jest's results files go (default: .local)
EOF
  exit 0
fi
cd "$(dirname "$0")/.."
stages=",${TEST_STAGES:-bootstrap,typecheck,lint,fuzz,jest,node-lts},"
stage() { [[ "$stages" == *",$1,"* ]]; }
out="${TEST_OUTPUT_DIR:-.local}"
mkdir -p "$out"

if stage bootstrap; then bash scripts/bootstrap.sh; fi
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0

# The Node the tests run under: the current LTS line (what the container image runs), fetched
# before anything runs. Every test runs under it; this machine's older Node (CI machines have
# Node 20, past its end of life) runs the unit tests again, so both lines are proven. The LTS
# line is also the faster one here: Node 20's AsyncLocalStorage, which jest keeps around every
# test, costs a hook on every promise, and the full run takes a fifth less time under Node 24.
lts_node=
lts_status=0
if stage node-lts; then
  lts_node=$(bash scripts/node-lts.sh) || lts_status=$?
  if [ "$lts_status" -eq 3 ]; then lts_status=0; fi # no package for this platform: said so, this machine's Node runs everything
  if [ "$lts_status" -ne 0 ]; then echo "node-lts: the LTS Node could not be installed; this machine's Node runs everything, and the missing LTS run counts as one failure below"; fi
  if [ -n "$lts_node" ] && [ "$("$lts_node" --version | cut -d. -f1)" = "$(node --version | cut -d. -f1)" ]; then
    echo "node-lts: this machine's Node $(node --version) is the current LTS line already; the tests run once"
    lts_node=
  fi
fi
jest_node=$(command -v node)
if [ -n "$lts_node" ]; then jest_node=$lts_node; fi

# The console's browser tests drive Debian's Chromium; install it when missing (as root; a
# browser download of a test tool's own cannot work on a machine that reaches only registries).
if stage jest && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Chromium for the console's browser tests (apt-get install chromium)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: Chromium is missing at /usr/bin/chromium; install Debian's chromium package or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
if stage typecheck; then corepack pnpm typecheck; fi
if stage lint; then corepack pnpm lint; fi

tsx() { node node_modules/tsx/dist/cli.mjs "$@"; }
fuzz_status=0
if stage fuzz; then
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true tsx apps/api/fuzz/run-fuzz.ts || fuzz_status=$?
fi

status=0
machine_status=0
runs=()
if stage jest; then
  # with that Node first on PATH for the processes the tests start (the CLI, the API, the daemon)
  results="$out/jest-results.json"
  rm -f "$results"
  PATH="$(dirname "$jest_node"):$PATH" "$jest_node" node_modules/jest/bin/jest.js --json --outputFile="$results" "$@" || status=$?
  runs+=("Node $("$jest_node" --version)=$results")
fi
if [ -n "$lts_node" ]; then
  # The unit tests (no engines, no browser) under this machine's Node. A missing results file
  # counts as a failure in the closing line.
  results="$out/jest-results-machine-node.json"
  rm -f "$results"
  echo "node-lts: the unit tests again under this machine's Node $(node --version)"
  TEST_ENGINES=none node node_modules/jest/bin/jest.js \
    --testPathIgnorePatterns '/node_modules/' '/build/' '\.integration\.test\.ts$' '/test/browser/' \
    --passWithNoTests --json --outputFile="$results" "$@" || machine_status=$?
  runs+=("Node $(node --version)=$results")
elif [ "$lts_status" -ne 0 ]; then
  runs+=("the LTS Node=$out/jest-results-node-lts.json.missing")
fi

# The closing line counts every test of both runs, whatever the reporters printed before it.
if [ "${#runs[@]}" -gt 0 ]; then tsx scripts/test-counts.ts "${runs[@]}"; fi
for failed in "$lts_status" "$machine_status" "$fuzz_status"; do
  if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then status=$failed; fi
done
exit "$status"
