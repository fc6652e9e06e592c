using Npgsql;
using NpgsqlTypes;
using RegulationApi.Data;
using RegulationApi.Model;
using RegulationApi.Writes;

namespace RegulationApi.Import;

/// <summary>A valid record of an import: its row, its relations as the file gives them (for relations[i]), and where it was read.</summary>
internal readonly record struct StagedRecord(RecordRow Row, IReadOnlyList<RelationDocument> Relations, int File, int Position);

/// <summary>
/// An import's comparison with what is stored, streamed: each chunk of records looks up its own ids' stored hashes, new
/// records are COPYed straight into <c>records</c>, changed ones into a staging table, and every record leaves a small
/// key row (id, where it was read, its relations) for the checks that need the whole import: duplicate ids and
/// relation targets, both in SQL. The importer's memory therefore grows neither with the files nor with the database.
/// Temporary tables (no WAL), dropped with the transaction; nothing is visible before its commit.
/// </summary>
internal sealed class ImportStaging : IAsyncDisposable
{
    /// <summary>Records per look-up: enough to make round trips cheap, few enough to stay in the youngest generation.</summary>
    public const int ChunkSize = 512;

    private const char New = 'n', Changed = 'c', Unchanged = 'u', Skipped = 'd';

    private readonly NpgsqlConnection _connection;
    private readonly DateTime _now;
    private readonly NpgsqlCommand _lookup;
    private readonly Dictionary<string, (string Hash, bool Ours)> _stored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<char> _states = [];

    private ImportStaging(NpgsqlConnection connection, DateTime now, NpgsqlCommand lookup) => (_connection, _now, _lookup) = (connection, now, lookup);

    public int Staged { get; private set; }

    public int Inserted { get; private set; }

    public int Updated { get; private set; }

    public static async Task<ImportStaging> CreateAsync(NpgsqlConnection connection, DateTime now, CancellationToken cancellationToken)
    {
        await Sql.ExecuteLongAsync(connection,
            $"""
             CREATE TEMP TABLE import_keys (id varchar(100) COLLATE "C", file int, position int, state "char", relation_types text[], relation_targets text[]) ON COMMIT DROP;
             CREATE TEMP TABLE import_changed ON COMMIT DROP AS SELECT {RecordCopy.Columns} FROM records WITH NO DATA;
             ALTER TABLE import_changed ALTER COLUMN document SET COMPRESSION lz4
             """, cancellationToken);
        // updated_at = the import's stamp only on a row this import wrote (the stamp is later than every other): a repeated id.
        var lookup = new NpgsqlCommand("SELECT id, content_hash, updated_at = $2 FROM records WHERE id = ANY($1)", connection) { CommandTimeout = 0 };
        lookup.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        lookup.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now });
        await lookup.PrepareAsync(cancellationToken);
        return new ImportStaging(connection, now, lookup);
    }

    /// <summary>Compares one chunk with the stored records and writes it where it belongs.</summary>
    public async Task WriteAsync(IReadOnlyList<StagedRecord> chunk, CancellationToken cancellationToken)
    {
        _stored.Clear();
        _seen.Clear();
        _states.Clear();
        _lookup.Parameters[0].Value = chunk.Select(r => r.Row.Id).ToArray();
        await using (var reader = await _lookup.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                _stored[reader.GetString(0)] = (reader.GetString(1), reader.GetBoolean(2));
            }
        }

        foreach (var (row, _, _, _) in chunk)
        {
            // A repeated id is not written twice (the key row stays, and the import is refused for it).
            _states.Add(!_seen.Add(row.Id) ? Skipped
                : !_stored.TryGetValue(row.Id, out var stored) ? New
                : stored.Ours ? Skipped
                : stored.Hash == row.ContentHash ? Unchanged
                : Changed);
        }

        await CopyRowsAsync("records", chunk, New, cancellationToken);
        await CopyRowsAsync("import_changed", chunk, Changed, cancellationToken);
        await using (var keys = RecordCopy.NoTimeout(await _connection.BeginBinaryImportAsync(
                         "COPY import_keys (id, file, position, state, relation_types, relation_targets) FROM STDIN (FORMAT BINARY)", cancellationToken)))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var (row, relations, file, position) = chunk[i];
                await keys.StartRowAsync(cancellationToken);
                await keys.WriteAsync(row.Id, NpgsqlDbType.Varchar, cancellationToken);
                await keys.WriteAsync(file, NpgsqlDbType.Integer, cancellationToken);
                await keys.WriteAsync(position, NpgsqlDbType.Integer, cancellationToken);
                await keys.WriteAsync(_states[i], NpgsqlDbType.InternalChar, cancellationToken);
                await keys.WriteAsync(relations.Select(r => r.Type).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await keys.WriteAsync(relations.Select(r => r.Target).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            }

            await keys.CompleteAsync(cancellationToken);
        }

        Staged += chunk.Count;
        Inserted += _states.Count(s => s == New);
        Updated += _states.Count(s => s == Changed);
    }

    private async Task CopyRowsAsync(string table, IReadOnlyList<StagedRecord> chunk, char state, CancellationToken cancellationToken)
    {
        if (!_states.Contains(state))
        {
            return;
        }

        await using var copy = await RecordCopy.BeginRecordsAsync(_connection, table, cancellationToken);
        for (var i = 0; i < chunk.Count; i++)
        {
            if (_states[i] == state)
            {
                await copy.WriteAsync(chunk[i].Row, _now, cancellationToken);
            }
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Once every chunk is in: the id index the checks look up, and statistics for their plans.</summary>
    public Task IndexAsync(CancellationToken cancellationToken) =>
        Sql.ExecuteLongAsync(_connection, "CREATE INDEX ON import_keys (id); ANALYZE import_keys; ANALYZE import_changed", cancellationToken);

    /// <summary>Every record but the first of an id (file, position, id), in file order.</summary>
    public Task<List<(int File, int Position, string Id)>> DuplicatesAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"""
             SELECT k.file, k.position, k.id FROM import_keys k
             WHERE EXISTS (SELECT 1 FROM import_keys e WHERE e.id = k.id AND (e.file, e.position) < (k.file, k.position))
             ORDER BY k.file, k.position LIMIT {limit}
             """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2)), cancellationToken);

    /// <summary>
    /// Relations (file, position, id, relation index, target) whose target is neither in this import nor a stored record
    /// that is not deleted; of the first record of each id only, as a later one is refused for its id alone.
    /// </summary>
    public Task<List<(int File, int Position, string Id, int Relation, string Target)>> UnknownTargetsAsync(
        bool duplicates, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"""
             SELECT k.file, k.position, k.id, (t.n - 1)::int, t.target
             FROM import_keys k CROSS JOIN LATERAL unnest(k.relation_targets) WITH ORDINALITY t(target, n)
             WHERE NOT EXISTS (SELECT 1 FROM import_keys i WHERE i.id = t.target)
               AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = t.target AND r.deleted_at IS NULL)
               {(duplicates ? "AND NOT EXISTS (SELECT 1 FROM import_keys e WHERE e.id = k.id AND (e.file, e.position) < (k.file, k.position))" : "")}
             ORDER BY k.file, k.position, t.n LIMIT {limit}
             """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetInt32(3), r.GetString(4)), cancellationToken);

    /// <summary>
    /// Completes the import once it is known to be valid: the changed records replace the stored ones (with a revision,
    /// restoring deleted ones), and the new and changed ones get their relations, each distinct (type, target) once.
    /// The content hash of a stored record is that of its last import (a curator's edit keeps it), so an unchanged
    /// file leaves a curator's edit, and a deletion, as they are.
    /// </summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        if (Updated > 0)
        {
            await RecordCopy.ReplaceAsync(_connection, "import_changed", RevisionActions.Imported, "import", cancellationToken);
        }

        if (Inserted + Updated > 0)
        {
            await Sql.ExecuteLongAsync(_connection,
                $"""
                 INSERT INTO record_relations (source_id, type, target_id)
                 SELECT k.id, t.type, t.target
                 FROM import_keys k CROSS JOIN LATERAL (SELECT DISTINCT type, target FROM unnest(k.relation_types, k.relation_targets) u(type, target)) t
                 WHERE k.state IN ('{New}', '{Changed}') AND cardinality(k.relation_targets) > 0
                 """, cancellationToken);
        }
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _lookup.DisposeAsync();
}
