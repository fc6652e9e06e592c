-- The peer's table: a plain copy of `records` that Platformatic DB can expose as it is.
-- Our table keeps each record as the JSON document the API returns; Platformatic maps such columns to objects/strings it cannot search (its ILIKE casts a non-text
-- column to CHAR(64)), so the peer gets the searchable text as plain text columns:
--   title_text  all languages of the title;
--   body_text   everything our `q` searches: titles, summaries, key points, document number, authorities,
--               and for rulings the case number, court and cause of action.
-- Indexes: the primary key, and the B-trees a developer would add for the list queries (country/jurisdiction +
-- year, primary_date + id). No trigram or full-text index: the peer's ILIKE is what automatic REST gives.
DROP TABLE IF EXISTS peer_records;

CREATE TABLE peer_records AS
WITH r AS (SELECT records.*, records.document::jsonb AS doc FROM records)

SELECT r.id::text AS id,
       r.kind::text AS kind,
       r.jurisdiction::text AS jurisdiction,
       split_part(r.jurisdiction, '-', 1) AS country,
       r.level::text AS level,
       r.status::text AS status,
       r.year,
       r.primary_date,
       r.issued,
       r.published,
       r.document_number,
       r.topics,
       r.verification::text AS verification,
       r.updated_at,
       (SELECT string_agg(value, ' ') FROM jsonb_each_text(r.doc->'title')) AS title_text,
       concat_ws(' ',
         (SELECT string_agg(value, ' ') FROM jsonb_each_text(r.doc->'title')),
         (SELECT string_agg(value, ' ') FROM jsonb_each_text(coalesce(nullif(r.doc->'summary', 'null'::jsonb), '{}'::jsonb))),
         (SELECT string_agg(t.value, ' ')
            FROM jsonb_array_elements(r.doc->'keyPoints') AS kp(point), jsonb_each_text(kp.point) AS t),
         r.document_number,
         (SELECT string_agg(t.value, ' ')
            FROM jsonb_array_elements(r.doc->'authorities') AS a(authority), jsonb_each_text(a.authority) AS t),
         r.case_number,
         (SELECT string_agg(value, ' ') FROM jsonb_each_text(coalesce(r.court, '{}'::jsonb))),
         (SELECT string_agg(value, ' ') FROM jsonb_each_text(coalesce(r.cause_of_action, '{}'::jsonb)))
       ) AS body_text
FROM r;

ALTER TABLE peer_records ADD PRIMARY KEY (id);
CREATE INDEX peer_records_country_year ON peer_records (country, year);
CREATE INDEX peer_records_jurisdiction_year ON peer_records (jurisdiction, year);
CREATE INDEX peer_records_primary_date_id ON peer_records (primary_date, id);
VACUUM ANALYZE peer_records;

SELECT count(*) AS peer_records FROM peer_records;
