#!/usr/bin/env bash
# Runs every check: typecheck, lint, and all tests (unit and integration, against moto and
# DynamoDB Local, which the jest global setup starts and stops). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
corepack pnpm typecheck
corepack pnpm lint
corepack pnpm test "$@"
