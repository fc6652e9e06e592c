using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Data;
using RegulationApi.Records;

namespace RegulationApi.Import;

/// <summary>One reason an import was refused: the file, the record and the field it concerns.</summary>
public sealed record ImportError(string File, string? RecordId, string? Field, string Message)
{
    public override string ToString() =>
        $"{File}: " + (RecordId is null ? "" : $"record '{RecordId}': ") + (Field is null ? "" : $"{Field}: ") + Message;
}

public sealed class ImportException(IReadOnlyList<ImportError> errors)
    : Exception("Import refused, nothing was written:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

public sealed record ImportResult(int Files, int Records, int Inserted, int Updated, int Unchanged);

/// <summary>
/// Loads record files all-or-nothing: every record of every file is parsed and validated before one
/// transaction writes any of them, and a record whose content has not changed is not written at all.
/// </summary>
public sealed partial class RecordImporter(RegulationDbContext db, IValidator<RecordDocument> validator, TimeProvider time, ILogger<RecordImporter> logger)
{
    public async Task<ImportResult> ImportAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var batch = new List<(string File, RecordDocument Document)>();
        foreach (var file in files)
        {
            batch.AddRange(await ReadAsync(file, errors, cancellationToken));
        }

        foreach (var duplicate in batch.GroupBy(b => b.Document.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new ImportError(duplicate.Last().File, duplicate.Key, "id", "appears more than once in this import"));
        }

        var ids = batch.Select(b => b.Document.Id).ToHashSet(StringComparer.Ordinal);
        var targets = batch.SelectMany(b => b.Document.Relations).Select(r => r.Target).Where(t => !ids.Contains(t)).Distinct().ToList();
        var knownIds = new HashSet<string>(ids, StringComparer.Ordinal);
        knownIds.UnionWith(await db.Records.Where(r => targets.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken));

        foreach (var (file, document) in batch)
        {
            var context = new ValidationContext<RecordDocument>(document);
            context.RootContextData[RecordDocumentValidator.KnownIdsKey] = (IReadOnlySet<string>)knownIds;
            var result = await validator.ValidateAsync(context, cancellationToken);
            errors.AddRange(result.Errors.Select(e => new ImportError(file, document.Id, e.PropertyName, e.ErrorMessage)));
        }

        if (errors.Count > 0)
        {
            throw new ImportException(errors);
        }

        return await WriteAsync(files.Count, batch.Select(b => b.Document).ToList(), cancellationToken);
    }

    private async Task<ImportResult> WriteAsync(int fileCount, List<RecordDocument> documents, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Imports are serialised, so two at once cannot interleave their writes.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7201)", cancellationToken);

            var ids = documents.Select(d => d.Id).ToList();
            var existing = await db.Records.Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Id, r.ContentHash })
                .ToDictionaryAsync(r => r.Id, r => r.ContentHash, cancellationToken);

            int inserted = 0, updated = 0;
            foreach (var document in documents)
            {
                var entity = document.ToEntity(now);
                if (!existing.TryGetValue(entity.Id, out var hash))
                {
                    db.Records.Add(entity);
                    inserted++;
                }
                else if (hash != entity.ContentHash)
                {
                    // Replace the record's own parts; relations other records hold to it stay.
                    await db.Relations.Where(r => r.SourceId == entity.Id).ExecuteDeleteAsync(cancellationToken);
                    await db.Rulings.Where(r => r.RecordId == entity.Id).ExecuteDeleteAsync(cancellationToken);
                    var (ruling, relations) = (entity.Ruling, entity.Relations);
                    entity.Ruling = null;
                    entity.Relations = [];
                    db.Records.Update(entity);
                    if (ruling is not null)
                    {
                        db.Rulings.Add(ruling);
                    }

                    db.Relations.AddRange(relations);
                    updated++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();

            var result = new ImportResult(fileCount, documents.Count, inserted, updated, documents.Count - inserted - updated);
            logger.LogInformation("Imported {Records} records from {Files} files: {Inserted} new, {Updated} changed, {Unchanged} unchanged",
                result.Records, result.Files, result.Inserted, result.Updated, result.Unchanged);
            return result;
        });
    }

    private static async Task<List<(string, RecordDocument)>> ReadAsync(string file, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var documents = new List<(string, RecordDocument)>();
        JsonDocument json;
        try
        {
            await using var stream = File.OpenRead(file);
            json = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add(new ImportError(file, null, null, e.Message));
            return documents;
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ImportError(file, null, null, "must hold a JSON array of records"));
                return documents;
            }

            var index = 0;
            foreach (var element in json.RootElement.EnumerateArray())
            {
                var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement)
                         && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
                try
                {
                    var document = element.Deserialize<RecordDocument>(RecordJson.Import)
                                   ?? throw new JsonException("a record must be a JSON object", "$", null, null);
                    documents.Add((file, document));
                }
                catch (JsonException e)
                {
                    var (field, message) = Describe(e);
                    errors.Add(new ImportError(file, id ?? $"#{index}", field, message));
                }

                index++;
            }
        }

        return documents;
    }

    /// <summary>The field and a reader's message for a System.Text.Json error, without .NET type names or positions.</summary>
    private static (string? Field, string Message) Describe(JsonException e)
    {
        var field = e.Path is null or "$" ? null : e.Path.TrimStart('$', '.');
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        if (MissingProperty().Match(message) is { Success: true } missing)
        {
            return (field is null ? missing.Groups[1].Value : $"{field}.{missing.Groups[1].Value}", "is required");
        }

        if (message.Contains("DateOnly", StringComparison.Ordinal))
        {
            return (field, "must be a full date written YYYY-MM-DD, or null");
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return (field, "is not a field of the record format");
        }

        return (field, message.Contains("System.", StringComparison.Ordinal) ? "has a value of the wrong type" : message);
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperty();
}
