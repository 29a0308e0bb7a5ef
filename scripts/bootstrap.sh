#!/usr/bin/env bash
# Installs everything the project needs, idempotently: pnpm through corepack, node modules,
# the Python tools (moto; schemathesis for the API fuzz stage) into the project-local virtualenv
# (.venv), and the console's static build (served by the API at /console/). Safe to run again;
# fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

export COREPACK_ENABLE_DOWNLOAD_PROMPT=0

# A line per step with the seconds since the start, so a first run never sits silent.
step() { echo "bootstrap [${SECONDS}s]: $*"; }

need() { command -v "$1" >/dev/null 2>&1 || { echo "bootstrap: $1 is required but was not found on PATH ($2)" >&2; exit 1; }; }
need node "Node.js 20.19 or newer"
need corepack "it ships with Node.js"
need python3 "Python 3.9 or newer, for the moto EC2 emulator"
need java "Java 17 or newer, for DynamoDB Local"

# pnpm, at the version pinned (with its hash) in package.json's packageManager field
corepack pnpm --version >/dev/null

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ] || [ package.json -nt node_modules/.modules.yaml ]; then
  step "installing node modules (pnpm install)"
  corepack pnpm install --frozen-lockfile
  step "node modules installed"
fi

requirements=infra/local/requirements.txt
stamp=.venv/.requirements.installed
if [ ! -x .venv/bin/moto_server ] || [ ! -x .venv/bin/schemathesis ] || ! cmp -s "$requirements" "$stamp"; then
  step "creating the Python virtualenv .venv"
  python3 -m venv .venv
  step "installing $(tr '\n' ' ' < "$requirements")into .venv (pip prints each package)"
  .venv/bin/pip install --disable-pip-version-check --progress-bar off -r "$requirements"
  cp "$requirements" "$stamp"
  step "virtualenv ready"
fi

# The console's static files: rebuilt when any of its sources (the API client core's too) is newer than the last build.
console=apps/console
if [ ! -f "$console/dist/index.html" ] || [ -n "$(find "$console/src" "$console/public" packages/api-client/src "$console/index.html" "$console/vite.config.ts" "$console/package.json" -newer "$console/dist/index.html" -print -quit)" ]; then
  step "building the console ($console/dist)"
  corepack pnpm --filter @spot-provisioner/console build >/dev/null
fi

# The CLI's bundle (it starts in a third of the time of its sources through tsx): rebuilt when a
# source it holds changed; the CLI runs its sources while the bundle is stale.
if ! node -e "process.exit(require('./apps/cli/bin/bundle.cjs').bundleIsFresh() ? 0 : 1)"; then
  step "bundling the CLI (apps/cli/dist)"
  node apps/cli/scripts/bundle.mjs
fi
