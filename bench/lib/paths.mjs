// Builds the request-path lists that wrk cycles through, for our service and for the peer, from the generator's
// OUTFILE.queries.json and OUTFILE.peer.json; walks real cursors for R7; and checks every list once before the
// run (which is also the first warm-up pass over our lists).
//
//   node bench/lib/paths.mjs --queries F.queries.json --peer-values F.peer.json --ours http://127.0.0.1:5080 \
//        [--peer http://127.0.0.1:3042] --out DIR [--pages 50] [--limit 20]
//
// Writes DIR/ours-R1.txt ... ours-R9.txt, ours-RC.txt, ours-P1.txt ... ours-P3.txt (pages), DIR/peer-R1.txt ... peer-R7.txt (one path per line) and
// DIR/check.json (per request kind: the number of paths, status codes seen, and the totals of the first query,
// ours beside the peer's X-Total-Count).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    queries: { type: 'string' },
    'peer-values': { type: 'string' },
    ours: { type: 'string' },
    peer: { type: 'string' },
    out: { type: 'string' },
    pages: { type: 'string', default: '50' },
    limit: { type: 'string', default: '20' },
    'request-timeout': { type: 'string', default: '120' },
  },
});
for (const required of ['queries', 'peer-values', 'ours', 'out']) {
  if (!args[required]) {
    console.error(`paths.mjs: --${required} is required`);
    process.exit(2);
  }
}

const pages = Number(args.pages);
const limit = Number(args.limit);
const timeoutMs = Number(args['request-timeout']) * 1000;
const queries = JSON.parse(fs.readFileSync(args.queries, 'utf8'));
const peerValues = JSON.parse(fs.readFileSync(args['peer-values'], 'utf8'));
fs.mkdirSync(args.out, { recursive: true });

async function get(base, p) {
  const started = performance.now();
  const response = await fetch(base + p, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, body, text, ms: performance.now() - started };
}

// ---- our service -------------------------------------------------------------------------------------------
const ours = {
  R1: queries.r1.map((q) => `/api/v1/records?${q}`),
  R2: queries.r2.map((q) => `/api/v1/records?${q}`),
  R3: queries.r3.map((q) => `/api/v1/records?${q}`),
  R4: queries.r4.map((q) => `/api/v1/records?${q}`),
  R5: queries.r5.map((q) => `/api/v1/records?${q}`),
  R6: queries.r6.map((id) => `/api/v1/records/${encodeURIComponent(id)}`),
  R7: [],
  R8: queries.r8.map((q) => `/api/v1/records?${q}`),
  R9: queries.r9.map((q) => `/api/v1/stats/years?${q}`),
  RC: ['/api/v1/records?year=2021&jurisdiction=CN'],
  // The pages for people (issue 11): the search page with every facet, the year chart and 20 results; a record page.
  P1: ['/?lang=en', ...queries.r1.map((q) => `/?${q}&lang=en`), ...queries.r1.map((q) => `/?${q}&lang=zh`)],
  P2: [...queries.r4, ...queries.r5].map((q, i) => `/?${q}&lang=${i % 2 ? 'zh' : 'en'}`),
  P3: queries.r6.map((id, i) => `/records/${encodeURIComponent(id)}?lang=${i % 2 ? 'zh' : 'en'}`),
};

const problems = [];

// R7: for each R1 query, follow nextCursor through `pages` pages of `limit`; page pages+1 is the R7 request.
// Only queries with more than pages*limit matches have such a page; the peer's R7 uses the same queries.
const r7Sources = [];
for (let i = 0; i < queries.r1.length; i++) {
  const q = queries.r1[i];
  let url = `/api/v1/records?${q}&limit=${limit}`;
  let reached = true;
  for (let page = 1; page <= pages; page++) {
    const r = await get(args.ours, url);
    if (r.status !== 200 || !r.body) {
      problems.push({ kind: 'R7', path: url, status: r.status, detail: r.text.slice(0, 300) });
      reached = false;
      break;
    }
    if (!r.body.nextCursor) {
      reached = false;
      break;
    }
    url = `/api/v1/records?${q}&limit=${limit}&cursor=${encodeURIComponent(r.body.nextCursor)}`;
  }
  if (reached) {
    ours.R7.push(url);
    r7Sources.push(i);
  }
}
if (ours.R7.length === 0) {
  problems.push({ kind: 'R7', detail: `no R1 query has more than ${pages * limit} matches: R7 has no page to request` });
}

// ---- the peer: Platformatic DB over peer_records -----------------------------------------------------------
// List requests: first page of 20 with the exact total (totalCount=true -> X-Total-Count), newest first, then id.
const order = `orderby.primaryDate=desc&orderby.id=asc&limit=${limit}&totalCount=true`;
const like = (pattern) => `where.bodyText.ilike=${encodeURIComponent(pattern)}`;
const r1Where = ({ year, jurisdiction }) =>
  // A country code (no '-') covers its provinces, as on our side: the peer filters on the stored country column.
  `where.year.eq=${year}&` + (jurisdiction.includes('-')
    ? `where.jurisdiction.eq=${encodeURIComponent(jurisdiction)}`
    : `where.country.eq=${encodeURIComponent(jurisdiction)}`);
const peer = {
  R1: peerValues.r1.map((v) => `/peerRecords?${r1Where(v)}&${order}`),
  // Two words: one ILIKE pattern '%first%second%' (Platformatic takes one condition per column and operator).
  R2: peerValues.r2.map((words) => `/peerRecords?${like(`%${words.join('%')}%`)}&${order}`),
  R3: peerValues.r3.map((w) => `/peerRecords?${like(`%${w}%`)}&${order}`),
  R4: peerValues.r4.map((w) => `/peerRecords?${like(`%${w}%`)}&${order}`),
  R5: peerValues.r5.map((w) => `/peerRecords?${like(`%${w}%`)}&${order}`),
  R6: queries.r6.map((id) => `/peerRecords/${encodeURIComponent(id)}`),
  // The 51st page by offset, for the same R1 queries that have a 51st page on our side.
  R7: r7Sources.map((i) => `/peerRecords?${r1Where(peerValues.r1[i])}&${order}&offset=${pages * limit}`),
};

for (const [kind, list] of Object.entries(ours)) {
  fs.writeFileSync(path.join(args.out, `ours-${kind}.txt`), list.join('\n') + '\n');
}
if (args.peer) {
  for (const [kind, list] of Object.entries(peer)) {
    fs.writeFileSync(path.join(args.out, `peer-${kind}.txt`), list.join('\n') + '\n');
  }
}

// ---- check: every one of our paths once; the peer's first path of each kind -------------------------------
const check = {};
for (const [kind, list] of Object.entries(ours)) {
  const statuses = {};
  let first = null;
  let slowestMs = 0;
  for (const p of list) {
    const r = await get(args.ours, p);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    slowestMs = Math.max(slowestMs, r.ms);
    if (r.status !== 200) {
      problems.push({ kind, side: 'ours', path: p, status: r.status, detail: r.text.slice(0, 300) });
    }
    if (first === null) {
      first = { path: p, status: r.status, total: r.body?.total ?? null, ms: Math.round(r.ms) };
    }
  }
  check[kind] = { paths: list.length, ours: { statuses, first, slowestMs: Math.round(slowestMs) } };
}
if (args.peer) {
  for (const [kind, list] of Object.entries(peer)) {
    check[kind] ??= { paths: 0 };
    check[kind].peerPaths = list.length;
    if (list.length === 0) continue;
    const r = await get(args.peer, list[0]);
    const total = r.headers.get('x-total-count');
    check[kind].peer = { first: { path: list[0], status: r.status, total: total === null ? null : Number(total), ms: Math.round(r.ms) } };
    if (r.status !== 200) {
      problems.push({ kind, side: 'peer', path: list[0], status: r.status, detail: r.text.slice(0, 300) });
    }
  }
}

fs.writeFileSync(path.join(args.out, 'check.json'), JSON.stringify({ check, problems }, null, 2));
for (const [kind, c] of Object.entries(check)) {
  const o = c.ours?.first;
  const p = c.peer?.first;
  console.log(`${kind}: ${c.paths} paths` +
    (o ? `, ours first: ${o.status} total=${o.total} ${o.ms} ms` : '') +
    (p ? `; peer first: ${p.status} total=${p.total} ${p.ms} ms` : ''));
}
for (const problem of problems.slice(0, 5)) {
  console.log('problem: ' + JSON.stringify(problem).slice(0, 400));
}
if (problems.length > 5) {
  console.log(`... and ${problems.length - 5} more problems (see check.json)`);
}
