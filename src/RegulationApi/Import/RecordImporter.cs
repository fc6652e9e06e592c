using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Model;
using RegulationApi.Search;
using RegulationApi.Writes;

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
/// Loads record files all-or-nothing, at bulk speed: files are streamed, each record is validated (FluentValidation)
/// and prepared on every core while one transaction compares them, chunk by chunk, with the stored ones and COPYs the
/// new ones straight into the table (<see cref="ImportStaging"/>); changed ones are replaced from a staging table,
/// unchanged ones not written at all. Duplicate ids and relation targets are checked in SQL, so that memory grows
/// neither with the files nor with the database. Any invalid record rolls everything back.
/// </summary>
public sealed class RecordImporter(
    RegulationDbContext db, IValidator<RecordDocument> validator, TimeProvider time, SearchIndexHost index, ILogger<RecordImporter> logger)
{
    /// <summary>Beyond this many, further errors are counted but not listed.</summary>
    private const int MaxErrors = 1000;

    private sealed record Parsed(int File, int Index, RecordDocument? Document, RecordRow? Row, IReadOnlyList<ImportError> Errors);

    /// <summary>A record read straight into a document, or its JSON when that failed, or the reason the file could not be read.</summary>
    private readonly record struct Element(int File, int Index, RecordDocument? Document, JsonElement Json, string? Problem);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var strategy = db.Database.CreateExecutionStrategy();
        var phases = (Staged: TimeSpan.Zero, Checked: TimeSpan.Zero);
        // A bulk import runs for a minute and may wait for another's lock: none of the service's timeouts applies.
        using var noCommandTimeout = db.Database.WithoutCommandTimeout();
        var result = await strategy.ExecuteAsync(async () =>
        {
            var errors = new List<(int File, int Index, ImportError Error)>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(LongRunning.InTransaction, cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // Imports are serialised, so two at once cannot interleave their writes.
            await Sql.ExecuteLongAsync(connection, Changes.Lock, cancellationToken);
            var now = await Changes.StampAsync(connection, time, cancellationToken, longRunning: true);

            // Every valid record is compared and staged, even after an error: the checks in SQL (duplicate ids,
            // relation targets) then report everything wrong with the files at once.
            await using var staging = await ImportStaging.CreateAsync(connection, now, cancellationToken);
            var chunk = new List<StagedRecord>(ImportStaging.ChunkSize);
            await foreach (var parsed in PrepareAsync(files, cancellationToken))
            {
                if (parsed.Errors.Count > 0)
                {
                    errors.AddRange(parsed.Errors.Select(e => (parsed.File, parsed.Index, e)));
                    continue;
                }

                chunk.Add(new StagedRecord(parsed.Row!, parsed.Document!.Relations, parsed.File, parsed.Index));
                if (chunk.Count == ImportStaging.ChunkSize)
                {
                    await staging.WriteAsync(chunk, cancellationToken);
                    chunk.Clear();
                }
            }

            if (chunk.Count > 0)
            {
                await staging.WriteAsync(chunk, cancellationToken);
            }

            phases.Staged = time.GetElapsedTime(started);
            await staging.IndexAsync(cancellationToken);
            var duplicates = await staging.DuplicatesAsync(MaxErrors, cancellationToken);
            errors.AddRange(duplicates.Select(d => (d.File, d.Position, new ImportError(files[d.File], d.Id, "id", "appears more than once in this import"))));
            var unknown = await staging.UnknownTargetsAsync(duplicates.Count > 0, MaxErrors, cancellationToken);
            errors.AddRange(unknown
                // A target that is not an id at all was refused by the validator already.
                .Where(u => RecordDocumentValidator.IdPattern().IsMatch(u.Target))
                .Select(u => (u.File, u.Position, new ImportError(files[u.File], u.Id, $"relations[{u.Relation}]", RecordDocumentValidator.UnknownTarget(u.Target)))));
            phases.Checked = time.GetElapsedTime(started);
            if (errors.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new ImportException(errors.OrderBy(e => e.File).ThenBy(e => e.Index).Select(e => e.Error).Take(MaxErrors).ToList());
            }

            await staging.ApplyAsync(cancellationToken);
            if (staging.Inserted + staging.Updated > 0)
            {
                await Changes.AnnounceAsync(connection, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new ImportResult(files.Count, staging.Staged, staging.Inserted, staging.Updated, staging.Staged - staging.Inserted - staging.Updated);
        });

        logger.LogInformation(
            "Imported {Records} records from {Files} files in {Elapsed:0.0} s: {Inserted} new, {Updated} changed, {Unchanged} unchanged " +
            "(read, validated and staged by {Staged:0.0} s, checked by {Checked:0.0} s)",
            result.Records, result.Files, time.GetElapsedTime(started).TotalSeconds, result.Inserted, result.Updated, result.Unchanged,
            phases.Staged.TotalSeconds, phases.Checked.TotalSeconds);
        if (index.IsServing && result.Inserted + result.Updated > 0)
        {
            await index.CatchUpAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Records read ahead, and per validation batch. Few enough that the records in flight fit in the youngest
    /// generation: with many more, each gen0 collection copied them into older ones, and the GC paused the import for
    /// a large share of its time (the measurements are in BENCHMARKS.md).
    /// </summary>
    private const int InFlight = 64;

    /// <summary>Streams every file's records, parsed and validated on every core, in file order.</summary>
    private async IAsyncEnumerable<Parsed> PrepareAsync(IReadOnlyList<string> files, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var elements = Channel.CreateBounded<Element>(InFlight);
        var reading = Task.Run(async () =>
        {
            try
            {
                for (var file = 0; file < files.Count; file++)
                {
                    await foreach (var item in ReadFileAsync(file, files[file], cancellationToken))
                    {
                        await elements.Writer.WriteAsync(item, cancellationToken);
                    }
                }
            }
            finally
            {
                elements.Writer.Complete();
            }
        }, cancellationToken);

        // Validation runs on every core while the caller writes the previous batch: reading, validating and COPY overlap.
        var validated = Channel.CreateBounded<Parsed[]>(2);
        var validating = Task.Run(async () =>
        {
            try
            {
                var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
                var batch = new List<Element>(InFlight);
                while (await elements.Reader.WaitToReadAsync(cancellationToken))
                {
                    while (batch.Count < InFlight && elements.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }

                    var parsed = new Parsed[batch.Count];
                    Parallel.For(0, batch.Count, options, i => parsed[i] = Validate(files, batch[i]));
                    await validated.Writer.WriteAsync(parsed, cancellationToken);
                    batch.Clear();
                }
            }
            finally
            {
                validated.Writer.Complete();
            }
        }, cancellationToken);

        await foreach (var parsed in validated.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var item in parsed)
            {
                yield return item;
            }
        }

        await validating;
        await reading;
    }

    private Parsed Validate(IReadOnlyList<string> files, Element item)
    {
        var (file, index, document, element, problem) = item;
        if (problem is not null)
        {
            return new Parsed(file, index, null, null, [new ImportError(files[file], null, null, problem)]);
        }

        if (document is null && element.ValueKind is JsonValueKind.Undefined)
        {
            return new Parsed(file, index, null, null, [new ImportError(files[file], $"#{index}", null, "a record must be a JSON object")]);
        }

        var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()
            : null;
        try
        {
            document ??= element.Deserialize(RecordJsonContext.Default.RecordDocument)
                         ?? throw new JsonException("a record must be a JSON object", "$", null, null);
            var result = validator.Validate(document);
            return result.IsValid
                ? new Parsed(file, index, document, RecordRow.From(document), [])
                : new Parsed(file, index, document, null,
                    result.Errors.Select(e => new ImportError(files[file], document.Id, e.PropertyName, e.ErrorMessage)).ToList());
        }
        catch (JsonException e)
        {
            var (field, message) = RecordJson.Describe(e);
            return new Parsed(file, index, null, null, [new ImportError(files[file], id ?? $"#{index}", field, message)]);
        }
    }

    /// <summary>
    /// The records of one file, read straight into documents. When that fails, the file is read
    /// again element by element, so that each error names its record and field; the import is refused either way.
    /// </summary>
    private static async IAsyncEnumerable<Element> ReadFileAsync(int file, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = 0;
        var failed = false;
        await foreach (var element in ReadFileAsync(file, path, RecordJsonContext.Default.RecordDocument, cancellationToken))
        {
            if (element.Problem is not null)
            {
                failed = true;
                break;
            }

            read++;
            yield return element;
        }

        if (failed)
        {
            // Records before the failure were read already; from there on, each element is checked alone.
            var position = 0;
            await foreach (var element in ReadFileAsync(file, path, RecordJsonContext.Default.JsonElement, cancellationToken))
            {
                if (element.Problem is not null || position++ >= read)
                {
                    yield return element;
                }
            }
        }
    }

    /// <summary>
    /// The records of one file: its top-level array, or the one record a file of the seed holds as an object; a marker
    /// element when the file cannot be read.
    /// </summary>
    private static async IAsyncEnumerable<Element> ReadFileAsync<T>(int file, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        string? problem = null;
        var single = false;
        FileStream? stream = null;
        try
        {
            stream = File.OpenRead(path);
            var first = -1;
            while ((first = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
            {
            }

            stream.Position = 0;
            single = first == '{';
            if (first != '[' && !single)
            {
                problem = "must hold a record (a JSON object) or a JSON array of records";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }

        if (problem is null && single)
        {
            T? one = default;
            try
            {
                one = await JsonSerializer.DeserializeAsync(stream!, type, cancellationToken);
            }
            catch (JsonException e)
            {
                problem = e.Message;
            }

            if (problem is null)
            {
                yield return ToElement(file, index++, one);
            }
        }
        else if (problem is null)
        {
            var enumerator = JsonSerializer.DeserializeAsyncEnumerable(stream!, type, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (JsonException e)
                {
                    problem = e.Message;
                    break;
                }

                yield return ToElement(file, index++, enumerator.Current);
            }

            await enumerator.DisposeAsync();
        }

        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        if (problem is not null)
        {
            yield return new Element(file, index, null, default, problem);
        }
    }

    private static Element ToElement<T>(int file, int index, T? value) => value switch
    {
        RecordDocument document => new Element(file, index, document, default, null),
        JsonElement json => new Element(file, index, null, json, null),
        _ => new Element(file, index, null, default, null),
    };
}
