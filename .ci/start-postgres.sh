#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite.
# Prints the URL the tests should use. Safe to run twice.
set -euo pipefail

PGPORT="${PGPORT:-55432}"
PGDATA="${PGDATA_DIR:-/tmp/hotel-supply-pg}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

if ! run_as_pg "$PGBIN/pg_isready -h 127.0.0.1 -p $PGPORT -q" 2>/dev/null; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    run_as_pg "$PGBIN/initdb -D $PGDATA -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  run_as_pg "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start >/dev/null"
fi
echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
