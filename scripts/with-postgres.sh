#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a throw-away PostgreSQL cluster that this
# script starts on a free loopback port and removes afterwards, whatever happens.
# Without PostgreSQL: skip with a message, or fail when CI=true.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL server binaries not found (set PG_BIN); CI requires them." >&2
    exit 1
  fi
  echo "PostgreSQL not found: skipping '$*' (install postgresql to run it)." >&2
  exit 0
fi

dir=$(mktemp -d /tmp/callidarity-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run_as=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: run the server as the postgres user.
  chown postgres "$dir"
  run_as=(su postgres -s /bin/bash -c)
else
  run_as=(bash -c)
fi

cleanup() {
  "${run_as[@]}" "'$PG_BIN/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "'$PG_BIN/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --no-sync" >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${run_as[@]}" "'$PG_BIN/pg_ctl' -D '$dir/data' -w -l '$dir/server.log' -o \"-p $port -k '$dir' -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/callidarity"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres callidarity
"$@"
