#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite (Debian's postgresql).
# Usage: eval "$(bash tools/pg_test_cluster.sh start)"   -> exports HRH_TEST_PG_URL
#        bash tools/pg_test_cluster.sh stop DIR
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PORT=${HRH_PG_PORT:-54329}
case "${1:-start}" in
start)
  if [ -z "$PGBIN" ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  DIR=$(mktemp -d /tmp/hrh-pg.XXXXXX)
  RUN=""
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; RUN="runuser -u postgres --"; fi
  $RUN "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >&2
  $RUN "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
  echo "export HRH_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  echo "export HRH_PG_DIR=$DIR"
  ;;
stop)
  DIR=$2
  RUN=""
  [ "$(id -u)" = 0 ] && RUN="runuser -u postgres --"
  $RUN "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
  rm -rf "$DIR"
  ;;
esac
