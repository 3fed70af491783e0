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

# The data pack (real boundaries, roads, water, dispatch history): DATA_DIR (environment or .env), else
# ../shared/data beside the checkout, else beside the repository this one was cloned from or shares its
# git directory with (a CI or scratch clone of /work/main finds /work/shared/data). Never copied into the
# repository. A missing pack stops here, naming where it was looked for. Exports DATA_DIR for what follows.
ensure_data() {
  if [ -z "${DATA_DIR:-}" ] && [ -f .env ]; then DATA_DIR="$(sed -n 's/^DATA_DIR=//p' .env | tail -1)"; fi
  local marker=admin_boundaries/wgs84/jiangxi_province.wgs84.geojson looked=()
  if [ -z "${DATA_DIR:-}" ]; then
    local origin common cand
    origin="$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)"
    common="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
    for cand in "$ROOT/../shared/data" "${origin:+$origin/../shared/data}" "${common:+$common/../../shared/data}"; do
      [ -n "$cand" ] || continue
      looked+=("$cand")
      if [ -f "$cand/$marker" ]; then DATA_DIR="$(cd "$cand" && pwd)"; break; fi
    done
  fi
  if [ -z "${DATA_DIR:-}" ] || [ ! -f "$DATA_DIR/$marker" ]; then
    say "the data pack is not at ${DATA_DIR:-${looked[*]}} (admin_boundaries/, roads/, water/, dispatch_history/, fire_stations_water/):"
    say "put it at ../shared/data beside the checkout or set DATA_DIR to where it is; see README.md"
    return 1
  fi
  export DATA_DIR
}
