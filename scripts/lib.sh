# Shared helpers for the project scripts (sourced).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SWC_NODE_PROJECT="$ROOT/tsconfig.runtime.json"
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
cd "$ROOT"

say() { printf '\033[1;31m[赣119]\033[0m %s\n' "$*" >&2; }

# Installs node_modules when missing or older than the lock file (plain npm ci, as CI does).
ensure_deps() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Starts (or finds) PostgreSQL+PostGIS+pgRouting and Redis, then exports their URLs.
ensure_services() {
  bash scripts/services.sh
  set -a; . .data/services.env; set +a
}

run_ts() { node -r @swc-node/register "$@"; }
