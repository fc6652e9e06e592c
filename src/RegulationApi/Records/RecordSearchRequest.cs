using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using RegulationApi.Infrastructure;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>The parameters of GET /api/v1/records: the filters, plus sort and paging.</summary>
public sealed record RecordSearchRequest : RecordFilterRequest
{
    [FromQuery(Name = "sort"), Description("relevance (default with q), date (newest first; default otherwise) or date-asc.")]
    public string? Sort { get; init; }

    [FromQuery(Name = "limit"), Description("Page size, 1-100; default 20."), DefaultValue(DefaultLimit)]
    public string? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque; nextCursor of the previous page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "facets"), Description("Fields to count the whole filtered set by: year, jurisdiction, kind, topic, status, level, courtLevel, outcome; comma-separated.")]
    public string[]? Facets { get; init; }

    [FromQuery(Name = "updatedSince"), Description(
        "The change feed: every record created, changed or deleted after this instant (ISO 8601, e.g. 2026-11-24T12:00:00Z), " +
        "oldest change first (sort=updated), deletions as tombstones {id, deleted: true, deletedAt, updatedAt}. Takes only limit and cursor besides.")]
    public string? UpdatedSince { get; init; }

    [FromQuery(Name = "format"), Description(
        "json (default): a page. csv or ndjson: the whole filtered set streamed in the sort's order, no page cap (also Accept: text/csv or application/x-ndjson).")]
    public string? Format { get; init; }

    /// <summary>The change feed was asked for: updatedSince, or sort=updated.</summary>
    public bool IsChangeFeed => UpdatedSince is not null || Sort == "updated";

    public DateTime? ToUpdatedSince() => QueryValue.ParseTimestamp(UpdatedSince);

    public IReadOnlyList<string> ToFacets() => QueryValue.Split(Facets);

    public RecordSort ToSort() => (Sort ?? (string.IsNullOrWhiteSpace(Q) ? "date" : "relevance")) switch
    {
        "relevance" => RecordSort.Relevance,
        "date-asc" => RecordSort.DateAscending,
        _ => RecordSort.Date,
    };

    /// <summary>csv or ndjson when an export was asked for by format or by Accept; null for a page.</summary>
    public string? ToExportFormat(HttpRequest request) => ExportMediaTypes.Requested(Format, request);

    /// <summary>The page size without a limit (text, as the parameter binds; the OpenAPI document declares it).</summary>
    public const string DefaultLimit = "20";

    public int ToLimit() => QueryValue.ParseInt(Limit) ?? QueryValue.ParseInt(DefaultLimit)!.Value;
}
