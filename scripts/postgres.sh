#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: postgres.sh start|stop DIR (port $PG_PORT).
set -euo pipefail
action=$1; dir=$2; port=${PG_PORT:-54329}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    ;;
  stop)
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m fast stop
    ;;
esac
