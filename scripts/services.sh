#!/usr/bin/env bash
# Starts or stops the project's own PostgreSQL and Redis on loopback (never the system services).
#   scripts/services.sh start   -> prints the DATABASE_URL / REDIS_URL exports
#   scripts/services.sh stop
set -euo pipefail
# Outside the checkout: as root, PostgreSQL runs as the postgres user, which may not be able to
# enter the checkout (a clone under /root is mode 700).
RUN="${SITEGROUP_SERVICES_DIR:-${TMPDIR:-/tmp}/sitegroup-services}"
PG_PORT="${SITEGROUP_PG_PORT:-55432}"
REDIS_PORT="${SITEGROUP_REDIS_PORT:-56379}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
PG_DATA="$RUN/pgdata"
# PostgreSQL refuses to run as root: use the postgres system user when we are root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start() {
  mkdir -p "$RUN"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$RUN"; chmod 755 "$RUN"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U sitegroup --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$RUN/postgres.log" -w \
      -o "-p $PG_PORT -k $RUN -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  fi
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U sitegroup -d postgres -tc \
    "SELECT 1 FROM pg_database WHERE datname='sitegroup'" | grep -q 1 || \
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U sitegroup sitegroup
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
      --dir "$RUN" --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export DATABASE_URL=postgres://sitegroup@127.0.0.1:$PG_PORT/sitegroup"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
