#!/usr/bin/env bash
# Ensure the real services this system stands on are up: PostgreSQL (>= 15) with PostGIS 3 and
# pgRouting 3, Redis (>= 7), and an MQTT broker for the IoT terminals (mosquitto; EMQX in compose).
# Idempotent; a second run with everything up takes a second or two.
#
# Order of preference:
#   1. DATABASE_URL and REDIS_URL given in the environment (or in ./.env): use those, check them
#      (and IOT_MQTT_URL if given; else a project-owned mosquitto as in 3).
#   2. A Docker engine answers: `docker compose -f docker/compose.yml up -d db redis mqtt`.
#   3. Debian/Ubuntu as root: install the missing distro packages and run project-owned instances
#      with their data under .data/ (git-ignored) on their own ports (55432 / 56379 by default, the
#      next free port when one is taken by something else).
#   4. Otherwise: say exactly what to install and exit non-zero.
# Writes the URLs it settled on to .data/services.env (sourced by the other scripts).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${GAN119_DATA_DIR:-$ROOT/.data}"
OUT="$DATA/services.env"
mkdir -p "$DATA"
log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -f "$ROOT/.env" ]; then set -a; . "$ROOT/.env"; set +a; fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port_from() { local p=$1; while port_open "$p"; do p=$((p + 1)); done; echo "$p"; }
url_port() { sed -E 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#' <<<"$1"; }

write_env() {
  local mqtt="${3:-}"
  if [ -z "$mqtt" ]; then mqtt="$(ensure_mqtt)" || exit 1; fi
  umask 077
  printf 'DATABASE_URL=%s\nREDIS_URL=%s\nIOT_MQTT_URL=%s\n' "$1" "$2" "$mqtt" > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
  log "DATABASE_URL=$1"
  log "REDIS_URL=$2"
  log "IOT_MQTT_URL=$mqtt"
}

# The MQTT broker: IOT_MQTT_URL when given (it must answer), else a project-owned mosquitto (Debian's
# package, installed when missing) on its own port with its data under .data/mosquitto. Prints the URL.
ensure_mqtt() {
  if [ -n "${IOT_MQTT_URL:-}" ]; then
    port_open "$(url_port "$IOT_MQTT_URL")" || die "IOT_MQTT_URL=$IOT_MQTT_URL does not answer"
    echo "$IOT_MQTT_URL"
    return
  fi
  if ! command -v mosquitto >/dev/null 2>&1; then
    [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ] || die "no MQTT broker: install mosquitto (Debian: apt-get install mosquitto) or set IOT_MQTT_URL"
    log "installing: mosquitto"
    [ -f "$DATA/.apt-updated" ] || { apt-get update -qq && touch "$DATA/.apt-updated"; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto mosquitto-clients >/dev/null
  fi
  local mdir="$DATA/mosquitto" port
  mkdir -p "$mdir"
  if [ -f "$mdir/mosquitto.pid" ] && kill -0 "$(cat "$mdir/mosquitto.pid")" 2>/dev/null && [ -f "$mdir/port" ] && port_open "$(cat "$mdir/port")"; then
    port="$(cat "$mdir/port")"
    log "mosquitto already running on port $port"
  else
    # a broker still running on this directory's config is left from a checkout deleted and cloned
    # again at the same path: it would keep saving into the new directory's persistence file under the
    # new broker (which then fails on its save, and the IoT tests' connections are refused)
    pkill -f "^mosquitto -c $mdir/mosquitto.conf" 2>/dev/null && sleep 0.5
    port="$(free_port_from "${GAN119_MQTT_PORT:-51883}")"
    # QoS 1 sessions and their queued messages survive a broker restart (persistence); anonymous on
    # 127.0.0.1 only: production brokers authenticate each platform (docs/IOT.md)
    cat > "$mdir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $mdir/
autosave_interval 1
max_queued_messages 100000
max_inflight_messages 1000
pid_file $mdir/mosquitto.pid
log_dest file $mdir/mosquitto.log
CONF
    [ "$(id -u)" = 0 ] && chown -R mosquitto: "$mdir" 2>/dev/null || true
    log "starting mosquitto on port $port"
    mosquitto -c "$mdir/mosquitto.conf" -d
    echo "$port" > "$mdir/port"
    for _ in $(seq 50); do port_open "$port" && break; sleep 0.1; done
    port_open "$port" || die "mosquitto did not start (see $mdir/mosquitto.log)"
  fi
  echo "mqtt://127.0.0.1:$port"
}

check_db() { # url -> checks the server answers and has both extensions available
  node "$ROOT/scripts/check-services.js" "$1" "$2"
}

# ---------- 1. configured services ----------
if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
  log "using the services named in the environment"
  check_db "$DATABASE_URL" "$REDIS_URL" || die "the configured DATABASE_URL / REDIS_URL do not answer as required (see above)"
  write_env "$DATABASE_URL" "$REDIS_URL"
  exit 0
fi

# ---------- 2. docker ----------
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  log "a Docker engine answers: starting db and redis from docker/compose.yml"
  # the file requires TOKEN_SECRET for the API; the database and Redis do not use it
  TOKEN_SECRET="${TOKEN_SECRET:-not-used-by-db-or-redis-000}" docker compose -f "$ROOT/docker/compose.yml" up -d --wait db redis mqtt
  DB_URL="postgres://gan119:${POSTGRES_PASSWORD:-gan119}@127.0.0.1:${GAN119_DB_PORT:-55432}/gan119"
  RD_URL="redis://127.0.0.1:${GAN119_REDIS_PORT:-56379}"
  check_db "$DB_URL" "$RD_URL" || die "the compose services did not come up"
  write_env "$DB_URL" "$RD_URL" "${IOT_MQTT_URL:-mqtt://127.0.0.1:${GAN119_MQTT_PORT:-51883}}"
  exit 0
fi

# ---------- 3. Debian packages, project-owned instances ----------
if [ ! -f /etc/debian_version ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
[services] Cannot start PostgreSQL/PostGIS/pgRouting and Redis by myself here (no Docker engine,
and not Debian/Ubuntu as root). Either:
  - install Docker and run again; or
  - install PostgreSQL >= 15 with PostGIS 3 and pgRouting 3 (Debian: postgresql-15-postgis-3
    postgresql-15-pgrouting) and Redis >= 7 (redis-server), start them, and run again with
    DATABASE_URL=postgres://user:pass@host:port/gan119 REDIS_URL=redis://host:port in the
    environment or in ./.env (see .env.example).
MSG
  exit 1
fi

pg_version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }
need=()
PGV="$(pg_version)"
if [ -z "$PGV" ]; then
  PGV=15
  apt-cache policy "postgresql-$PGV" 2>/dev/null | grep -q 'Candidate: [0-9]' || {
    [ -f "$DATA/.apt-updated" ] || { apt-get update -qq && touch "$DATA/.apt-updated"; }
    PGV="$(apt-cache search --names-only '^postgresql-[0-9]+-pgrouting$' | sed -E 's/^postgresql-([0-9]+).*/\1/' | sort -n | tail -1)"
  }
  need+=("postgresql-$PGV")
fi
[ -f "/usr/share/postgresql/$PGV/extension/postgis.control" ] || need+=("postgresql-$PGV-postgis-3")
[ -f "/usr/share/postgresql/$PGV/extension/pgrouting.control" ] || need+=("postgresql-$PGV-pgrouting")
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  log "installing: ${need[*]}"
  [ -f "$DATA/.apt-updated" ] || { apt-get update -qq && touch "$DATA/.apt-updated"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PGBIN="/usr/lib/postgresql/$PGV/bin"
[ -x "$PGBIN/pg_ctl" ] || die "no pg_ctl in $PGBIN after installing"

# PostgreSQL refuses to run as root: the instance belongs to the 'postgres' system user.
PGDATA="$DATA/pg"
if ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
  # the checkout is not reachable by the postgres user (e.g. a private home): keep the data beside
  PGDATA="/var/lib/gan119/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/pg"
fi
PGLOG="$PGDATA.log"
pg_running() { [ -f "$PGDATA/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

if [ ! -f "$PGDATA/PG_VERSION" ]; then
  log "creating a project-owned PostgreSQL $PGV cluster in $PGDATA"
  mkdir -p "$PGDATA" && chown -R postgres:postgres "$(dirname "$PGDATA")" && chmod 700 "$PGDATA"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGDATA/postgresql.conf" <<CONF
# gan119 project-owned instance
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA'
max_connections = 300
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
statement_timeout = 0
CONF
fi
if pg_running; then
  PG_PORT="$(sed -n 4p "$PGDATA/postmaster.pid")"
  log "PostgreSQL already running on port $PG_PORT"
else
  PG_PORT="$(free_port_from "${GAN119_DB_PORT:-55432}")"
  log "starting PostgreSQL on port $PG_PORT"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -o "-p $PG_PORT" -w -t 60 start >/dev/null \
    || { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start"; }
fi
DB_NAME="${GAN119_DB_NAME:-gan119}"
"$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1 \
  || "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB_NAME"

RDIR="$DATA/redis"
mkdir -p "$RDIR"
redis_pid_alive() { [ -f "$RDIR/redis.pid" ] && kill -0 "$(cat "$RDIR/redis.pid")" 2>/dev/null; }
if redis_pid_alive && [ -f "$RDIR/port" ]; then
  R_PORT="$(cat "$RDIR/port")"
  log "Redis already running on port $R_PORT"
else
  R_PORT="$(free_port_from "${GAN119_REDIS_PORT:-56379}")"
  log "starting Redis on port $R_PORT (AOF on, noeviction)"
  redis-server --port "$R_PORT" --bind 127.0.0.1 --dir "$RDIR" --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --save "" --daemonize yes --pidfile "$RDIR/redis.pid" --logfile "$RDIR/redis.log"
  echo "$R_PORT" > "$RDIR/port"
  for _ in $(seq 50); do port_open "$R_PORT" && break; sleep 0.1; done
fi

DB_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
RD_URL="redis://127.0.0.1:$R_PORT"
check_db "$DB_URL" "$RD_URL" || die "the project-owned services do not answer as required"
write_env "$DB_URL" "$RD_URL"
