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

# The data pack (real boundaries, roads, water, dispatch history): DATA_DIR, else ../shared/data beside the
# checkout. Never copied into the repository. A missing pack stops here, naming where it was looked for.
ensure_data() {
  if [ -f .env ] && [ -z "${DATA_DIR:-}" ]; then DATA_DIR="$(sed -n 's/^DATA_DIR=//p' .env | tail -1)"; fi
  export DATA_DIR="${DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}"
  if [ ! -f "$DATA_DIR/admin_boundaries/wgs84/jiangxi_province.wgs84.geojson" ]; then
    say "the data pack is not at $DATA_DIR (admin_boundaries/, roads/, water/, dispatch_history/, fire_stations_water/):"
    say "put it there (../shared/data beside the checkout) or set DATA_DIR to where it is; see README.md"
    return 1
  fi
}
