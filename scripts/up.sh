#!/usr/bin/env bash
# `npm run up`: brings the whole system up with demo data on this machine and prints the console URL.
# Services (PostgreSQL+PostGIS+pgRouting, Redis) → migrations → demo data → console build → API and
# worker in the background (logs in .data/logs). `npm run down` stops API and worker.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_deps
ensure_data
ensure_services
if [ -f .env ]; then set -a; . ./.env; set +a; fi
PORT="${PORT:-8119}"; HOST="${HOST:-127.0.0.1}"
say "applying migrations…"; run_ts apps/api/src/cli/migrate.ts
say "loading demo data (the first time this generates the 1.1M-edge synthetic Jiangxi road network and 1,000,000 IoT terminals, a minute or two)…"; run_ts apps/api/src/cli/seed-demo.ts --roads full --history 90 --calibration on
say "building the console…"; npx nx run console:build --skip-nx-cache >/dev/null
bash scripts/down.sh >/dev/null 2>&1 || true
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
if port_open "$PORT"; then
  want=$PORT; while port_open "$PORT"; do PORT=$((PORT + 1)); done
  say "port $want is taken by another program: using $PORT (set PORT in .env to choose)"
fi
export PORT
mkdir -p .data/logs .data/run
echo "$PORT" > .data/run/port
start() { # name, role, extra environment
  env ROLE="$2" "${@:3}" nohup node -r @swc-node/register apps/api/src/main.ts >> ".data/logs/$1.log" 2>&1 &
  echo $! > ".data/run/$1.pid"
}
start api api
# the demo: dispatched units drive to their incidents; the worker takes the IoT terminals (MQTT, and GB/T 26875.3 on TCP 9119)
start worker worker DEMO_SIMULATOR="${DEMO_SIMULATOR:-true}" IOT_TCP_PORT="${IOT_TCP_PORT:-9119}" IOT_TCP_HOST="${IOT_TCP_HOST:-127.0.0.1}"
for _ in $(seq 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://$HOST:$PORT/api/health" || true)
  [ "$code" = 200 ] && break
  kill -0 "$(cat .data/run/api.pid)" 2>/dev/null || { tail -30 .data/logs/api.log >&2; say "the API exited"; exit 1; }
  sleep 0.5
done
[ "$code" = 200 ] || { say "the API did not become healthy (last: $code); see .data/logs/api.log"; exit 1; }
kill -0 "$(cat .data/run/worker.pid)" 2>/dev/null || { tail -30 .data/logs/worker.log >&2; say "the worker exited"; exit 1; }
say "up. API health: http://$HOST:$PORT/api/health · API docs: http://$HOST:$PORT/api/docs"
say "IoT: 监控中心 http://$HOST:$PORT/?view=monitor · test alarms: docs/IOT.md (demo key demo-iot-key, MQTT ${IOT_MQTT_URL:-}, TCP ${IOT_TCP_PORT:-9119})"
say "other agencies: npm run partner-send -- 360100-110 (a 南昌 110 transfer to the desk; docs/INTEROP.md) · CAP feed: http://$HOST:$PORT/api/cap/feed.atom"
say "logs: .data/logs/ · stop: npm run down"
echo "赣119 console: http://$HOST:$PORT/"
