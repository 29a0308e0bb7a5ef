#!/usr/bin/env bash
# Runs the whole system locally: engines, tables, API, queue stand-in and provisioner daemon.
# Installs what it needs first. Ctrl-C stops every process it started.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/start-local.sh [--help]

Runs spot-provisioner locally: moto (EC2) and DynamoDB Local, the tables, the API, a
stand-in for the Taskcluster queue and the provisioner daemon, plus a demo worker type.
Installs what it needs first (scripts/bootstrap.sh). Prints a banner once every process is
healthy, and writes .local/env: `source .local/env` in another shell to use the CLIs.
Ctrl-C stops everything; nothing it started outlives it.

Every variable in the README's configuration table is honoured; anything unset gets a safe
local default. Ports are picked free unless set, and a port that is set must be free:
  PORT                 API                       MOTO_PORT       moto (EC2)
  METRICS_PORT         daemon /health, /metrics  DYNAMODB_PORT   DynamoDB Local
  QUEUE_STAND_IN_PORT  queue stand-in
Also: AWS_ENDPOINT_URL_EC2 + AWS_ENDPOINT_URL_DYNAMODB (use running engines instead),
QUEUE_ROOT_URL (a real queue instead of the stand-in), LOCAL_ENV_FILE (default .local/env).

Exit codes: 0 stopped cleanly, 1 a process failed, 2 configuration error (nothing started).
EOF
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "start-local.sh: unexpected argument: $1" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# One node process (no tsx wrapper process): the stack's pid is this script's pid.
exec node --import tsx infra/local/dev-stack.ts
