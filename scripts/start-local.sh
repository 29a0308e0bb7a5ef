#!/usr/bin/env bash
# Runs the whole system locally: engines, tables, API, queue stand-in and provisioner daemon.
# Installs what it needs first. Ctrl-C stops every process it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
exec node node_modules/tsx/dist/cli.mjs infra/local/dev-stack.ts
