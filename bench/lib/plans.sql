-- The SQL shapes RegulationApi sends per request, with the page's keys as literals.
-- Filtering, counting, facets and the choice of the page happen in the in-memory index; the database is read
-- only by primary key (id) or by seq, so no request shape scans the table.

-- R1-R5, R7, R8: the page's stored documents (21 seqs) not already in the document cache, in one round trip.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT seq, document FROM records WHERE seq = ANY (ARRAY(SELECT generate_series(1000, 100000, 4950)));

-- R6: one record by id (its stored document).
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT document FROM records WHERE id = 'bench-0012345' LIMIT 1;

-- /records/{id}/related: the relations held by the record and those pointing to it.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM record_relations WHERE source_id = 'bench-0012345' OR target_id = 'bench-0012345';

-- Index refresh (after an import, not per request): the keys in date order, read once.
EXPLAIN (COSTS OFF)
SELECT seq, primary_date, year, kind, jurisdiction, status, topics FROM records ORDER BY primary_date DESC NULLS LAST, id;
