// Exercises the client generated from RegulationApi's OpenAPI document against a running service, in a typed way,
// and exits non-zero when an answer is not the expected one. Usage: node dist/smoke.js http://127.0.0.1:5080
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api.js";

type RecordsQuery = NonNullable<paths["/api/v1/records"]["get"]["parameters"]["query"]>;
type RecordDocument = components["schemas"]["RecordDocument"];
type Tombstone = components["schemas"]["Tombstone"];

// Pages hold records; only the change feed also holds tombstones.
const isRecord = (item: RecordDocument | Tombstone): item is RecordDocument => !("deleted" in item);

const baseUrl = process.argv[2] ?? "http://127.0.0.1:5080";
const api = createClient<paths>({ baseUrl });
let failures = 0;

function check(passed: boolean, what: string, detail?: unknown): void {
  console.log(`${passed ? "ok" : "not ok"} - ${what}${passed || detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
  if (!passed) {
    failures++;
  }
}

// Search with q and filters, following nextCursor to the last page: every match exactly once, each matching.
const filters = { q: "合同", kind: ["ruling"], jurisdiction: ["CN"], limit: 2 } satisfies RecordsQuery;
const seen = new Set<string>();
let total = 0;
let pages = 0;
let cursor: string | undefined;
do {
  const { data, error } = await api.GET("/api/v1/records", { params: { query: { ...filters, cursor } } });
  // The operation also exports CSV and NDJSON (as text); without format or Accept it answers a JSON page.
  if (data === undefined || typeof data === "string") {
    check(false, "GET /api/v1/records answers a page", error ?? data);
    break;
  }

  pages++;
  total = data.total;
  const records = data.items.filter(isRecord);
  check(records.length === data.items.length && records.length <= filters.limit, `page ${pages} holds at most ${filters.limit} records`, data.items.length);
  check(records.every(r => r.kind === "ruling" && r.jurisdiction.startsWith("CN")), `page ${pages} holds only Chinese rulings`,
    records.map(r => `${r.id} ${r.kind} ${r.jurisdiction}`));
  records.forEach(r => seen.add(r.id));
  cursor = data.nextCursor ?? undefined;
} while (cursor !== undefined && pages < 50);
check(total >= 3 && pages >= 2, "the search spans several pages", { total, pages });
check(seen.size === total, "following nextCursor yields every match exactly once", { total, distinct: seen.size });

// One record by id, and its ETag sent back for a 304.
const id = "cn-ndrc-2021-1283";
const one = await api.GET("/api/v1/records/{id}", { params: { path: { id } } });
check(one.data?.id === id, `GET /api/v1/records/${id}`, one.error);
check(one.data?.documentNumber === "发改运行〔2021〕1283号", "its document number", one.data?.documentNumber);
check((one.data?.title["zh"] ?? "").includes("挖矿"), "its Chinese title", one.data?.title);
const sources = one.data?.sources ?? [];
check(sources.length > 0 && sources.every(s => s.url.startsWith("http")), "its sources", sources);
const etag = one.response.headers.get("ETag");
check(etag !== null, "it carries an ETag");
const unchanged = await api.GET("/api/v1/records/{id}", { params: { path: { id } }, headers: { "If-None-Match": etag ?? "" } });
check(unchanged.response.status === 304, "If-None-Match with that ETag answers 304", unchanged.response.status);

// Related records, from both sides: 银发〔2021〕237号 is repealed by 银发〔2026〕42号.
const related = await api.GET("/api/v1/records/{id}/related", { params: { path: { id: "cn-pboc-2021-237" } } });
check(related.data?.items.some(i => i.direction === "incoming" && i.type === "repeals" && i.record.id === "cn-pboc-2026-42") === true,
  "cn-pboc-2021-237 is repealed by cn-pboc-2026-42", related.data ?? related.error);

// Counts by year over a filter: ascending, the unknown year last, adding up to the total.
const years = await api.GET("/api/v1/stats/years", { params: { query: { topic: ["contract-validity"] } } });
const counts = years.data?.items ?? [];
const known = counts.flatMap(c => (c.year === null ? [] : [c.year]));
check(counts.length > 0 && counts.reduce((sum, c) => sum + c.count, 0) === years.data?.total, "year counts add up to the total", years.data ?? years.error);
check(known.every((year, i) => i === 0 || (known[i - 1] ?? 0) < year), "years ascend", known);
check(counts.findIndex(c => c.year === null) === -1 || counts.at(-1)?.year === null, "the unknown year comes last", counts);

// Jurisdictions with their names.
const jurisdictions = await api.GET("/api/v1/jurisdictions");
const sichuan = jurisdictions.data?.items.find(j => j.code === "CN-SC");
check(sichuan?.name["en"] === "Sichuan" && sichuan.parent === "CN" && sichuan.count > 0, "CN-SC is Sichuan, in CN, with records", sichuan ?? jurisdictions.error);
const newYork = jurisdictions.data?.items.find(j => j.code === "US-NY");
check(newYork?.name["zh"] === "纽约州" && newYork.parent === "US" && newYork.count > 0, "US-NY is New York (纽约州), in US, with records", newYork ?? jurisdictions.error);

// A country matches its states; EU law applies in a member state.
const american = await api.GET("/api/v1/records", { params: { query: { jurisdiction: ["US"], limit: 100 } } });
const americanCodes = typeof american.data === "string" || american.data === undefined ? [] : american.data.items.filter(isRecord).map(r => r.jurisdiction);
check(americanCodes.includes("US-NY") && americanCodes.every(code => code === "US" || code.startsWith("US-")), "jurisdiction=US matches its states", americanCodes);
const swedish = await api.GET("/api/v1/records", { params: { query: { inForceOn: "2025-06-01", appliesIn: ["SE"], limit: 100 } } });
const swedishCodes = typeof swedish.data === "string" || swedish.data === undefined ? [] : swedish.data.items.filter(isRecord).map(r => r.jurisdiction);
check(swedishCodes.includes("EU") && swedishCodes.every(code => code === "SE" || code === "EU"), "inForceOn=2025-06-01&appliesIn=SE holds EU law", swedishCodes);

// Which rules applied in Kazakhstan on 2023-04-01 (Law 193-VII took effect that day), and the same set as CSV.
const inForce = await api.GET("/api/v1/records", { params: { query: { inForceOn: "2023-04-01", appliesIn: ["KZ"], limit: 100 } } });
const inForceIds = typeof inForce.data === "string" || inForce.data === undefined ? [] : inForce.data.items.filter(isRecord).map(r => r.id);
check(inForceIds.includes("kz-law-193-vii"), "inForceOn=2023-04-01&appliesIn=KZ includes Law 193-VII", inForceIds);
const csv = await api.GET("/api/v1/records", { params: { query: { inForceOn: "2023-04-01", appliesIn: ["KZ"], format: "csv" } }, parseAs: "text" });
const rows = typeof csv.data === "string" ? csv.data.trim().split("\r\n") : [];
check(rows.length === inForceIds.length + 1 && rows[0]?.replace("\uFEFF", "").startsWith("id,kind,jurisdiction") === true,
  "format=csv: a header and one row per record", rows.length);

// The change feed since long ago lists every record, in the order of change.
const feed = await api.GET("/api/v1/records", { params: { query: { updatedSince: "2000-01-01T00:00:00Z", limit: 100 } } });
const feedItems = typeof feed.data === "string" || feed.data === undefined ? [] : feed.data.items;
const stamp = (item: RecordDocument | Tombstone | undefined): number => Date.parse(item?.updatedAt ?? "");
check(feedItems.length > 0 && feedItems.every((item, i) => i === 0 || stamp(feedItems[i - 1]) <= stamp(item)),
  "the change feed is in the order of change", feedItems.length);

// Errors are typed problems.
const missing = await api.GET("/api/v1/records/{id}", { params: { path: { id: "cn-no-such-record" } } });
check(missing.response.status === 404 && missing.data === undefined, "an unknown id answers 404", missing.response.status);
check(missing.response.headers.get("Content-Type")?.startsWith("application/problem+json") === true, "as application/problem+json",
  missing.response.headers.get("Content-Type"));
check(missing.error?.status === 404 && missing.error.detail.includes("cn-no-such-record") && missing.error.traceId.length > 0,
  "a problem naming the id, with a traceId", missing.error);
const invalid = await api.GET("/api/v1/records", { params: { query: { limit: 1000 } } });
check(invalid.response.status === 400 && invalid.error !== undefined && "errors" in invalid.error && invalid.error.errors["limit"] !== undefined,
  "limit=1000 answers a 400 problem naming limit", invalid.error);

// What the document forbids does not compile; never called, only type-checked.
export function refusedByTheTypes(): void {
  // @ts-expect-error sort takes only the documented values
  void api.GET("/api/v1/records", { params: { query: { sort: "newest" } } });
  // @ts-expect-error no such path in the document
  void api.GET("/api/v1/regulations");
  // @ts-expect-error a record's path needs its id
  void api.GET("/api/v1/records/{id}", {});
}

console.log(failures === 0 ? "smoke: all checks passed" : `smoke: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
