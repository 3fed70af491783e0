#!/usr/bin/env bash
# `npm run down`: stops the API and worker started by `npm run up` (the services keep running).
. "$(dirname "$0")/lib.sh"
for f in .data/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f"); kill "$pid" 2>/dev/null && say "stopped $(basename "$f" .pid) ($pid)"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
done
