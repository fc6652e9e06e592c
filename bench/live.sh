#!/usr/bin/env bash
# The live index, measured from outside on N records of bench/Generator (issue 13): how long the service takes to be
# ready, how long after a curator's PUT its change is searchable (100 writes, one at a time), the service's RSS
# before, during and after those writes, and how long after `RegulationApi import` of 100,000 new records commits
# they are searchable, with the old snapshot serving meanwhile.
#   bench/live.sh N          (N as in bench/run.sh, whose data it reuses or generates the same way)
# Variables: BENCH_DATA (the records to load, default bench/data/records-N.json), BENCH_DLL (a RegulationApi.dll to measure instead of building this tree: an older commit's, for "before"),
# BENCH_WRITES (100), BENCH_IMPORT (100000; 0 skips the import), BENCH_PG_PORT (55489), BENCH_OURS_PORT (5089).
set -euo pipefail
[ $# -eq 1 ] && [[ $1 =~ ^[0-9]+$ ]] || { echo "usage: bench/live.sh N" >&2; exit 2; }
N=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIB=$ROOT/bench/lib
PG_PORT=${BENCH_PG_PORT:-55489}
PORT=${BENCH_OURS_PORT:-5089}
WRITES=${BENCH_WRITES:-100}
IMPORT=${BENCH_IMPORT:-100000}
DATA=${BENCH_DATA:-$ROOT/bench/data/records-$N.json}
WORK=$ROOT/bench/data/live-$N
CLUSTER=$ROOT/.data/bench-live-$N
URL=http://127.0.0.1:$PORT
OUT=$ROOT/bench/results/live-$N.md
log() { printf '[live %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
ms() { date +%s%3N; }
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }

PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null || true
  "$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -s "$DATA" ] || die "$DATA is missing: bench/run.sh $N generates it"
rm -rf "$WORK"; mkdir -p "$WORK" "$(dirname "$OUT")"
if [ -n "${BENCH_DLL:-}" ]; then
  DLL=$BENCH_DLL
else
  log "building src/RegulationApi (Release)"
  dotnet build "$ROOT/src/RegulationApi" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
  DLL=$ROOT/artifacts/bin/RegulationApi/release/RegulationApi.dll
fi
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)

"$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
rm -rf "$CLUSTER"
CS=$("$ROOT/scripts/local-postgres.sh" start "$CLUSTER" "$PG_PORT")
log "importing $N records"
ConnectionStrings__Regulations=$CS Database__SeedOnStartup=false dotnet "$DLL" import "$DATA" >"$WORK/import.log" 2>&1 || { tail "$WORK/import.log" >&2; die "import failed"; }
KEY=$(ConnectionStrings__Regulations=$CS dotnet "$DLL" keys create bench-live 2>/dev/null | tail -1)
[ -n "$KEY" ] || die "could not create an API key"

SNAPSHOTS=$WORK/snapshots
start_service() { # LOG -> PID, READY_S
  local started; started=$(ms)
  ConnectionStrings__Regulations=$CS Database__SeedOnStartup=false RateLimits__Enabled=false Search__SnapshotDirectory=$SNAPSHOTS \
    dotnet "$DLL" --urls "$URL" >"$1" 2>&1 &
  PID=$!
  ( while kill -0 "$PID" 2>/dev/null; do echo "$(ms) $(rss "$PID")"; sleep 0.1; done ) >>"$WORK/rss.log" &
  SAMPLER=$!
  until curl -sf -o /dev/null "$URL/health/ready"; do
    kill -0 "$PID" 2>/dev/null || { tail -20 "$1" >&2; die "the service stopped"; }
    sleep 0.1
  done
  READY_S=$(awk -v a="$started" -v b="$(ms)" 'BEGIN{printf "%.1f", (b-a)/1000}')
}
stop_service() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

log "starting the service (no index snapshot yet: built from every record)"
start_service "$WORK/service-cold.log"
COLD_S=$READY_S
COLD_PEAK=$(awk '$2>m{m=$2} END{print m+0}' "$WORK/rss.log")
log "ready in $COLD_S s; waiting for the index snapshot, then restarting"
for i in $(seq 1 600); do grep -q "Search index kept in" "$WORK/service-cold.log" && break; sleep 0.5; done
grep -q "Search index kept in" "$WORK/service-cold.log" || die "no index snapshot was written"
stop_service
: >"$WORK/rss.log"
start_service "$WORK/service.log"
grep -q "Search index read from" "$WORK/service.log" || die "the restart did not read the snapshot"
log "ready in $READY_S s from the snapshot"
# Settled: reads warm, and the collection after the build done.
for i in $(seq 1 200); do curl -s -o /dev/null "$URL/api/v1/records?q=mining&limit=5"; done
sleep 3
STEADY=$(rss "$PID")

window_peak() { awk -v a="$1" -v b="$2" '$1>=a && $1<=b && $2>m{m=$2} END{print m+0}' "$WORK/rss.log"; }
log "$WRITES curator writes, each searched for until found (steady RSS $STEADY MB)"
w0=$(ms)
node "$LIB/live.mjs" writes "$URL" "$KEY" "$WRITES" "$N" "$WORK/writes.json" >&2
w1=$(ms)
WRITES_PEAK=$(window_peak "$w0" "$w1")
read -r P50 P99 MAX < <(node -e "const r=require('$WORK/writes.json');console.log(r.p50.toFixed(1),r.p99.toFixed(1),r.max.toFixed(1))")

IMPORT_LINE="not measured (BENCH_IMPORT=0)"
if [ "$IMPORT" -gt 0 ]; then
  SOURCE=$ROOT/bench/data/records-$IMPORT.json
  [ -s "$SOURCE" ] || die "$SOURCE is missing: bench/run.sh $IMPORT generates it"
  # The same records under new ids (their relations point among themselves): all new to the running service.
  sed 's/"bench-/"benchnew-/g' "$SOURCE" >"$WORK/new.json"
  before=$(curl -s "$URL/api/v1/records?limit=1" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).total))")
  node "$LIB/live.mjs" total "$URL" $((before + IMPORT)) "$WORK/total.json" &
  POLLER=$!
  log "importing $IMPORT new records into the running service (total $before)"
  i0=$(ms)
  ConnectionStrings__Regulations=$CS dotnet "$DLL" import "$WORK/new.json" >"$WORK/import-new.log" 2>&1 || { tail "$WORK/import-new.log" >&2; die "import failed"; }
  i1=$(ms)
  wait "$POLLER"
  read -r REACHED OK FAILED < <(node -e "const r=require('$WORK/total.json');console.log(r.reachedAt??'null',r.ok,r.failed)")
  [ "$REACHED" != null ] || die "the imported records never became searchable"
  SEARCHABLE_S=$(awk -v a="$i1" -v b="$REACHED" 'BEGIN{printf "%.2f", (b-a)/1000}')
  sleep 2
  IMPORT_PEAK=$(window_peak "$i0" "$(ms)")
  IMPORT_LINE="import took $(awk -v a="$i0" -v b="$i1" 'BEGIN{printf "%.1f", (b-a)/1000}') s; searchable **$SEARCHABLE_S s** after the import process exited (it commits just before); $OK reads answered 200 meanwhile, $FAILED did not; peak RSS from the import's start to 2 s after: $IMPORT_PEAK MB"
fi
# Whatever a rebuild started (the main segment rebuilt in the background) is over before the last figures.
sleep 5
log "waiting for the background work to settle"
sleep 10
FINAL=$(rss "$PID")
PEAK=$(awk '$2>m{m=$2} END{print m+0}' "$WORK/rss.log")
ERRORS=$(grep -c -E '^(fail|crit):' "$WORK/service.log" || true)

cat >"$OUT" <<MD
# Live index at $N records (bench/live.sh $N)

Commit \`$COMMIT\`$( [ -n "${BENCH_DLL:-}" ] && echo " (measured: \`$BENCH_DLL\`)" ), $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg).

| measure | value |
|---|---|
| start-up to \`/health/ready\`, index built from every record (first start; peak RSS) | $COLD_S s ($COLD_PEAK MB) |
| start-up to \`/health/ready\`, index read from its snapshot (restart) | $READY_S s |
| RSS when settled (before the writes) | $STEADY MB |
| $WRITES curator PUTs: searchable after, p50 / p99 / max | $P50 / $P99 / $MAX ms |
| peak RSS during the writes | $WRITES_PEAK MB (steady + $((WRITES_PEAK - STEADY)) MB) |
| import of $IMPORT new records into the running service | $IMPORT_LINE |
| RSS at the end / peak from the restart on | $FINAL / $PEAK MB |
| \`fail:\`/\`crit:\` lines in the service's log | $ERRORS |

Searchable means: \`GET /api/v1/records?q=WORD\` (a word only that write added) answers total 1, polled every 2 ms
from the PUT's 200; for the import, \`GET /api/v1/records?limit=1\` answers the new exact total, polled every 20 ms.
MD
cat "$OUT"
