#!/usr/bin/env bash
# Starts or stops the project's own PostgreSQL, Redis and Elasticsearch on loopback (never the system services).
#   scripts/services.sh start    -> prints the DATABASE_URL / REDIS_URL / ELASTICSEARCH_URL exports; Elasticsearch
#                                   starts in the background (about 40 s): `wait-es` waits for it
#   scripts/services.sh wait-es  -> waits until the Elasticsearch node answers (up to 240 s)
#   scripts/services.sh stop
# SITEGROUP_ELASTICSEARCH=0 leaves Elasticsearch out. Elasticsearch is Elastic's integration-test
# distribution (org.elasticsearch.distribution.integ-test-zip) fetched once from Maven Central with Maven
# into ~/.m2 and unpacked under the services directory; it runs on Debian's Java 17.
set -euo pipefail
# Outside the checkout: as root, PostgreSQL runs as the postgres user, which may not be able to
# enter the checkout (a clone under /root is mode 700).
RUN="${SITEGROUP_SERVICES_DIR:-${TMPDIR:-/tmp}/sitegroup-services}"
PG_PORT="${SITEGROUP_PG_PORT:-55432}"
REDIS_PORT="${SITEGROUP_REDIS_PORT:-56379}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
PG_DATA="$RUN/pgdata"
ES_ENABLED="${SITEGROUP_ELASTICSEARCH:-1}"
ES_VERSION="${SITEGROUP_ES_VERSION:-8.19.3}"  # the 8.x line of the pinned Python client (requirements.txt)
ES_PORT="${SITEGROUP_ES_PORT:-59200}"
ES_TRANSPORT_PORT="$((ES_PORT + 100))"
ES_ZIP="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
ES_HOME="$RUN/elasticsearch-$ES_VERSION"
ES_USER=sitegroup-es
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
  start_es
}

# Elasticsearch refuses to run as root: a system user of its own when we are root.
as_es() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$ES_USER" -- "$@"; else "$@"; fi; }

es_up() { curl -sf "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; }

start_es() {
  [ "$ES_ENABLED" = "1" ] || return 0
  if ! es_up; then
    if [ ! -f "$ES_ZIP" ]; then
      mvn -q -B dependency:get -Dtransitive=false \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" >&2
    fi
    if [ "$(id -u)" -eq 0 ] && ! id "$ES_USER" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    fi
    if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
      rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
      unzip -q "$ES_ZIP" -d "$ES_HOME.tmp" && mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rm -rf "$ES_HOME.tmp"
    fi
    mkdir -p "$ES_HOME/data" "$ES_HOME/logs"
    if [ "$(id -u)" -eq 0 ]; then chown -R "$ES_USER" "$ES_HOME"; fi
    local java_home
    java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    # -d returns once the node has started (about 40 s on two busy cores): in the background, so the
    # test suite starts meanwhile; the live tests wait for the node.
    ( cd "$ES_HOME" && as_es env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms1g -Xmx1g" \
        bin/elasticsearch -d -p "$ES_HOME/es.pid" \
        -E network.host=127.0.0.1 -E http.port="$ES_PORT" -E transport.port="$ES_TRANSPORT_PORT" \
        -E discovery.type=single-node -E xpack.security.enabled=false \
        -E path.data="$ES_HOME/data" -E path.logs="$ES_HOME/logs" \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        >"$RUN/elasticsearch-start.log" 2>&1 & ) 
  fi
  echo "export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
}

wait_es() {
  for _ in $(seq 480); do es_up && return 0; sleep 0.5; done
  echo "Elasticsearch 没有在 240 秒内启动（见 $ES_HOME/logs/ 与 $RUN/elasticsearch-start.log）" >&2
  return 1
}

stop_es() {
  if [ -f "$ES_HOME/es.pid" ]; then
    local pid
    pid="$(cat "$ES_HOME/es.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$ES_HOME/es.pid"
  fi
}

stop() {
  stop_es
  if [ -f "$PG_DATA/PG_VERSION" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  wait-es) wait_es ;;
  *) echo "usage: $0 start|wait-es|stop" >&2; exit 2 ;;
esac
