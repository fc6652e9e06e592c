#!/usr/bin/env bash
# Load test of reads and writes mixed (issue 4): the service (Release) over a fresh private PostgreSQL holding the
# seed, a curator's key made with the `keys` command, then wrk with LOAD_CONNECTIONS connections for DURATION: nine
# reads (searches, filters, records, related, statistics, the change feed) to one write (POST of a new record).
# It checks that no answer was a 5xx, that every acknowledged write (201) is in the database, whole, and that the
# server's memory stopped rising (the peak of the run's last third is at most 1.3 × the middle third's, though every
# write adds a record), and writes bench/results/load.md. Exit code 0 only when all three hold.
#
#   bench/load.sh [DURATION] [CONNECTIONS]      default 60s 64
#
# Settings (environment): LOAD_PG_PORT (55477), LOAD_PORT (5077), LOAD_WRITE_EVERY (10), LOAD_THREADS (2).
set -euo pipefail

DURATION=${1:-60s}
CONNECTIONS=${2:-64}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIB=$ROOT/bench/lib
PG_PORT=${LOAD_PG_PORT:-55477}
PORT=${LOAD_PORT:-5077}
WRITE_EVERY=${LOAD_WRITE_EVERY:-10}
THREADS=${LOAD_THREADS:-2}
WORK=$(mktemp -d /tmp/regulationapi-load.XXXXXX)
chmod 755 "$WORK"
CLUSTER=$WORK/postgres
DLL=$ROOT/artifacts/bin/RegulationApi/release/RegulationApi.dll
URL=http://127.0.0.1:$PORT
RESULT=$ROOT/bench/results/load.md

log() { printf '[load %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
PID=
cleanup() {
  local rc=$?
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  "$ROOT/scripts/local-postgres.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "wrk is missing: apt-get install wrk"; exit 1; }
  log "installing wrk with apt-get"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
fi

log "building src/RegulationApi (Release)"
dotnet build "$ROOT/src/RegulationApi" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
CS=$("$ROOT/scripts/local-postgres.sh" start "$CLUSTER" "$PG_PORT")
export ConnectionStrings__Regulations=$CS
# The per-client limits would answer most of one wrk client's requests with 429: this measures the service behind them
# (LOAD_RATE_LIMITS=true keeps them on).
export RateLimits__Enabled=${LOAD_RATE_LIMITS:-false}

log "starting the service on $URL"
dotnet "$DLL" --urls "$URL" >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$URL/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$URL/health/ready" || { tail -30 "$WORK/service.log" >&2; exit 1; }
KEY=$(dotnet "$DLL" keys create "load-test" 2>/dev/null)

# Reads of every kind the API answers; the write is a copy of a seed record under a new id.
cat >"$WORK/paths.txt" <<'PATHS'
/api/v1/records?q=%E6%8C%96%E7%9F%BF
/api/v1/records?jurisdiction=CN&year=2021
/api/v1/records/cn-pboc-2021-237
/api/v1/records?q=contract%20void&sort=relevance
/api/v1/records/cn-ndrc-2021-1283/related
/api/v1/stats/years?kind=regulation
/api/v1/records?inForceOn=2021-07-01&appliesIn=CN-SC
/api/v1/jurisdictions
/api/v1/records?updatedSince=2020-01-01T00:00:00Z&limit=50
/api/v1/records/cn-ruling-bj-dongcheng-2021-6309/revisions
PATHS
curl -sf "$URL/api/v1/records/cn-ndrc-2021-1283" | sed -e 's/"id":"cn-ndrc-2021-1283"/"id":"__ID__"/' -e 's/"relations":\[[^]]*\]/"relations":[]/' >"$WORK/template.json"

log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION: one write in $WRITE_EVERY requests"
RUN=$(date +%s)
LOAD_PATHS=$WORK/paths.txt LOAD_TEMPLATE=$WORK/template.json LOAD_KEY=$KEY LOAD_WRITE_EVERY=$WRITE_EVERY LOAD_RUN=$RUN \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$LIB/mixed.lua" "$URL" >"$WORK/wrk.txt" 2>&1 &
WRK=$!
: >"$WORK/rss.txt"
while kill -0 "$WRK" 2>/dev/null; do
  awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status" >>"$WORK/rss.txt"
  sleep 1
done
wait "$WRK" || true
JSON=$(grep -o 'LOAD_JSON .*' "$WORK/wrk.txt" | cut -d' ' -f2-)
[ -n "$JSON" ] || { cat "$WORK/wrk.txt" >&2; exit 1; }

# Acknowledged writes against the rows: every 201 must be a whole record (row, document, one revision).
PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -Vr | head -1)/psql
STORED=$(runuser -u postgres -- "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d regulations -XAtc \
  "SELECT count(*) FROM records r WHERE r.id LIKE 'load-$RUN-%' AND r.document <> '' AND (SELECT count(*) FROM record_revisions v WHERE v.record_id = r.id) = 1" 2>/dev/null \
  || "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d regulations -XAtc \
  "SELECT count(*) FROM records r WHERE r.id LIKE 'load-$RUN-%' AND r.document <> '' AND (SELECT count(*) FROM record_revisions v WHERE v.record_id = r.id) = 1")
FEED=$(curl -sf "$URL/api/v1/records?updatedSince=2020-01-01T00:00:00Z&limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)

node - "$JSON" "$STORED" "$FEED" "$WORK/rss.txt" "$DURATION" "$CONNECTIONS" "$WRITE_EVERY" "$RESULT" <<'NODE'
const [json, stored, feed, rssFile, duration, connections, every, result] = process.argv.slice(2);
const run = JSON.parse(json);
const fs = require('fs');
const rss = fs.readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number).map(k => k / 1024);
const status = s => run.statuses[s] || 0;
const fivexx = Object.entries(run.statuses).filter(([s]) => +s >= 500).reduce((a, [, c]) => a + c, 0);
const created = status(201);
// Flat: the resident set stops rising: its peak in the last third of the run is at most that of the middle third
// plus 30 % (the knowledge base itself grows by every write meanwhile: from 32 records to about 8,000 in 60 s).
const third = Math.floor(rss.length / 3);
const middle = Math.max(...rss.slice(third, 2 * third)), lastThird = Math.max(...rss.slice(2 * third));
const settled = rss[Math.min(10, rss.length - 1)], last = rss[rss.length - 1], peak = Math.max(...rss);
const flat = lastThird <= middle * 1.3;
// wrk stops counting at the deadline: writes in flight then are stored but not counted (at most one per connection).
const whole = +stored >= created && +stored <= created + +connections;
const ok = fivexx === 0 && whole && flat && run.errors.timeout === 0;
const lines = [
  '# Load test: reads and writes mixed', '',
  `Reproduce: \`bench/load.sh ${duration} ${connections}\` (wrk -t2 -c${connections} -d${duration}; one POST in ${every} requests; the rest cycles through searches, filters, records, related, statistics, point-in-time, the change feed and revisions). Measured ${new Date().toISOString()}.`, '',
  '| measure | value |', '|---|---:|',
  `| requests | ${run.requests} (${run.rps.toFixed(0)} req/s) |`,
  `| latency p50 / p99 / max | ${(run.latencyUs.p50 / 1000).toFixed(2)} / ${(run.latencyUs.p99 / 1000).toFixed(2)} / ${(run.latencyUs.max / 1000).toFixed(1)} ms |`,
  `| statuses | ${Object.entries(run.statuses).map(([s, c]) => `${s}: ${c}`).join(', ')} |`,
  `| 5xx answers | ${fivexx} |`,
  `| socket errors / timeouts | ${run.errors.connect + run.errors.read + run.errors.write} / ${run.errors.timeout} |`,
  `| writes acknowledged (201) | ${created} |`,
  `| records written in the database, whole (row, document, one revision) | ${stored} (the ${+stored - created} beyond the 201s counted were in flight when wrk stopped) |`,
  `| every acknowledged write present | ${whole ? 'yes' : 'no'} |`,
  `| change feed total after the run | ${feed} |`,
  `| server RSS at 10 s / end / peak | ${settled.toFixed(0)} / ${last.toFixed(0)} / ${peak.toFixed(0)} MB |`,
  `| server RSS peak in the middle / last third of the run | ${middle.toFixed(0)} / ${lastThird.toFixed(0)} MB |`,
  `| memory flat (last third's peak ≤ 1.3 × the middle third's) | ${flat ? 'yes' : 'no'} |`,
  '', `Result: **${ok ? 'pass' : 'FAIL'}**. 429s are the per-client rate limits answering as designed; they are not errors.`, '',
];
fs.writeFileSync(result, lines.join('\n'));
console.log(lines.join('\n'));
process.exit(ok ? 0 : 1);
NODE
