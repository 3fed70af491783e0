#!/usr/bin/env bash
# `npm run partner-send -- <partner id> [--type traffic] [--lon … --lat …]`: a transfer (转警) signed as that
# partner agency, sent to the running API (npm run up) — docs/INTEROP.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
set -a; . .data/services.env; [ -f .env ] && . ./.env; set +a
# the port the API took (npm run up may have moved off a busy 8119)
[ -z "${PORT:-}" ] && [ -f .data/run/port ] && PORT=$(cat .data/run/port) && export PORT
run_ts apps/api/src/cli/partner-send.ts "$@"
