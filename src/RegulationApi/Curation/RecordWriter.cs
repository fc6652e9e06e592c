using FluentValidation;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Search;
using RegulationApi.Writes;

namespace RegulationApi.Curation;

/// <summary>What a change came to: the record as it now stands (null after a delete), or why it was refused.</summary>
public sealed record WriteOutcome(string? Document, WriteRefusal? Refusal)
{
    public static WriteOutcome Refused(RefusalReason reason, string detail) => new(null, new WriteRefusal(reason, detail, null));

    public static WriteOutcome Invalid(IDictionary<string, string[]> errors) => new(null, new WriteRefusal(RefusalReason.Invalid, null, errors));
}

/// <summary>Why a change was refused; the endpoints say it in HTTP.</summary>
public enum RefusalReason { NotFound, Conflict, Invalid, PreconditionRequired, PreconditionFailed }

/// <summary>A refusal with its words, or for <see cref="RefusalReason.Invalid"/> the fields and what is wrong with each.</summary>
public sealed record WriteRefusal(RefusalReason Reason, string? Detail, IDictionary<string, string[]>? Errors);

/// <summary>
/// Changes one record at a time, in one transaction each, serialised with imports: the same validation as import,
/// optimistic concurrency on the record's ETag, a revision for every change, and a notification that makes every
/// running service rebuild its search index.
/// </summary>
public sealed class RecordWriter(RegulationDbContext db, IValidator<RecordDocument> validator, TimeProvider time, IOutputCacheStore? cache = null)
{
    /// <summary>
    /// Changes are serialised anyway (the advisory lock): in this process they queue here, before taking a connection,
    /// so that writers waiting their turn do not hold connections the readers need.
    /// </summary>
    private static readonly SemaphoreSlim Turn = new(1, 1);

    private sealed record Stored(string Document, DateTime? DeletedAt);

    public Task<WriteOutcome> CreateAsync(RecordDocument document, string changedBy, CancellationToken cancellationToken) =>
        InTransactionAsync(document.Id, async (connection, stored, now) =>
        {
            if (stored is not null)
            {
                return WriteOutcome.Refused(RefusalReason.Conflict, (stored.DeletedAt is null
                    ? $"A record with the id '{document.Id}' exists already: change it with PUT /api/v1/records/{document.Id}."
                    : $"The record '{document.Id}' was deleted: restore it with POST /api/v1/records/{document.Id}/restore, then change it."));
            }

            if (await ValidateAsync(document, cancellationToken) is { } invalid)
            {
                return invalid;
            }

            var row = RecordRow.From(document);
            await using (var copy = await RecordCopy.BeginRecordsAsync(connection, "records", cancellationToken))
            {
                await copy.WriteAsync(row, now, cancellationToken);
                await copy.CompleteAsync(cancellationToken);
            }

            await RecordCopy.WriteRelationsAsync(connection, row.Relations, cancellationToken);
            await Sql.ExecuteAsync(connection,
                $"""
                 INSERT INTO record_revisions (record_id, number, document, action, changed_by, changed_at, changed_fields)
                 SELECT id, 1, document, '{RevisionActions.Created}', $2, updated_at, {Revisions.ChangedFields("document", "NULL")}
                 FROM records WHERE id = $1
                 """, cancellationToken, document.Id, changedBy);
            return new WriteOutcome(row.Document(now), null);
        }, cancellationToken);

    public Task<WriteOutcome> UpdateAsync(string id, RecordDocument document, StringValues ifMatch, string changedBy, CancellationToken cancellationToken) =>
        InTransactionAsync(id, async (connection, stored, now) =>
        {
            if (Precondition(id, stored, ifMatch) is { } refused)
            {
                return refused;
            }

            if (document.Id != id)
            {
                return WriteOutcome.Invalid(
                    new Dictionary<string, string[]> { ["id"] = [$"must be the id in the path ('{id}'): a record's id never changes"] });
            }

            if (await ValidateAsync(document, cancellationToken) is { } invalid)
            {
                return invalid;
            }

            var row = RecordRow.From(document);
            if (row.HasContentOf(stored!.Document))
            {
                // Nothing to change: no new version, and the ETag stays.
                return new WriteOutcome(stored.Document, null);
            }

            await RecordCopy.UpdateAsync(connection, [row], now, RevisionActions.Updated, changedBy, cancellationToken);
            await RecordCopy.WriteRelationsAsync(connection, row.Relations, cancellationToken);
            return new WriteOutcome(row.Document(now), null);
        }, cancellationToken);

    public Task<WriteOutcome> DeleteAsync(string id, StringValues ifMatch, string changedBy, CancellationToken cancellationToken) =>
        InTransactionAsync(id, async (connection, stored, now) =>
        {
            if (Precondition(id, stored, ifMatch) is { } refused)
            {
                return refused;
            }

            // Deleting a record others still point to would leave their relations dangling.
            var holders = await db.Relations.Where(x => x.TargetId == id && x.SourceId != id)
                .Join(db.Records.Where(r => r.DeletedAt == null), x => x.SourceId, r => r.Id, (x, r) => x.SourceId + " (" + x.Type + ")")
                .OrderBy(h => h).ToListAsync(cancellationToken);
            if (holders.Count > 0)
            {
                return WriteOutcome.Refused(RefusalReason.Conflict,
                    $"Other records point to '{id}': {string.Join(", ", holders)}. Remove those relations first, so that none is left dangling.");
            }

            await Revisions.KeepStoredAsync(connection, id, cancellationToken);
            await Sql.ExecuteAsync(connection, "UPDATE records SET deleted_at = $2, updated_at = $2 WHERE id = $1", cancellationToken, id, now);
            await Sql.ExecuteAsync(connection,
                $"""
                 INSERT INTO record_revisions (record_id, number, document, action, changed_by, changed_at, changed_fields)
                 SELECT $1, max(number) + 1, NULL, '{RevisionActions.Deleted}', $3, $2, '{"{}"}' FROM record_revisions WHERE record_id = $1
                 """, cancellationToken, id, now, changedBy);
            return new WriteOutcome(null, null);
        }, cancellationToken);

    public Task<WriteOutcome> RestoreAsync(string id, string changedBy, CancellationToken cancellationToken) =>
        InTransactionAsync(id, async (connection, stored, now) =>
        {
            if (stored is null)
            {
                return WriteOutcome.Refused(RefusalReason.NotFound, Problems.RecordNotFoundDetail(id));
            }

            if (stored.DeletedAt is null)
            {
                return WriteOutcome.Refused(RefusalReason.Conflict, $"The record '{id}' is not deleted.");
            }

            var document = System.Text.Json.JsonSerializer.Deserialize(stored.Document, RecordJsonContext.Default.RecordDocument)!;
            if (await ValidateAsync(document, cancellationToken) is { } invalid)
            {
                // Its relations may point to records deleted since.
                return invalid;
            }

            var row = RecordRow.From(document);
            await RecordCopy.UpdateAsync(connection, [row], now, RevisionActions.Restored, changedBy, cancellationToken);
            await RecordCopy.WriteRelationsAsync(connection, row.Relations, cancellationToken);
            return new WriteOutcome(row.Document(now), null);
        }, cancellationToken);

    /// <summary>
    /// Runs one change under the import lock with the record's row locked, then moves the data version on and tells
    /// every service (the search index follows within one rebuild) and evicts cached answers.
    /// </summary>
    private async Task<WriteOutcome> InTransactionAsync(
        string id, Func<NpgsqlConnection, Stored?, DateTime, Task<WriteOutcome>> change, CancellationToken cancellationToken)
    {
        await Turn.WaitAsync(cancellationToken);
        try
        {
            return await InTurnAsync(id, change, cancellationToken);
        }
        finally
        {
            Turn.Release();
        }
    }

    private async Task<WriteOutcome> InTurnAsync(
        string id, Func<NpgsqlConnection, Stored?, DateTime, Task<WriteOutcome>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await Sql.ExecuteAsync(connection, Changes.Lock, cancellationToken);
        Stored? stored = null;
        await using (var command = new NpgsqlCommand("SELECT document, deleted_at FROM records WHERE id = $1 FOR UPDATE", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                stored = new Stored(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
            }
        }

        var now = await Changes.StampAsync(connection, time, cancellationToken);
        var outcome = await change(connection, stored, now);
        if (outcome.Refusal is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return outcome;
        }

        await Changes.AnnounceAsync(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (cache is not null)
        {
            await cache.EvictByTagAsync(SearchIndexHost.CacheTag, cancellationToken);
        }

        return outcome;
    }

    /// <summary>PUT and DELETE need the record's current ETag in If-Match, so that no one overwrites a change they have not seen.</summary>
    private static WriteOutcome? Precondition(string id, Stored? stored, StringValues ifMatch)
    {
        if (stored is null || stored.DeletedAt is not null)
        {
            return WriteOutcome.Refused(RefusalReason.NotFound, Problems.RecordNotFoundDetail(id));
        }

        if (StringValues.IsNullOrEmpty(ifMatch))
        {
            return WriteOutcome.Refused(RefusalReason.PreconditionRequired,
                "Send the record's ETag (from GET /api/v1/records/" + id + ") in If-Match, so that a change made meanwhile is not overwritten.");
        }

        return ETags.Matches(ifMatch, ETags.Of(stored.Document))
            ? null
            : WriteOutcome.Refused(RefusalReason.PreconditionFailed,
                $"The record '{id}' has changed since that ETag: GET it again, and apply the change to the current version.");
    }

    /// <summary>The import's rules, with relation targets checked against the records that exist and are not deleted.</summary>
    private async Task<WriteOutcome?> ValidateAsync(RecordDocument document, CancellationToken cancellationToken)
    {
        var targets = document.Relations.Select(r => r.Target).Distinct().ToList();
        var known = (await db.Records.Where(r => targets.Contains(r.Id) && r.DeletedAt == null).Select(r => r.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var context = new ValidationContext<RecordDocument>(document);
        context.RootContextData[RecordDocumentValidator.KnownIdsKey] = (IReadOnlySet<string>)known;
        var result = await validator.ValidateAsync(context, cancellationToken);
        return result.IsValid ? null : WriteOutcome.Invalid(result.ToDictionary());
    }
}
