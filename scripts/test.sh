#!/usr/bin/env bash
# `npm test`: every test, on the real services. Installs what is missing (npm packages; PostgreSQL
# with PostGIS and pgRouting, Redis, Chromium via scripts/services.sh and Debian packages), then runs
# lint, typecheck, the formatting check and every project's Jest tests (unit, integration, browser) through Nx, and closes
# with one line "N passed, N failed" over all of them. Exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
ensure_deps || exit 1
ensure_data || exit 1
ensure_services || exit 1
bash scripts/ensure-tools.sh || exit 1
rm -rf tmp/test-results

say "lint and typecheck…"
npx nx run-many -t lint typecheck --outputStyle=static
static_rc=$?
say "formatting (prettier --check; npm run format rewrites)…"
npm run --silent format:check >/dev/null 2>&1 || { npm run --silent format:check; static_rc=1; }

say "tests (unit, integration on the real services, browser)…"
npx nx run-many -t test --outputStyle=static
test_rc=$?

node scripts/test-summary.js "$static_rc" "$test_rc"
