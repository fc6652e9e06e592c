using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Data;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>A page of results. <c>Total</c> counts the whole filtered set; <c>NextCursor</c> is null on the last page.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, long Total, string? NextCursor)
{
    /// <summary>With facets=…: counts of the whole filtered set by each named field.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<FacetCount>>? Facets { get; init; }
}

/// <summary>A record linked to the one asked for, seen from that record.</summary>
/// <param name="Direction">outgoing: the asked record holds the relation; incoming: the other record holds it.</param>
/// <param name="Type">The relation type as stored on the record that holds it (an incoming repeals: the asked record is repealed by this one).</param>
/// <param name="Record">The other record.</param>
public sealed record RelatedRecord(string Direction, string Type, RecordDocument Record);

public sealed record RelatedResponse(IReadOnlyList<RelatedRecord> Items);

public static class RecordsApi
{
    /// <summary>Cursors, the change feed, and the validators of records and queries (import and curation use them too).</summary>
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RecordCursor>();
        builder.Services.AddScoped<ChangeFeed>();
        // Cursors are sealed with Data Protection's key ring. Behind a load balancer every instance must open the others'
        // cursors: one application name (not each install's folder) and, in DataProtection:KeysPath, one shared ring.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("RegulationApi");
        if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keysPath)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }

        // Validators are stateless and costly to build (each builds its rules): one of each for the process.
        builder.Services.AddValidatorsFromAssemblyContaining<RecordDocumentValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }

    public static RouteGroupBuilder MapRecords(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/records").WithTags("Records").WithApiConventions().WithRateLimits().WithResponseCaching();

        group.MapGet("/", ListRecords)
            .WithName(nameof(ListRecords))
            .WithSummary("Search and filter records")
            .WithDescription("Full-text search (Chinese, English or both) and filters over regulations and rulings, " +
                             "with an exact total and cursor pagination: follow nextCursor (or the Link header) to get every match exactly once. " +
                             "inForceOn and appliesIn answer which rules applied where on a date. format=csv or ndjson (or Accept: text/csv, " +
                             "application/x-ndjson) streams the whole filtered set. updatedSince (or sort=updated) is the change feed, with " +
                             "deleted records as tombstones {id, deleted: true, deletedAt, updatedAt}, for keeping a mirror.");

        group.MapGet("/{id}", GetRecord)
            .WithName(nameof(GetRecord))
            .WithSummary("Get one record")
            .WithDescription("The record with this id, or a 404 problem.");

        group.MapGet("/{id}/related", GetRelated)
            .WithName(nameof(GetRelated))
            .WithSummary("Records linked to a record")
            .WithDescription("The records this one points to (outgoing) and the records that point to it (incoming), each with the relation type as stored.");

        return group;
    }

    public static async Task<Results<StoredJson<PagedResult<RecordDocument>>, RecordExport, ValidationProblem>> ListRecords(
        [AsParameters] RecordSearchRequest request, RecordSearch search, RecordCursor cursors, ChangeFeed changes, HttpContext http,
        CancellationToken cancellationToken)
    {
        var limit = request.ToLimit();
        if (request.IsChangeFeed)
        {
            var (changed, nextChange, problem) = await changes.PageAsync(request.ToUpdatedSince(), request.Cursor, limit, cancellationToken);
            if (changed is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = [problem!] });
            }

            LinkNextPage(http, nextChange);
            return changed;
        }

        // One index snapshot for the whole request, so total, page and cursor agree.
        var index = search.Index;
        if (request.ToExportFormat(http.Request) is { } format)
        {
            var (filter, sort) = (request.ToFilter(), request.ToSort());
            // The export streams after this method returns: it owns its sets and gives them back when done.
            var exportScratch = new RankScratch();
            var matching = index.Match(filter, exportScratch);
            var titles = sort == RecordSort.Relevance ? index.TitleMatches(matching, filter.Q!, exportScratch) : null;
            return new RecordExport(index, matching, titles, sort, format, search, exportScratch);
        }

        var (page, next, cursorProblem) = await PageAsync(request, index, search, cursors, cancellationToken);
        if (page is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = [cursorProblem!] });
        }

        LinkNextPage(http, next);
        return page;
    }

    /// <summary>
    /// The page of a validated search (neither the change feed nor an export) from one index snapshot, so that total,
    /// page and cursor agree: its JSON and its next cursor, or why the cursor does not fit. The MCP tools answer with it too.
    /// </summary>
    public static async Task<(StoredJson<PagedResult<RecordDocument>>? Page, string? NextCursor, string? CursorProblem)> PageAsync(
        RecordSearchRequest request, SearchIndex index, RecordSearch search, RecordCursor cursors, CancellationToken cancellationToken)
    {
        var filter = request.ToFilter();
        var sort = request.ToSort();
        using var scratch = new RankScratch();
        var start = PagePosition.Start;
        if (request.Cursor is not null)
        {
            var (position, problem) = cursors.Decode(request.Cursor, filter, sort);
            if (position is null)
            {
                return (null, null, problem);
            }

            start = position.Value;
        }

        var page = await search.PageAsync(index, filter, sort, start, request.ToLimit(), scratch, cancellationToken);
        var next = page.Next is { } nextPosition ? cursors.Encode(filter, sort, nextPosition) : null;
        var facets = request.ToFacets() is { Count: > 0 } fields ? Facets.From(index.Tally(page.Matches, fields), fields) : null;
        return (StoredJson.Page(page.Documents, page.Total, next, facets), next, null);
    }

    public static async Task<Results<StoredJson<RecordDocument>, ProblemHttpResult>> GetRecord(
        string id, RecordSearch search, CancellationToken cancellationToken)
    {
        return await search.FindAsync(id, cancellationToken) switch
        {
            null => Problems.RecordNotFound(id),
            { Deleted: true } => Problems.RecordDeleted(id),
            var (document, _) => new StoredJson<RecordDocument>(document),
        };
    }

    public static async Task<Results<StoredJson<RelatedResponse>, ProblemHttpResult>> GetRelated(
        string id, RegulationDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Records.AnyAsync(r => r.Id == id && r.DeletedAt == null, cancellationToken))
        {
            return Problems.RecordNotFound(id);
        }

        var links = await db.Relations.AsNoTracking().Where(r => r.SourceId == id || r.TargetId == id).ToListAsync(cancellationToken);
        var otherIds = links.Select(l => l.SourceId == id ? l.TargetId : l.SourceId).Distinct().ToList();
        // Deleted records are gone from every answer but the change feed and their own history.
        var others = await db.Records.Where(r => otherIds.Contains(r.Id) && r.DeletedAt == null)
            .Select(r => new { r.Id, r.Document }).ToDictionaryAsync(r => r.Id, r => r.Document, cancellationToken);
        var items = links
            .Where(l => others.ContainsKey(l.SourceId == id ? l.TargetId : l.SourceId))
            .Select(l => l.SourceId == id ? (Direction: "outgoing", l.Type, Other: l.TargetId) : (Direction: "incoming", l.Type, Other: l.SourceId))
            .OrderBy(i => i.Direction == "outgoing" ? 0 : 1)
            .ThenBy(i => i.Type, StringComparer.Ordinal)
            .ThenBy(i => i.Other, StringComparer.Ordinal)
            .Select(i => (i.Direction, i.Type, others[i.Other]))
            .ToList();
        return StoredJson.Related(items);
    }

    /// <summary>The next page also as a Link header (rel="next"), when there is one.</summary>
    private static void LinkNextPage(HttpContext http, string? cursor)
    {
        if (cursor is not null)
        {
            http.Response.Headers.Link = $"<{NextPageUrl(http.Request, cursor)}>; rel=\"next\"";
        }
    }

    /// <summary>This request's own URL with the cursor replaced, so every other parameter carries over as the client wrote it.</summary>
    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = new QueryBuilder(request.Query
            .Where(p => !p.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))))
        {
            { "cursor", cursor },
        };
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
    }
}
