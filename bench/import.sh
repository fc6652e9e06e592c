#!/usr/bin/env bash
# Import at N records (issue 13.7): `RegulationApi import` into an empty database, then the same files again
# (unchanged), each timed with /usr/bin/time -v. See BENCHMARKS.md, "Import at 1,000,000 records".
#
#   bench/import.sh N [generator|contract]      e.g. bench/import.sh 1000000          bench/import.sh 1000000 contract
#
# generator: bench/Generator's records (bench/data/records-N.json, generated if missing, as bench/run.sh does);
# contract:  ../shared/bench/gen_contract_dataset.js's records (bench/data/contract-N.json, generated if missing).
# Starts a fresh private PostgreSQL cluster in .data/import-N on a free port, builds the service (Release) and prints,
# for each of the two imports: wall seconds, peak RSS of the import process, the importer's own summary and
# /proc/loadavg before and after (other work on the machine shares its cores). The cluster is stopped on exit.
#
# Settings (environment): BENCH_IMPORT_FILE (import this file instead), BENCH_PG_PORT (first port tried, 55496),
# BENCH_BUILD (1; 0 uses the build in artifacts/ as it is), BENCH_DLL (run this build instead, e.g. a copy of an
# earlier commit's: implies BENCH_BUILD=0), BENCH_GENERATOR (the shared generator's path).
set -euo pipefail

usage() { echo "usage: bench/import.sh N [generator|contract]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
N=$1
SET=${2:-generator}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || usage
[[ $SET = generator || $SET = contract ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=$ROOT/bench/data
DLL=${BENCH_DLL:-$ROOT/artifacts/bin/RegulationApi/release/RegulationApi.dll}
CLUSTER=$ROOT/.data/import-$N
WORK=$DATA_DIR/import-$N-$SET
GENERATOR=${BENCH_GENERATOR:-$ROOT/../shared/bench/gen_contract_dataset.js}

log() { printf '[import %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

STARTED=
cleanup() {
  local rc=$?
  [ -n "$STARTED" ] && "$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x /usr/bin/time ] || die "/usr/bin/time is required (Debian package 'time')"
mkdir -p "$DATA_DIR" "$WORK"

# ---- data ---------------------------------------------------------------------------------------------------------
if [ -n "${BENCH_IMPORT_FILE:-}" ]; then
  DATA=$BENCH_IMPORT_FILE
elif [ "$SET" = generator ]; then
  DATA=$DATA_DIR/records-$N.json
  if [ ! -s "$DATA" ]; then
    log "generating $N records with bench/Generator"
    (cd "$ROOT" && dotnet run --project bench/Generator -c Release -- "$N" "$DATA") >"$WORK/generate.log" 2>&1 || { tail -20 "$WORK/generate.log" >&2; die "generator failed"; }
  fi
else
  DATA=$DATA_DIR/contract-$N.json
  if [ ! -s "$DATA" ]; then
    [ -f "$GENERATOR" ] || die "the shared generator is not at $GENERATOR (set BENCH_GENERATOR)"
    log "generating $N records with $(basename "$GENERATOR")"
    node "$GENERATOR" "$N" "$DATA" >"$WORK/generate.log" 2>&1 || { tail -20 "$WORK/generate.log" >&2; die "generator failed"; }
  fi
fi
[ -s "$DATA" ] || die "no data file $DATA"

if [ "${BENCH_BUILD:-1}" = 1 ] && [ -z "${BENCH_DLL:-}" ]; then
  log "building src/RegulationApi (Release)"
  dotnet build "$ROOT/src/RegulationApi" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi
[ -f "$DLL" ] || die "no build at $DLL"

# ---- a fresh cluster on a free port -------------------------------------------------------------------------------
port=${BENCH_PG_PORT:-55496}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
"$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
rm -rf "$CLUSTER"
STARTED=1
CS=$("$ROOT/scripts/local-postgres.sh" start "$CLUSTER" "$port")
PSQL="$("$ROOT/scripts/local-postgres.sh" bin)/psql -h 127.0.0.1 -p $port -U postgres -d regulations -XtAc"
log "cluster on port $port; data $DATA ($(du -h "$DATA" | cut -f1)); commit $(git -C "$ROOT" rev-parse --short HEAD)"

# ---- the two imports ----------------------------------------------------------------------------------------------
# CPU seconds of the cluster's finished backends (the postmaster's reaped children: cutime + cstime), with clock ticks.
pg_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($16 + $17) / hz }' "/proc/$(head -1 "$CLUSTER/postmaster.pid")/stat"; }

run_import() {
  local name=$1 load_before load_after wall rss cpu pg_before pg summary version
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  pg_before=$(pg_cpu)
  ConnectionStrings__Regulations=$CS Database__SeedOnStartup=false \
    /usr/bin/time -v -o "$WORK/$name.time" dotnet "$DLL" import "$DATA" >"$WORK/$name.log" 2>&1 \
    || { tail -20 "$WORK/$name.log" >&2; die "$name import failed"; }
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  sleep 1   # the import's backend has exited; let the postmaster reap it
  pg=$(awk "BEGIN { printf \"%.1f\", $(pg_cpu) - $pg_before }")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s }' "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$WORK/$name.time")
  # CPU seconds of the import process (user + system): less sensitive than wall time to what else runs.
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$WORK/$name.time")
  summary=$(grep '^Imported' "$WORK/$name.log" || true)
  version=$($PSQL "SELECT coalesce((SELECT version FROM data_version), 0)")
  log "$name: $wall s, CPU $cpu s (PostgreSQL $pg s), peak RSS $rss MB, load $load_before -> $load_after, data_version $version: $summary"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$wall" "$cpu" "$pg" "$rss" "$load_before" "$load_after" "$version" "$summary"
}

echo "| import of $N ($SET) | wall s | CPU s | PostgreSQL CPU s | peak RSS MB | load before | load after | data_version after | summary |"
echo "|---|---:|---:|---:|---:|---|---|---:|---|"
run_import empty
run_import unchanged
