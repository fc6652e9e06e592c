// The live index, measured from outside (bench/live.sh):
//   node live.mjs writes URL KEY COUNT N OUT.json   curators' PUTs (If-Match), each followed by searches until it is found
//   node live.mjs total URL EXPECTED OUT.json        polls the exact total until it reaches EXPECTED, counting failed reads
import { writeFileSync } from 'node:fs';

const [mode, url, ...rest] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));

// A word of letters only, unique to write i of this run: one search term, found in no generated record.
const word = (i, run) => 'lvm' + run + [...String(i).padStart(3, '0')].map(d => 'abcdefghij'[d]).join('');

async function writes(key, count, n, out) {
  const run = Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 5);
  const latencies = [];
  let polls = 0;
  // Records to change: the newest and the oldest hundred, whatever generated them.
  const ids = [];
  for (const sort of ['date', 'date-asc']) ids.push(...(await (await fetch(`${url}/api/v1/records?limit=100&sort=${sort}`)).json()).items.map(r => r.id));
  for (let i = 0; i < count; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    const got = await fetch(`${url}/api/v1/records/${id}`);
    if (got.status !== 200) throw new Error(`GET ${id}: ${got.status}`);
    const record = await got.json();
    delete record.updatedAt;
    const term = word(i, run);
    record.title.en = `${record.title.en} ${term}`;
    const put = await fetch(`${url}/api/v1/records/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'if-match': got.headers.get('etag') },
      body: JSON.stringify(record),
    });
    const written = now();
    if (put.status !== 200) throw new Error(`PUT ${id}: ${put.status} ${await put.text()}`);
    for (;;) {
      polls++;
      const page = await (await fetch(`${url}/api/v1/records?q=${term}&limit=1`)).json();
      if (page.total === 1) break;
      if (now() - written > 60_000) throw new Error(`write ${i} (${id}) not searchable after 60 s`);
      await sleep(2);
    }
    latencies.push(now() - written);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = p => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  const result = { writes: count, polls, p50: rank(50), p90: rank(90), p99: rank(99), max: sorted.at(-1), latencies };
  writeFileSync(out, JSON.stringify(result, null, 1));
  console.log(`writes: ${count}, searchable after p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
}

async function total(expected, out) {
  let ok = 0, failed = 0, reachedAt = null, last = null;
  const started = now();
  while (reachedAt === null && now() - started < 600_000) {
    try {
      const response = await fetch(`${url}/api/v1/records?limit=1`);
      if (response.status === 200) {
        ok++;
        last = (await response.json()).total;
        if (last === expected) reachedAt = now();
      } else {
        failed++;
        await response.arrayBuffer();
      }
    } catch { failed++; }
    await sleep(20);
  }
  writeFileSync(out, JSON.stringify({ expected, reachedAt, ok, failed, last }, null, 1));
}

if (mode === 'writes') await writes(rest[0], Number(rest[1]), Number(rest[2]), rest[3]);
else if (mode === 'total') await total(Number(rest[0]), rest[1]);
else { console.error('usage: live.mjs writes URL KEY COUNT N OUT | total URL EXPECTED OUT'); process.exit(2); }
