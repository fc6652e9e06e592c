using Npgsql;
using RegulationApi.Data;
using RegulationApi.Writes;

namespace RegulationApi.Import;

/// <summary>
/// The table an import streams its records into and compares in SQL against what is stored, so that the importer
/// holds neither the stored ids and hashes nor the incoming ones: temporary (no WAL), dropped with the transaction.
/// </summary>
internal static class ImportStaging
{
    public const string Table = "import_records";

    /// <summary>The columns of <c>records</c>, then the file and position a row was read from and its relations as written there.</summary>
    public static Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.ExecuteLongAsync(connection,
            $"""
             CREATE TEMP TABLE {Table} ON COMMIT DROP AS
               SELECT {RecordCopy.Columns}, 0 AS file, 0 AS position, NULL::text[] AS relation_types, NULL::text[] AS relation_targets
               FROM records WITH NO DATA;
             ALTER TABLE {Table} ALTER COLUMN document SET COMPRESSION lz4
             """, cancellationToken);

    /// <summary>Once every row is in: the id index the comparisons look up, and statistics for their plans.</summary>
    public static Task IndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.ExecuteLongAsync(connection, $"CREATE INDEX ON {Table} (id); ANALYZE {Table}", cancellationToken);

    /// <summary>Every row but the first of an id (file, position, id), in file order.</summary>
    public static Task<List<(int File, int Position, string Id)>> DuplicatesAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken) =>
        QueryAsync(connection,
            $"""
             SELECT s.file, s.position, s.id FROM {Table} s
             WHERE EXISTS (SELECT 1 FROM {Table} e WHERE e.id = s.id AND (e.file, e.position) < (s.file, s.position))
             ORDER BY s.file, s.position LIMIT {limit}
             """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2)), cancellationToken);

    /// <summary>
    /// Relations (file, position, id, relation index, target) whose target is neither in this import nor a stored record
    /// that is not deleted; of the first row of each id only, as a later one is refused for its id alone.
    /// </summary>
    public static Task<List<(int File, int Position, string Id, int Relation, string Target)>> UnknownTargetsAsync(
        NpgsqlConnection connection, bool duplicates, int limit, CancellationToken cancellationToken) =>
        QueryAsync(connection,
            $"""
             SELECT s.file, s.position, s.id, (t.n - 1)::int, t.target
             FROM {Table} s CROSS JOIN LATERAL unnest(s.relation_targets) WITH ORDINALITY t(target, n)
             WHERE NOT EXISTS (SELECT 1 FROM {Table} i WHERE i.id = t.target)
               AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = t.target AND r.deleted_at IS NULL)
               {(duplicates ? $"AND NOT EXISTS (SELECT 1 FROM {Table} e WHERE e.id = s.id AND (e.file, e.position) < (s.file, s.position))" : "")}
             ORDER BY s.file, s.position, t.n LIMIT {limit}
             """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetInt32(3), r.GetString(4)), cancellationToken);

    /// <summary>
    /// Writes what differs from the stored records, in one transaction with the staging: changed ones replaced (with a
    /// revision, restoring deleted ones), new ones inserted, each with its relations; unchanged ones are not touched.
    /// Returns how many were inserted and how many changed.
    /// </summary>
    public static async Task<(int Inserted, int Changed)> ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // The content hash of a stored record is that of its last import (a curator's edit keeps it): an unchanged file
        // leaves a curator's edit, and a deletion, as they are.
        // Created empty and then filled: an INSERT says how many rows it wrote (CREATE TABLE AS does not, through Npgsql).
        await Sql.ExecuteLongAsync(connection, $"CREATE TEMP TABLE import_changed ON COMMIT DROP AS SELECT * FROM {Table} WITH NO DATA", cancellationToken);
        var changed = await Sql.ExecuteLongAsync(connection,
            $"INSERT INTO import_changed SELECT s.* FROM {Table} s JOIN records r ON r.id = s.id WHERE r.content_hash <> s.content_hash",
            cancellationToken);
        if (changed > 0)
        {
            await RecordCopy.ReplaceAsync(connection, "import_changed", RevisionActions.Imported, "import", cancellationToken);
        }

        // Relations first, while the new records are still the ones not stored; each distinct (type, target) once.
        await Sql.ExecuteLongAsync(connection,
            $"""
             INSERT INTO record_relations (source_id, type, target_id)
             SELECT s.id, t.type, t.target
             FROM {Table} s CROSS JOIN LATERAL (SELECT DISTINCT type, target FROM unnest(s.relation_types, s.relation_targets) u(type, target)) t
             WHERE cardinality(s.relation_targets) > 0
               AND (NOT EXISTS (SELECT 1 FROM records r WHERE r.id = s.id) OR EXISTS (SELECT 1 FROM import_changed c WHERE c.id = s.id))
             """, cancellationToken);
        var inserted = await Sql.ExecuteLongAsync(connection,
            $"""
             INSERT INTO records ({RecordCopy.Columns})
             SELECT {RecordCopy.Columns} FROM {Table} s WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = s.id)
             """, cancellationToken);
        return (inserted, changed);
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
