#!/usr/bin/env bash
# Runs a command with the service URLs of .data/services.env (and ./.env) in its environment.
. "$(dirname "$0")/lib.sh"
[ -f .data/services.env ] || bash scripts/services.sh
set -a; . .data/services.env; [ -f .env ] && . ./.env; set +a
cd "${INIT_CWD:-$ROOT}"
exec "$@"
