#!/usr/bin/env bash
# Benchmark of RegulationApi beside Platformatic DB on the same data (issue 3). See bench/README.md.
#
#   bench/run.sh N [DURATION]        e.g. bench/run.sh 100000        bench/run.sh 1000000 10s
#
# Generates N records with bench/Generator (cached in bench/data/), starts a fresh private PostgreSQL cluster in
# .data/bench-N, imports them through the product's own `import` command (timed), starts our service (Release)
# and the peer, drives wrk on 127.0.0.1 through R1-R9 (ours) and R1-R7 (peer), then RC with the output cache on,
# and writes bench/results/N.md and bench/results/N.json. Everything it starts is stopped when it exits.
#
# Settings (environment): BENCH_PG_PORT (55488), BENCH_OURS_PORT (5088), BENCH_PEER_PORT (3088),
# BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_WARMUP (3s), BENCH_TIMEOUT (10s: a request not answered
# by then counts as a timeout error), BENCH_KINDS (R1 R2 R3 R4 R5 R6 R7 R8 R9 P1 P2 P3 RC; P1-P3 are the pages), BENCH_PEER (1; 0 skips the peer), BENCH_READY_SECONDS (600: how long a service may take to become ready),
# BENCH_EXPORTS (1: after R1-R9, export every record as NDJSON and as CSV, sampling the server's RSS; 0 skips it).
set -euo pipefail

usage() { echo "usage: bench/run.sh N [DURATION]   (N >= 1000 records; DURATION as wrk takes it: 10s, 1m; default 10s)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
N=$1
DURATION=${2:-10s}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1000 ] || usage
[[ $DURATION =~ ^[0-9]+[smh]?$ ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
LIB=$BENCH/lib
PG_PORT=${BENCH_PG_PORT:-55488}
OURS_PORT=${BENCH_OURS_PORT:-5088}
PEER_PORT=${BENCH_PEER_PORT:-3088}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-3s}
TIMEOUT=${BENCH_TIMEOUT:-10s}
KINDS=${BENCH_KINDS:-R1 R2 R3 R4 R5 R6 R7 R8 R9 P1 P2 P3 RC}
WITH_PEER=${BENCH_PEER:-1}
READY_SECONDS=${BENCH_READY_SECONDS:-600}   # a service loading 1,000,000 records takes minutes to become ready
QUIESCE_GRACE=2        # seconds a query may go on running after a wrk run before it is cancelled
QUIESCE_LIMIT=180      # seconds at most spent waiting for PostgreSQL to fall idle after a run

DATA_DIR=$BENCH/data
DATA=$DATA_DIR/records-$N.json
WORK=$DATA_DIR/run-$N
RESULTS=$BENCH/results
CLUSTER=$ROOT/.data/bench-$N
DLL=$ROOT/artifacts/bin/RegulationApi/release/RegulationApi.dll
OURS_URL=http://127.0.0.1:$OURS_PORT
PEER_URL=http://127.0.0.1:$PEER_PORT

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# wrk's duration ("10s", "1m", "2h", "30") in seconds.
seconds() {
  local v=$1
  case $v in
    *s) echo "${v%s}" ;;
    *m) echo $(( ${v%m} * 60 )) ;;
    *h) echo $(( ${v%h} * 3600 )) ;;
    *) echo "$v" ;;
  esac
}

# ---- everything started here is stopped on exit -----------------------------------------------------------------
OURS_PID=
PEER_PID=
WRK_PID=
CLUSTER_STARTED=
cleanup() {
  local rc=$?
  set +e
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null
  stop_pid "$OURS_PID"
  stop_pid "$PEER_PID"
  if [ -n "$CLUSTER_STARTED" ]; then
    "$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1
  fi
  [ $rc -ne 0 ] && log "failed (exit $rc); logs in $WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- tools --------------------------------------------------------------------------------------------------------
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* missing: install it (apt-get install $*) or run as root"
  log "installing $* with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v dotnet >/dev/null || die "dotnet (the .NET SDK of global.json) is required"
command -v node >/dev/null || die "Node.js 20 or later is required (Platformatic DB 2.x runs on Node 20)"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js 20 or later is required, found $(node --version)"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr | head -1)
[ -n "$PG_BIN" ] || { apt_install postgresql; PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -Vr | head -1); }
PSQL=$PG_BIN/psql

if [ "$WITH_PEER" = 1 ]; then
  # npm ci when node_modules is missing or was installed from another lock file. No install scripts: the peer
  # needs none (they build native add-ons for SQLite and CPU metrics that PostgreSQL does not use).
  LOCK_SHA=$(sha256sum "$LIB/package-lock.json" | cut -c1-64)
  if [ "$(cat "$LIB/node_modules/.bench-lock-sha" 2>/dev/null)" != "$LOCK_SHA" ]; then
    log "npm ci in bench/lib (Platformatic DB)"
    (cd "$LIB" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    echo "$LOCK_SHA" >"$LIB/node_modules/.bench-lock-sha"
  fi
fi

for port in "$PG_PORT" "$OURS_PORT" "$PEER_PORT"; do
  port_free "$port" || die "port $port on 127.0.0.1 is in use: stop what listens there or set BENCH_PG_PORT / BENCH_OURS_PORT / BENCH_PEER_PORT"
done

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS"

# ---- build and data -----------------------------------------------------------------------------------------------
log "building src/RegulationApi (Release)"
dotnet build "$ROOT/src/RegulationApi" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
[ -f "$DLL" ] || die "build produced no $DLL"

# The data are cached per N and regenerated when the generator's sources change.
GEN_STAMP=$(cd "$ROOT" && find bench/Generator -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*' | sort | xargs sha256sum | sha256sum | cut -c1-16)
if [ ! -s "$DATA" ] || [ ! -s "$DATA.queries.json" ] || [ ! -s "$DATA.peer.json" ] || [ "$(cat "$DATA.stamp" 2>/dev/null)" != "$GEN_STAMP" ]; then
  log "generating $N records into bench/data/ (bench/Generator)"
  mkdir -p "$DATA_DIR"
  rm -f "$DATA" "$DATA.queries.json" "$DATA.peer.json" "$DATA.stamp"
  (cd "$ROOT" && dotnet run --project bench/Generator -c Release -- "$N" "$DATA") >"$WORK/generate.log" 2>&1 || { tail -30 "$WORK/generate.log" >&2; die "generator failed"; }
  echo "$GEN_STAMP" >"$DATA.stamp"
fi

# ---- database -----------------------------------------------------------------------------------------------------
log "fresh PostgreSQL cluster in .data/bench-$N on port $PG_PORT"
"$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
rm -rf "$CLUSTER"
CLUSTER_STARTED=1
CS=$("$ROOT/scripts/local-postgres.sh" start "$CLUSTER" "$PG_PORT")
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/regulations"
psql_bench() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d regulations -X -v ON_ERROR_STOP=1 "$@"; }

log "importing $N records (RegulationApi import)"
t0=$(date +%s.%N)
set +e
ConnectionStrings__Regulations=$CS Database__SeedOnStartup=false dotnet "$DLL" import "$DATA" >"$WORK/import.log" 2>&1
IMPORT_EXIT=$?
set -e
t1=$(date +%s.%N)
IMPORT_SECONDS=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
tail -3 "$WORK/import.log" >&2
[ "$IMPORT_EXIT" = 0 ] || die "import failed (exit $IMPORT_EXIT)"
log "import took $(printf '%.1f' "$IMPORT_SECONDS") s"

PEER_TABLE_SECONDS=null
if [ "$WITH_PEER" = 1 ]; then
  log "creating peer_records for the peer"
  t0=$(date +%s.%N)
  psql_bench -q -f "$LIB/peer-table.sql" >"$WORK/peer-table.log" 2>&1 || { cat "$WORK/peer-table.log" >&2; die "peer table failed"; }
  t1=$(date +%s.%N)
  PEER_TABLE_SECONDS=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
fi
psql_bench -q -c "VACUUM ANALYZE" >/dev/null

# ---- servers ------------------------------------------------------------------------------------------------------
wait_http() { # URL PID NAME
  local i
  for i in $(seq 1 $((READY_SECONDS * 2))); do
    kill -0 "$2" 2>/dev/null || return 1
    curl -sf -o /dev/null --max-time 5 "$1" && return 0
    sleep 0.5
  done
  return 1
}

start_ours() { # OUTPUT_CACHE(true|false) LOG
  # wrk is one client at thousands of requests a second: rate limits off, or it would measure the 429s.
  ConnectionStrings__Regulations=$CS Database__SeedOnStartup=false OutputCache__Enabled=$1 RateLimits__Enabled=false \
    dotnet "$DLL" --urls "$OURS_URL" >"$2" 2>&1 &
  OURS_PID=$!
  wait_http "$OURS_URL/health/ready" "$OURS_PID" || { tail -30 "$2" >&2; die "our service did not become ready"; }
}

log "starting our service on $OURS_URL (OutputCache__Enabled=false)"
start_ours false "$WORK/ours.log"

if [ "$WITH_PEER" = 1 ]; then
  log "starting the peer (Platformatic DB) on $PEER_URL"
  NODE_ENV=production PLT_BENCH_PEER_PORT=$PEER_PORT PLT_BENCH_DATABASE_URL=$PG_URL \
    node "$LIB/peer.mjs" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!
  wait_http "$PEER_URL/peerRecords?limit=1" "$PEER_PID" || { tail -30 "$WORK/peer.log" >&2; die "the peer did not become ready"; }
fi

# ---- request lists ------------------------------------------------------------------------------------------------
log "building request lists (R7: 50 pages by cursor per R1 query) and checking each of our paths once"
peer_arg=()
[ "$WITH_PEER" = 1 ] && peer_arg=(--peer "$PEER_URL")
node "$LIB/paths.mjs" --queries "$DATA.queries.json" --peer-values "$DATA.peer.json" --ours "$OURS_URL" \
  "${peer_arg[@]}" --out "$WORK" >&2

# ---- measuring ----------------------------------------------------------------------------------------------------
# Waits until PostgreSQL runs no query for the benchmark (a slow peer query goes on after wrk has closed its
# connection); cancels what is still running after the grace period. Prints how many queries it cancelled.
quiesce() {
  local start now idle=0 cancelled=0 active n
  start=$(date +%s)
  while :; do
    active=$(psql_bench -tAc "select count(*) from pg_stat_activity where datname = 'regulations' and state = 'active' and pid <> pg_backend_pid()")
    if [ "$active" = 0 ]; then
      idle=$((idle + 1))
      [ $idle -ge 3 ] && break
    else
      idle=0
      now=$(date +%s)
      if [ $((now - start)) -ge $QUIESCE_GRACE ]; then
        n=$(psql_bench -tAc "select count(*) from (select pg_cancel_backend(pid) from pg_stat_activity where datname = 'regulations' and state = 'active' and pid <> pg_backend_pid()) c")
        cancelled=$((cancelled + n))
      fi
      [ $((now - start)) -ge $QUIESCE_LIMIT ] && { log "PostgreSQL still busy after ${QUIESCE_LIMIT}s"; break; }
    fi
    sleep 0.2
  done
  echo "$cancelled"
}

# run_wrk NAME URL PATHS_FILE SERVER_PID DURATION -> NAME.wrk.txt, NAME.rss (peak VmRSS kB of SERVER_PID)
run_wrk() {
  local name=$1 url=$2 paths=$3 pid=$4 duration=$5 max=0 rss deadline
  deadline=$(( $(date +%s) + $(seconds "$duration") + $(seconds "$TIMEOUT") + 30 ))
  WRK_PATHS=$paths wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout "$TIMEOUT" -s "$LIB/cycle.lua" "$url" \
    >"$WORK/$name.wrk.txt" 2>&1 &
  WRK_PID=$!
  while kill -0 "$WRK_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$rss" ] && [ "$rss" -gt "$max" ] && max=$rss
    if [ "$(date +%s)" -gt "$deadline" ]; then
      log "wrk overran its time: stopping it"
      kill "$WRK_PID" 2>/dev/null
    fi
    sleep 0.5
  done
  wait "$WRK_PID" 2>/dev/null || true
  WRK_PID=
  echo "$max" >"$WORK/$name.rss"
}

measure() { # SIDE KIND URL PID
  local side=$1 kind=$2 url=$3 pid=$4 paths=$WORK/$1-$2.txt
  if [ ! -s "$paths" ] || [ -z "$(tr -d '\n' <"$paths")" ]; then
    log "$side $kind: no request paths, skipped"
    return 0
  fi
  kill -0 "$pid" 2>/dev/null || die "the $side server is no longer running (see $WORK/$side.log)"
  run_wrk "$side-$kind-warmup" "$url" "$paths" "$pid" "$WARMUP"
  quiesce >/dev/null
  run_wrk "$side-$kind" "$url" "$paths" "$pid" "$DURATION"
  quiesce >"$WORK/$side-$kind.cancelled"
  log "$side $kind: $(grep -o '"rps":[0-9.]*' "$WORK/$side-$kind.wrk.txt" | head -1 | cut -d: -f2) req/s, p99 $(grep -o '"p99":[0-9]*' "$WORK/$side-$kind.wrk.txt" | head -1 | cut -d: -f2) us, peak RSS $(( $(cat "$WORK/$side-$kind.rss") / 1024 )) MB"
}

quiesce >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN{exit !($LOAD_BEFORE > 1.0)}"; then
  log "warning: load average is $LOAD_BEFORE before measuring: other processes share the cores, the numbers will be low"
fi
for kind in $KINDS; do
  [ "$kind" = RC ] && continue
  measure ours "$kind" "$OURS_URL" "$OURS_PID"
done

# ---- exports (issue 4): the whole knowledge base streamed, with the server's resident set sampled meanwhile --------
EXPORTS="[]"
if [ "${BENCH_EXPORTS:-1}" = 1 ]; then
  EXPORTS="["
  for format in ndjson csv; do
    rss_before=$(awk '/^VmRSS:/ { print $2 }' "/proc/$OURS_PID/status")
    curl -s -o /dev/null -w '%{size_download} %{time_total} %{http_code}\n' "$OURS_URL/api/v1/records?format=$format" >"$WORK/export-$format.txt" &
    CURL_PID=$!
    peak=0
    : >"$WORK/export-$format.rss"
    while kill -0 "$CURL_PID" 2>/dev/null; do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$OURS_PID/status")
      echo "$rss" >>"$WORK/export-$format.rss"
      [ "$rss" -gt "$peak" ] && peak=$rss
      sleep 0.2
    done
    wait "$CURL_PID" || true
    read -r bytes seconds code <"$WORK/export-$format.txt"
    # Flat means the second half of the export needs no more memory than the first: peaks of each half.
    halves=$(awk '{ v[NR] = $1 } END { h = int(NR / 2); a = 0; b = 0; for (i = 1; i <= NR; i++) { if (i <= h) { if (v[i] > a) a = v[i] } else if (v[i] > b) b = v[i] } printf "%d %d", a / 1024, b / 1024 }' "$WORK/export-$format.rss")
    read -r first_half second_half <<<"$halves"
    log "export $format: HTTP $code, $(( bytes / 1048576 )) MiB in ${seconds} s, RSS $(( rss_before / 1024 )) MB before, peak $(( peak / 1024 )) MB (first half $first_half, second half $second_half)"
    [ "$EXPORTS" = "[" ] || EXPORTS="$EXPORTS,"
    EXPORTS="$EXPORTS{\"format\":\"$format\",\"status\":$code,\"bytes\":$bytes,\"seconds\":$seconds,\"rssBeforeMb\":$(( rss_before / 1024 )),\"peakRssMb\":$(( peak / 1024 )),\"firstHalfPeakMb\":$first_half,\"secondHalfPeakMb\":$second_half}"
  done
  EXPORTS="$EXPORTS]"
fi

if [ "$WITH_PEER" = 1 ]; then
  for kind in $KINDS; do
    case $kind in R1|R2|R3|R4|R5|R6|R7) measure peer "$kind" "$PEER_URL" "$PEER_PID" ;; esac
  done
fi

if [[ " $KINDS " == *" RC "* ]]; then
  log "restarting our service with OutputCache__Enabled=true for RC"
  stop_pid "$OURS_PID"
  OURS_PID=
  start_ours true "$WORK/ours-cached.log"
  measure ours RC "$OURS_URL" "$OURS_PID"
fi

LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
# Errors and critical failures our service logged while it was measured (ASP.NET's console logger: "fail:", "crit:").
SERVER_LOG_ERRORS=$(cat "$WORK"/ours*.log 2>/dev/null | grep -cE '^(fail|crit):' || true)

# ---- plans --------------------------------------------------------------------------------------------------------
PLANS=false
if [ -f "$LIB/plans.sql" ]; then
  log "capturing query plans (bench/lib/plans.sql)"
  psql_bench -a -f "$LIB/plans.sql" >"$RESULTS/$N-plans.txt" 2>&1 || log "plans.sql failed: see bench/results/$N-plans.txt"
  PLANS=true
fi

# ---- report -------------------------------------------------------------------------------------------------------
PLATFORMATIC_VERSION=$(node -p "require('$LIB/node_modules/@platformatic/db/package.json').version" 2>/dev/null || echo "not installed")
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=false
[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && DIRTY=true
cat >"$WORK/meta.json" <<EOF
{
  "records": $N,
  "command": "bench/run.sh $N $DURATION",
  "startedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$COMMIT",
  "dirty": $DIRTY,
  "duration": "$DURATION",
  "warmup": "$WARMUP",
  "timeout": "$TIMEOUT",
  "threads": $THREADS,
  "connections": $CONNECTIONS,
  "quiesceGraceSeconds": $QUIESCE_GRACE,
  "importSeconds": $IMPORT_SECONDS,
  "importExit": $IMPORT_EXIT,
  "peerTableSeconds": $PEER_TABLE_SECONDS,
  "dataFile": "bench/data/records-$N.json",
  "dataMiB": $(( $(stat -c %s "$DATA") / 1048576 )),
  "plans": $PLANS,
  "loadAverage": { "beforeMeasuring": $LOAD_BEFORE, "afterMeasuring": $LOAD_AFTER },
  "serverLogErrors": ${SERVER_LOG_ERRORS:-0},
  "exports": $EXPORTS,
  "versions": {
    "dotnet": "$(dotnet --version)",
    "postgres": "$("$PG_BIN/postgres" --version | awk '{print $3}')",
    "node": "$(node --version)",
    "platformatic": "$PLATFORMATIC_VERSION",
    "wrk": "$(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
  },
  "machine": {
    "cores": $(nproc),
    "memoryGiB": $(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo),
    "cpu": "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo | tr -d '"')"
  }
}
EOF
node "$LIB/report.mjs" --work "$WORK" --md "$RESULTS/$N.md" --json "$RESULTS/$N.json" >/dev/null
log "wrote bench/results/$N.md and bench/results/$N.json"
cat "$RESULTS/$N.md"
