#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL cluster from the machine's own binaries.
#   scripts/local-postgres.sh start DATA_DIR PORT   -> prints the connection string on stdout
#   scripts/local-postgres.sh stop  DATA_DIR
#   scripts/local-postgres.sh bin              -> prints the folder of the PostgreSQL programs (pg_dump, psql ...)
# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
set -euo pipefail

cmd=${1:?usage: local-postgres.sh start|stop DATA_DIR [PORT] | bin}
[ "$cmd" = bin ] || data=${2:?usage: local-postgres.sh start|stop DATA_DIR [PORT] | bin}
port=${3:-55432}
db=regulations

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)"
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL binaries not found: installing them with apt-get" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  else
    echo "PostgreSQL binaries not found: install the 'postgresql' package, or set ConnectionStrings__Regulations" >&2
    exit 1
  fi
fi

# bin: where the PostgreSQL programs are (pg_dump, psql ...), for callers that need one of them.
if [ "$cmd" = bin ]; then
  echo "$bin"
  exit 0
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Says why the server did not start: the port (and whether another program holds it), the log's last lines, and how
# to pick another port (a caller that takes the port from a variable names it in PORT_VARIABLE).
cannot_start() {
  local failure=$1 log=$2
  {
    echo "PostgreSQL could not start on 127.0.0.1:$port (data directory $data)."
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is already in use by another program."
    fi
    # pg_ctl's own words, without its "Examine the log output.": the log follows.
    grep -v '^Examine the log output' <<<"$failure" || true
    if [ -f "$log" ]; then
      echo "The last lines of its log, $log:"
      tail -n 15 "$log" | sed 's/^/  /'
    else
      echo "It wrote no log ($log is missing)."
    fi
    if [ -n "${PORT_VARIABLE:-}" ]; then
      echo "To use another port, set $PORT_VARIABLE (for example $PORT_VARIABLE=$((port + 1)))."
    else
      echo "To use another port, give it as the third argument: $0 start DATA_DIR PORT."
    fi
  } >&2
  exit 1
}

mkdir -p "$data"
data=$(cd "$data" && pwd)
[ "$(id -u)" = 0 ] && chown postgres: "$data"

case "$cmd" in
  start)
    if [ ! -f "$data/PG_VERSION" ]; then
      # UTF-8 so the full-text parser sees Chinese characters as letters.
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      log="$data/server.log"
      if ! failure=$(as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1" start 2>&1 >/dev/null); then
        cannot_start "$failure" "$log"
      fi
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$db"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "unknown command: $cmd" >&2; exit 2 ;;
esac
