-- The SQL shapes RegulationApi sends per request (EF Core's own text, with the page's keys as literals).
-- Filtering, counting, facets and the choice of the page happen in the in-memory index; the database is read
-- only by primary key (id) or by seq, so no request shape scans the table.

-- R1-R5, R7, R8: the page's records (21 seqs), with their ruling part and relations, in one round trip.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT r.*, d.*, x.*
FROM records AS r
LEFT JOIN ruling_details AS d ON r.id = d.record_id
LEFT JOIN record_relations AS x ON r.id = x.source_id
WHERE r.seq = ANY (ARRAY(SELECT generate_series(1000, 100000, 4950)))
ORDER BY r.id, x.source_id, x.type, x.target_id;

-- R6: one record by id.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT r.*, d.*, x.*
FROM (SELECT * FROM records WHERE id = 'bench-0012345' LIMIT 1) AS r
LEFT JOIN ruling_details AS d ON r.id = d.record_id
LEFT JOIN record_relations AS x ON r.id = x.source_id
ORDER BY r.id, x.source_id, x.type, x.target_id;

-- /records/{id}/related: the relations held by the record and those pointing to it.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM record_relations WHERE source_id = 'bench-0012345' OR target_id = 'bench-0012345';

-- Index refresh (after an import, not per request): the keys in date order, read once.
EXPLAIN (COSTS OFF)
SELECT seq, primary_date, year, kind, jurisdiction, status, topics FROM records ORDER BY primary_date DESC NULLS LAST, id;
