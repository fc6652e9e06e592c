// Turns one benchmark run's raw files into bench/results/N.md and bench/results/N.json.
//   node bench/lib/report.mjs --work DIR --md OUT.md --json OUT.json
// DIR holds meta.json (written by run.sh), check.json (written by paths.mjs) and, per measured run NAME
// (ours-R1 ... ours-R9, ours-RC, peer-R1 ... peer-R7): NAME.wrk.txt (wrk's output with its WRK_JSON line),
// NAME.rss (the server's peak VmRSS in kB) and NAME.cancelled (queries still running in PostgreSQL after the
// run that had to be cancelled before the next one).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { work: { type: 'string' }, md: { type: 'string' }, json: { type: 'string' } },
});
const work = args.work;
const meta = JSON.parse(fs.readFileSync(path.join(work, 'meta.json'), 'utf8'));
const checkFile = path.join(work, 'check.json');
const { check = {}, problems = [] } = fs.existsSync(checkFile) ? JSON.parse(fs.readFileSync(checkFile, 'utf8')) : {};

const KINDS = [
  ['R1', '`year=2021&jurisdiction=CN` and other year + jurisdiction filters, first page of 20'],
  ['R2', '`q=contract void`: two English words (AND)'],
  ['R3', '`q=挖矿`: a common Chinese word'],
  ['R4', 'a rare Chinese word (0.1 % of records)'],
  ['R5', 'a rare English word (0.1 % of records)'],
  ['R6', 'one record by id'],
  ['R7', 'page 51 of R1 (ours: by cursor; peer: offset=1000)'],
  ['R8', '`q=COMMON&sort=relevance`: ranked common word'],
  ['R9', '`/api/v1/stats/years` with a filter'],
  ['RC', 'R1 `year=2021&jurisdiction=CN` repeated, output cache on'],
  ['P1', 'search page `/` (HTML: every facet, the year chart, 20 results): no filter, and the R1 filters, zh and en'],
  ['P2', 'search page with a rare word (R4, R5 queries): highlighted snippets'],
  ['P3', 'record page `/records/{id}`: relations both ways, revisions'],
];
const PEER_KINDS = new Set(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
const RATIO_TARGET = { R1: 10, R2: 10, R3: 10, R4: 10, R5: 10, R6: 1, R7: 10 };
// Issue 3: p99 <= 25 ms; at 1,000,000 records 100 ms where a query matches more than a tenth of all records.
const BROAD = new Set(['R2', 'R3', 'R8']);
const p99Target = (kind) => (kind === 'RC' ? null : meta.records >= 1_000_000 && BROAD.has(kind) ? 100 : 25);
const RSS_TARGET_MB = 400;
// Issue 3: the repeated request reaches at least half of the stack's ceiling (46,000 req/s measured there).
const RC_TARGET_RPS = 23_000;

function readRun(name) {
  const wrkFile = path.join(work, `${name}.wrk.txt`);
  if (!fs.existsSync(wrkFile)) return null;
  const text = fs.readFileSync(wrkFile, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('WRK_JSON '));
  const read = (suffix) => {
    const f = path.join(work, `${name}.${suffix}`);
    return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8').trim()) : null;
  };
  if (!line) {
    return { failed: true, output: text.slice(-2000), rssMaxMb: kbToMb(read('rss')), cancelledAfter: read('cancelled') };
  }
  const wrk = JSON.parse(line.slice('WRK_JSON '.length));
  const errorsTotal = Object.values(wrk.errors).reduce((a, b) => a + b, 0);
  return {
    requests: wrk.requests,
    rps: wrk.rps,
    p50Ms: wrk.latencyUs.p50 / 1000,
    p90Ms: wrk.latencyUs.p90 / 1000,
    p99Ms: wrk.latencyUs.p99 / 1000,
    maxMs: wrk.latencyUs.max / 1000,
    meanMs: wrk.latencyUs.mean / 1000,
    bytesPerResponse: wrk.requests ? Math.round(wrk.bytes / wrk.requests) : null,
    paths: wrk.paths,
    errors: { ...wrk.errors, total: errorsTotal },
    rssMaxMb: kbToMb(read('rss')),
    cancelledAfter: read('cancelled'),
  };
}

function kbToMb(kb) {
  return kb === null || Number.isNaN(kb) ? null : Math.round(kb / 1024);
}

const rows = [];
for (const [kind, what] of KINDS) {
  const ours = readRun(`ours-${kind}`);
  const peer = PEER_KINDS.has(kind) ? readRun(`peer-${kind}`) : null;
  const ratio = ours && peer && !ours.failed && !peer.failed
    ? (peer.rps > 0 ? ours.rps / peer.rps : (ours.rps > 0 ? Infinity : null))
    : null;
  const targets = {};
  if (ours && !ours.failed) {
    const limit = p99Target(kind);
    if (limit !== null) targets.p99 = { limitMs: limit, met: ours.requests > 0 && ours.p99Ms <= limit };
    if (kind === 'RC') targets.rps = { min: RC_TARGET_RPS, met: ours.rps >= RC_TARGET_RPS };
    if (ours.rssMaxMb !== null) targets.rss = { limitMb: RSS_TARGET_MB, met: ours.rssMaxMb <= RSS_TARGET_MB };
    targets.errors = { met: ours.errors.total === 0 };
    if (RATIO_TARGET[kind] && ratio !== null) targets.ratio = { min: RATIO_TARGET[kind], met: ratio >= RATIO_TARGET[kind] };
  }
  rows.push({ kind, what, check: check[kind] ?? null, ours, peer, ratio, targets });
}

const result = { ...meta, results: rows, problems };
fs.writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');

// ---- markdown ------------------------------------------------------------------------------------------------
const fmt = (x, digits = 1) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
const rps = (r) => (r === null ? '–' : r.failed ? 'failed' : fmt(r.rps, r.rps < 10 ? 1 : 0));
const ms = (r, key) => (r === null || r.failed ? '–' : r.requests === 0 ? 'none finished' : fmt(r[key], r[key] < 10 ? 2 : 1));
const errs = (r) => {
  if (r === null || r.failed) return '–';
  if (r.errors.total === 0) return '0';
  const parts = ['status', 'timeout', 'connect', 'read', 'write'].filter((k) => r.errors[k] > 0).map((k) => `${r.errors[k]} ${k}`);
  return parts.join(', ');
};
const mark = (t) => (t === undefined ? '' : t.met ? 'yes' : '**no**');

const lines = [];
lines.push(`# Benchmark: ${meta.records.toLocaleString('en-US')} records`);
lines.push('');
lines.push(`${meta.startedAt} · commit \`${meta.commit}\`${meta.dirty ? ' (with uncommitted changes)' : ''} · ` +
  `\`wrk -t${meta.threads} -c${meta.connections} -d${meta.duration} --timeout ${meta.timeout}\` on 127.0.0.1 · ` +
  `${meta.machine.cores} cores, ${meta.machine.memoryGiB} GiB`);
lines.push('');
lines.push(`Reproduce: \`${meta.command}\`. Import of ${meta.records.toLocaleString('en-US')} records through the product's own ` +
  `\`import\` command: **${fmt(meta.importSeconds, 1)} s** (exit ${meta.importExit}). ` +
  `Our service with \`OutputCache__Enabled=false\` for R1–R9, \`true\` for RC; ` +
  `the peer is Platformatic DB ${meta.versions.platformatic} over the table \`peer_records\` in the same database, same run.`);
lines.push('');
lines.push('| request | ours req/s | p50 ms | p99 ms | errors | RSS MB | peer req/s | peer p50 ms | peer p99 ms | peer errors | peer RSS MB | ours/peer |');
lines.push('|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|');
for (const r of rows) {
  const peerCells = PEER_KINDS.has(r.kind)
    ? [rps(r.peer), ms(r.peer, 'p50Ms'), ms(r.peer, 'p99Ms'), errs(r.peer), r.peer?.rssMaxMb ?? '–']
    : ['no peer', '', '', '', ''];
  const ratio = r.ratio === null ? '–' : r.ratio === Infinity ? '∞' : `${fmt(r.ratio, r.ratio < 10 ? 2 : 1)}×`;
  lines.push(`| ${r.kind} ${r.what} | ${rps(r.ours)} | ${ms(r.ours, 'p50Ms')} | ${ms(r.ours, 'p99Ms')} | ${errs(r.ours)} | ` +
    `${r.ours?.rssMaxMb ?? '–'} | ${peerCells.join(' | ')} | ${PEER_KINDS.has(r.kind) ? ratio : ''} |`);
}
lines.push('');
lines.push('RSS is the peak VmRSS of the server process, sampled every 0.5 s during the measured run. ' +
  'Errors are responses outside 2xx/3xx (status), socket errors and requests not finished within the timeout. ' +
  '"none finished" means no request completed within the run.');
lines.push('');

lines.push('## Targets (issue 3)');
lines.push('');
lines.push('| request | p99 ≤ limit | no errors | RSS ≤ 400 MB | ours/peer ≥ target | other |');
lines.push('|---|---|---|---|---|---|');
for (const r of rows) {
  const t = r.targets;
  const p99 = t.p99 ? `${mark(t.p99)} (≤ ${t.p99.limitMs} ms)` : '';
  const ratio = t.ratio ? `${mark(t.ratio)} (≥ ${t.ratio.min}×)` : '';
  const other = t.rps ? `req/s ≥ ${fmt(t.rps.min, 0)}: ${mark(t.rps)}` : '';
  lines.push(`| ${r.kind} | ${p99} | ${mark(t.errors)} | ${mark(t.rss)} | ${ratio} | ${other} |`);
}
lines.push('');

lines.push('## Request lists and totals');
lines.push('');
lines.push('Each request kind cycles through a list of varied queries (so no two consecutive requests of a wrk thread are the same). ' +
  'Before the run every path of our lists was requested once; the totals are those of the first query of each list, ' +
  'ours beside the peer\'s `X-Total-Count` (the peer\'s R2 pattern `%first%second%` requires the words in that order, so its count is lower).');
lines.push('');
lines.push('| request | paths (ours / peer) | first query (ours) | ours status codes | ours total | peer total | ours ms | peer ms |');
lines.push('|---|---|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  const c = r.check;
  if (!c) continue;
  const statuses = c.ours ? Object.entries(c.ours.statuses).map(([s, n]) => `${s}×${n}`).join(' ') : '';
  const first = c.ours?.first;
  const peerFirst = c.peer?.first;
  lines.push(`| ${r.kind} | ${c.paths} / ${c.peerPaths ?? '–'} | \`${first ? decodeURIComponent(first.path).slice(0, 70) : ''}\` | ${statuses} | ` +
    `${first?.total ?? '–'} | ${peerFirst?.total ?? '–'} | ${first?.ms ?? '–'} | ${peerFirst?.ms ?? '–'} |`);
}
lines.push('');

if (problems.length > 0) {
  lines.push('## Problems seen before the run');
  lines.push('');
  for (const p of problems.slice(0, 20)) {
    lines.push(`- ${p.kind}${p.side ? ` (${p.side})` : ''}: ${p.status ? `HTTP ${p.status} ` : ''}${p.path ? `\`${p.path.slice(0, 120)}\` ` : ''}${p.detail ? p.detail.slice(0, 200) : ''}`);
  }
  if (problems.length > 20) lines.push(`- ... and ${problems.length - 20} more (see ${meta.records}.json)`);
  lines.push('');
}

const failed = rows.flatMap((r) => [['ours', r.ours], ['peer', r.peer]].filter(([, x]) => x?.failed).map(([side, x]) => ({ kind: r.kind, side, x })));
if (failed.length > 0) {
  lines.push('## Runs that produced no result');
  lines.push('');
  for (const f of failed) lines.push(`- ${f.kind} (${f.side}): \`${f.x.output.trim().split('\n').slice(-3).join(' / ').slice(0, 300)}\``);
  lines.push('');
}

const cancelled = rows.flatMap((r) => [['ours', r.ours], ['peer', r.peer]]
  .filter(([, x]) => x && x.cancelledAfter > 0).map(([side, x]) => `${r.kind} ${side}: ${x.cancelledAfter}`));
lines.push('## Setup');
lines.push('');
lines.push(`- Data: \`${meta.dataFile}\` (${fmt(meta.dataMiB, 0)} MiB), from \`bench/Generator\` (deterministic).`);
lines.push(`- Import: ${fmt(meta.importSeconds, 1)} s; the peer's table \`peer_records\` (copy of \`records\` with plain-text columns): ${fmt(meta.peerTableSeconds, 1)} s.`);
lines.push(`- Warm-up: every path of our lists once, then ${meta.warmup} of wrk per request kind and server before its measured run.`);
lines.push(`- Between runs the harness waits until PostgreSQL has no active query; queries still running after a ` +
  `${meta.quiesceGraceSeconds} s grace were cancelled so they could not slow the next run${cancelled.length ? ` (${cancelled.join('; ')})` : ' (none had to be)'}.`);
lines.push(`- Versions: .NET ${meta.versions.dotnet}, PostgreSQL ${meta.versions.postgres}, Node ${meta.versions.node}, ` +
  `Platformatic DB ${meta.versions.platformatic}, ${meta.versions.wrk}.`);
lines.push(`- Machine: ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.memoryGiB} GiB; wrk, both servers and PostgreSQL share it. ` +
  `Load average (1 min) when measuring began: ${meta.loadAverage.beforeMeasuring}, when it ended: ${meta.loadAverage.afterMeasuring}` +
  `${meta.loadAverage.beforeMeasuring > 1 ? ' (**other work was running: the numbers are low**)' : ''}.`);
lines.push(`- Our service logged ${meta.serverLogErrors} error line(s) (\`fail:\`/\`crit:\`) during the run${meta.serverLogErrors ? ' (see bench/data/run-' + meta.records + '/ours*.log)' : ''}.`);
if (meta.plans) lines.push(`- Query plans: \`bench/results/${meta.records}-plans.txt\`.`);
lines.push('');

if (meta.exports?.length) {
  lines.push('## Exports (issue 4)');
  lines.push('');
  lines.push('Every record, streamed by `GET /api/v1/records?format=…` (curl to /dev/null), while the server\'s VmRSS is sampled every 0.2 s.');
  lines.push('');
  lines.push('| format | HTTP | size MiB | seconds | records/s | RSS before MB | peak RSS MB | peak in 1st half / 2nd half MB |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const e of meta.exports) {
    lines.push(`| ${e.format} | ${e.status} | ${fmt(e.bytes / 1048576, 0)} | ${fmt(e.seconds, 1)} | ${fmt(meta.records / e.seconds, 0)} | ${e.rssBeforeMb} | ${e.peakRssMb} | ${e.firstHalfPeakMb ?? '–'} / ${e.secondHalfPeakMb ?? '–'} |`);
  }
  lines.push('');
}

fs.writeFileSync(args.md, lines.join('\n'));
console.log(lines.slice(0, 20).join('\n'));
