#!/usr/bin/env bash
# `npm run bench [name…]`: runs the benchmarks (apps/api/bench/*.bench.ts) on the real services; each prints a
# short table and writes bench/results/<name>.json. Not part of the test command.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_deps
ensure_data
ensure_services
shopt -s nullglob
# name=value arguments go to every benchmark run (e.g. `npm run bench routing sizes=small,full`)
names=()
params=()
for a in "$@"; do case "$a" in *=*) params+=("$a") ;; *) names+=("$a") ;; esac; done
if [ ${#names[@]} -eq 0 ]; then for f in apps/api/bench/*.bench.ts; do names+=("$(basename "$f" .bench.ts)"); done; fi
[ ${#names[@]} -gt 0 ] || { say "no benchmarks yet"; exit 0; }
for n in "${names[@]}"; do
  [ -f "apps/api/bench/$n.bench.ts" ] || { say "no benchmark named $n (apps/api/bench/$n.bench.ts)"; exit 2; }
  say "benchmark: $n"
  node --expose-gc --max-old-space-size=8192 -r @swc-node/register "apps/api/bench/$n.bench.ts" "${params[@]}"
done
