#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's postgresql package): a new cluster in
# a temporary folder, listening on 127.0.0.1 at a free port, trusted locally, stopped and
# removed afterwards.
#   scripts/postgres.sh start    prints the server's URL (postgres://postgres@127.0.0.1:PORT)
#   scripts/postgres.sh stop DIR stops the cluster started in DIR and removes it
# The URL's folder is in $PG_DIR's file `dir` so that `stop` finds it.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "no PostgreSQL: apt-get install -y postgresql" >&2; exit 2; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/readycheck-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >/dev/null
    echo "$dir" > "$dir/dir"
    echo "postgres://postgres@127.0.0.1:$port $dir"
    ;;
  stop)
    dir=${2:?the folder start printed}
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: scripts/postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
