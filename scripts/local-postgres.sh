#!/usr/bin/env bash
# Starts (start) or stops (stop) a throw-away PostgreSQL for tests, on 127.0.0.1 only, from
# Debian's postgresql package (installed when missing). Prints the DATABASE_URL on start.
set -euo pipefail
cmd="${1:-start}"
port="${PGPORT_TEST:-54329}"
dir="${PGDATA_TEST:-/tmp/aftersales-pg-$port}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$cmd" = stop ]; then
  [ -n "$bindir" ] && [ -f "$dir/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  exit 0
fi

if [ -z "$bindir" ]; then
  echo "installing PostgreSQL (Debian package postgresql)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
  bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
fi
if ! as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  as_pg "$bindir/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$port/postgres"
