using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RegulationApi.Data;

namespace RegulationApi.Writes;

/// <summary>Writes <see cref="RecordRow"/>s with PostgreSQL's binary COPY, in the column layout EF Core reads back.</summary>
internal sealed class RecordCopy(NpgsqlBinaryImporter writer) : IAsyncDisposable
{
    // EF Core's dynamic JSON mapping reads the court's jsonb with default options.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Columns =
        "id, kind, jurisdiction, document_number, level, issued, published, effective, repealed, primary_date, year, status, " +
        "topics, verification, updated_at, content_hash, authority_text, document, " +
        "case_number, court, court_level, procedure, cause_of_action, decided, outcome, legal_basis, amount_in_dispute, amount_currency";

    public static async Task<RecordCopy> BeginRecordsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        new(NoTimeout(await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken)));

    public async Task WriteAsync(RecordRow row, DateTime updatedAt, CancellationToken cancellationToken)
    {
        var record = row.Source;
        await writer.StartRowAsync(cancellationToken);
        await writer.WriteAsync(record.Id, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(record.Kind, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(record.Jurisdiction, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(record.DocumentNumber, NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(record.Level, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(record.Dates.Issued, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(record.Dates.Published, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(record.Dates.Effective, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(record.Dates.Repealed, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(row.PrimaryDate, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(row.Year, NpgsqlDbType.Integer, cancellationToken);
        await writer.WriteAsync(record.Status, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(record.Topics, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(record.Verification, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(updatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await writer.WriteAsync(row.ContentHash, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(row.AuthorityText, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(row.Document(updatedAt), NpgsqlDbType.Text, cancellationToken);

        var ruling = record.Ruling;
        await WriteAsync(ruling?.CaseNumber, NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(ruling is null ? null : JsonSerializer.Serialize(ruling.Court, Json), NpgsqlDbType.Jsonb, cancellationToken);
        await WriteAsync(ruling?.CourtLevel, NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(ruling?.Procedure, NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(ruling?.CauseOfAction is null ? null : JsonSerializer.Serialize(ruling.CauseOfAction, Json), NpgsqlDbType.Jsonb, cancellationToken);
        await WriteAsync(ruling?.Decided, NpgsqlDbType.Date, cancellationToken);
        await WriteAsync(ruling?.Outcome, NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(ruling?.LegalBasis, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(ruling?.AmountInDispute?.Amount, NpgsqlDbType.Numeric, cancellationToken);
        await WriteAsync(ruling?.AmountInDispute?.Currency, NpgsqlDbType.Varchar, cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await writer.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    /// <summary>
    /// Replaces changed records (and restores deleted ones) through a staging table, with the relations they hold, and
    /// keeps each previous version as a revision: a record's first revision is the version it replaces.
    /// </summary>
    public static async Task UpdateAsync(
        NpgsqlConnection connection, List<RecordRow> changed, DateTime updatedAt, string action, string changedBy, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        await Sql.ExecuteLongAsync(connection, $"CREATE TEMP TABLE staging_records ON COMMIT DROP AS SELECT {Columns} FROM records WITH NO DATA", cancellationToken);
        await using (var copy = await BeginRecordsAsync(connection, "staging_records", cancellationToken))
        {
            foreach (var row in changed)
            {
                await copy.WriteAsync(row, updatedAt, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await ReplaceAsync(connection, "staging_records", action, changedBy, cancellationToken);
        await Sql.ExecuteLongAsync(connection, "DROP TABLE staging_records", cancellationToken);
    }

    /// <summary>
    /// Replaces the records a staging table holds (the columns of <see cref="Columns"/>, one row per id) and drops the
    /// relations they hold, keeping each previous version as a revision; the caller writes their new relations.
    /// </summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, string staging, string action, string changedBy, CancellationToken cancellationToken)
    {
        await Revisions.KeepAsync(connection, staging, action, changedBy, cancellationToken);
        // The content hash is the hash of what was last imported or created: a curator's edit keeps it, so that
        // re-importing an unchanged file does not undo the edit.
        var assigned = Columns.Split(", ").Skip(1).Where(c => action == RevisionActions.Imported || c != "content_hash");
        var assignments = string.Join(", ", assigned.Select(c => $"{c} = s.{c}"));
        await Sql.ExecuteLongAsync(connection, $"UPDATE records r SET {assignments}, deleted_at = NULL FROM {staging} s WHERE r.id = s.id", cancellationToken);
        // Replace the relations the record holds; those other records hold to it stay.
        await Sql.ExecuteLongAsync(connection, $"DELETE FROM record_relations x USING {staging} s WHERE x.source_id = s.id", cancellationToken);
    }

    /// <summary>COPYs the relations of the records written, once the records they link are in.</summary>
    public static async Task WriteRelationsAsync(NpgsqlConnection connection, List<RecordRelation> links, CancellationToken cancellationToken)
    {
        await using var relations = NoTimeout(await connection.BeginBinaryImportAsync(
            "COPY record_relations (source_id, type, target_id) FROM STDIN (FORMAT BINARY)", cancellationToken));
        foreach (var relation in links)
        {
            await relations.StartRowAsync(cancellationToken);
            await relations.WriteAsync(relation.SourceId, NpgsqlDbType.Text, cancellationToken);
            await relations.WriteAsync(relation.Type, NpgsqlDbType.Varchar, cancellationToken);
            await relations.WriteAsync(relation.TargetId, NpgsqlDbType.Text, cancellationToken);
        }

        await relations.CompleteAsync(cancellationToken);
    }

    private Task WriteAsync<T>(T? value, NpgsqlDbType type, CancellationToken cancellationToken) => WriteAsync(writer, value, type, cancellationToken);

    /// <summary>A value or, for null, SQL NULL.</summary>
    public static async Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }

    /// <summary>An import's copies and updates run as long as they need (<see cref="Data.LongRunning"/>).</summary>
    public static NpgsqlBinaryImporter NoTimeout(NpgsqlBinaryImporter importer)
    {
        importer.Timeout = TimeSpan.Zero;
        return importer;
    }
}
