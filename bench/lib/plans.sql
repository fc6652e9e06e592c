-- The SQL shapes RegulationApi sends per request, with the page's keys as literals.
-- Filtering, counting, facets and the choice of the page happen in the in-memory index; the database is read
-- only by primary key (id), by seq, or for the change feed by (updated_at, id), so no request shape scans the table.

-- R1-R5, R7, R8 (and exports, 500 at a time): the page's stored documents (21 seqs) not already in the document cache.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT seq, document FROM records WHERE seq = ANY (ARRAY(SELECT generate_series(1000, 100000, 4950))) AND deleted_at IS NULL;

-- R6: one record by id (its stored document, and whether it was deleted).
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT document, deleted_at IS NOT NULL FROM records WHERE id = 'bench-0012345';

-- /records/{id}/related: the relations held by the record and those pointing to it.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM record_relations WHERE source_id = 'bench-0012345' OR target_id = 'bench-0012345';

-- /records/{id}/revisions: the kept versions of one record.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM record_revisions WHERE record_id = 'bench-0012345' ORDER BY number DESC;

-- The change feed (updatedSince): a page in order of change from a cursor, and its exact total.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT id, updated_at, deleted_at, CASE WHEN deleted_at IS NULL THEN document END FROM records
WHERE updated_at > now() - interval '1 hour' AND (updated_at, id) > (now() - interval '1 hour', '') ORDER BY updated_at, id LIMIT 21;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM records WHERE updated_at > now() - interval '1 hour';

-- Index refresh (after an import or a burst of curation, not per request): the keys in date order, read once.
EXPLAIN (COSTS OFF)
SELECT seq, primary_date, year, kind, jurisdiction, status, topics FROM records WHERE deleted_at IS NULL ORDER BY primary_date DESC NULLS LAST, id;
