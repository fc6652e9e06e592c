using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RegulationApi.Data;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Stats;

namespace RegulationApi.Mcp;

/// <summary>
/// The read API as MCP tools: each builds the API's own request type, runs its validator and answers with the JSON the
/// API sends for the same arguments. Every argument is text, as in a query string, so the validators judge every value.
/// </summary>
[McpServerToolType]
public sealed class RecordTools
{
    private const string AboutRecords =
        " Each record is JSON with its title and summary in Chinese and English, dates, status, topics, relations, its " +
        "sources (url, title, type official | secondary | article: cite these URLs) and verification (confirmed | partial | " +
        "article-only: how far the sources confirm it; say so when it is not confirmed).";

    private const string AboutPages =
        " The answer is {items, total, nextCursor}: total is the exact number of matches; pass nextCursor as cursor, with the " +
        "same other arguments, for the next page (null on the last page).";

    [McpServerTool(Name = "search_records", Title = "Search regulations and court rulings", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(
        "Searches the knowledge base of crypto-mining regulation and court rulings (China above all, and other countries) " +
        "by full text (Chinese, English or both) and filters; every argument is optional and they combine with AND. " +
        "The same search as GET /api/v1/records." + AboutPages + AboutRecords)]
    public static async Task<CallToolResult> SearchRecords(
        RecordSearch search,
        RecordCursor cursors,
        IValidator<RecordSearchRequest> validator,
        [Description(Descriptions.Q)] string? q = null,
        [Description(Descriptions.Kind)] string[]? kind = null,
        [Description(Descriptions.Jurisdiction)] string[]? jurisdiction = null,
        [Description(Descriptions.Year)] string? year = null,
        [Description(Descriptions.YearFrom)] string? yearFrom = null,
        [Description(Descriptions.YearTo)] string? yearTo = null,
        [Description(Descriptions.From)] string? from = null,
        [Description(Descriptions.To)] string? to = null,
        [Description(Descriptions.Topic)] string[]? topic = null,
        [Description(Descriptions.Status)] string[]? status = null,
        [Description(Descriptions.Authority)] string? authority = null,
        [Description(Descriptions.Level)] string[]? level = null,
        [Description(Descriptions.CourtLevel)] string[]? courtLevel = null,
        [Description(Descriptions.Outcome)] string[]? outcome = null,
        [Description(Descriptions.InForceOn)] string? inForceOn = null,
        [Description(Descriptions.AppliesIn)] string[]? appliesIn = null,
        [Description(Descriptions.Sort)] string? sort = null,
        [Description(Descriptions.Limit)] string? limit = null,
        [Description(Descriptions.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        // The change feed (sort=updated) lists deletions for mirrors, not matches: it stays the HTTP API's.
        if (sort == "updated")
        {
            return ToolResults.Invalid(new Dictionary<string, string[]> { ["sort"] = ["must be relevance, date or date-asc; the change feed (sort=updated) is GET /api/v1/records?updatedSince=…"] });
        }

        var request = new RecordSearchRequest
        {
            Q = q, Kind = kind, Jurisdiction = jurisdiction, Year = year, YearFrom = yearFrom, YearTo = yearTo, From = from, To = to,
            Topic = topic, Status = status, Authority = authority, Level = level, CourtLevel = courtLevel, Outcome = outcome,
            InForceOn = inForceOn, AppliesIn = appliesIn, Sort = sort, Limit = limit, Cursor = cursor,
        };
        return await PageAsync(request, validator, search, cursors, names: null, cancellationToken);
    }

    [McpServerTool(Name = "in_force_on", Title = "Regulations in force on a date in a place", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(
        "The regulations in force on a date whose law applies in a place: the place's own, its country's (CN for CN-SC) and, " +
        "for an EU member state, the European Union's from the day it joined. A regulation is in force from dates.effective " +
        "(else issued, else published) until dates.repealed or until a record that repeals or supersedes it comes into force. " +
        "For \"which rules applied to mining in Sichuan on 2021-07-01\": date 2021-07-01, region CN-SC, topic [\"mining\"]. " +
        "The same as GET /api/v1/records?inForceOn=…&appliesIn=…; for rulings use search_records." + AboutPages + AboutRecords)]
    public static async Task<CallToolResult> InForceOn(
        RecordSearch search,
        RecordCursor cursors,
        IValidator<RecordSearchRequest> validator,
        [Description("The date, YYYY-MM-DD, e.g. 2021-07-01.")] string date,
        [Description("Where: an ISO 3166-1 alpha-2 country or ISO 3166-2 province or state code (CN, CN-SC, US-TX, SE), or EU.")] string region,
        [Description(Descriptions.Q)] string? q = null,
        [Description(Descriptions.Topic)] string[]? topic = null,
        [Description(Descriptions.Limit)] string? limit = null,
        [Description(Descriptions.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var request = new RecordSearchRequest { InForceOn = date, AppliesIn = [region], Q = q, Topic = topic, Limit = limit, Cursor = cursor };
        return await PageAsync(request, validator, search, cursors, new() { ["inForceOn"] = "date", ["appliesIn"] = "region" }, cancellationToken);
    }

    [McpServerTool(Name = "get_record", Title = "Get one record", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("One record by its id (such as cn-ndrc-2021-1283, from search results or relations): the same JSON as GET /api/v1/records/{id}." + AboutRecords)]
    public static async Task<CallToolResult> GetRecord(
        RecordSearch search,
        [Description(Descriptions.Id)] string id,
        CancellationToken cancellationToken = default)
    {
        return (await RecordsApi.GetRecord(id, search, cancellationToken)).Result switch
        {
            StoredJson<RecordDocument> record => ToolResults.Json(record.Utf8),
            var problem => ToolResults.Problem((ProblemHttpResult)problem),
        };
    }

    [McpServerTool(Name = "related_records", Title = "Records linked to a record", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(
        "The records a record points to (direction outgoing) and those that point to it (incoming), each with the relation " +
        "type as stored on the record that holds it: implements, cites, amends, repeals, supersedes, applies (a ruling applies " +
        "a regulation), appeal-of. An incoming repeals means the asked record is repealed by the other. The answer is " +
        "{items: [{direction, type, record}]}, as GET /api/v1/records/{id}/related." + AboutRecords)]
    public static async Task<CallToolResult> RelatedRecords(
        RegulationDbContext db,
        [Description(Descriptions.Id)] string id,
        CancellationToken cancellationToken = default)
    {
        return (await RecordsApi.GetRelated(id, db, cancellationToken)).Result switch
        {
            StoredJson<RelatedResponse> related => ToolResults.Json(related.Utf8),
            var problem => ToolResults.Problem((ProblemHttpResult)problem),
        };
    }

    [McpServerTool(Name = "records_per_year", Title = "Record counts by year", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(
        "How many records match the filters, by year of their primary date: {items: [{year, count}], total}, years ascending, " +
        "records with no known year last under year null. Takes the filters of search_records; the same as GET /api/v1/stats/years.")]
    public static CallToolResult RecordsPerYear(
        RecordSearch search,
        IValidator<RecordFilterRequest> validator,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        [Description(Descriptions.Q)] string? q = null,
        [Description(Descriptions.Kind)] string[]? kind = null,
        [Description(Descriptions.Jurisdiction)] string[]? jurisdiction = null,
        [Description(Descriptions.Year)] string? year = null,
        [Description(Descriptions.YearFrom)] string? yearFrom = null,
        [Description(Descriptions.YearTo)] string? yearTo = null,
        [Description(Descriptions.From)] string? from = null,
        [Description(Descriptions.To)] string? to = null,
        [Description(Descriptions.Topic)] string[]? topic = null,
        [Description(Descriptions.Status)] string[]? status = null,
        [Description(Descriptions.Authority)] string? authority = null,
        [Description(Descriptions.Level)] string[]? level = null,
        [Description(Descriptions.CourtLevel)] string[]? courtLevel = null,
        [Description(Descriptions.Outcome)] string[]? outcome = null,
        [Description(Descriptions.InForceOn)] string? inForceOn = null,
        [Description(Descriptions.AppliesIn)] string[]? appliesIn = null)
    {
        var request = new RecordFilterRequest
        {
            Q = q, Kind = kind, Jurisdiction = jurisdiction, Year = year, YearFrom = yearFrom, YearTo = yearTo, From = from, To = to,
            Topic = topic, Status = status, Authority = authority, Level = level, CourtLevel = courtLevel, Outcome = outcome,
            InForceOn = inForceOn, AppliesIn = appliesIn,
        };
        if (validator.Validate(request) is { IsValid: false } invalid)
        {
            return ToolResults.Invalid(invalid.ToDictionary());
        }

        var counts = StatsApi.GetYearStats(request, search).Value!;
        return ToolResults.Json(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(counts, json.Value.SerializerOptions));
    }

    /// <summary>A page of the API's search, or a tool error with the API's message (its parameters renamed as this tool names them).</summary>
    private static async Task<CallToolResult> PageAsync(
        RecordSearchRequest request, IValidator<RecordSearchRequest> validator, RecordSearch search, RecordCursor cursors,
        Dictionary<string, string>? names, CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(request, cancellationToken) is { IsValid: false } invalid)
        {
            return ToolResults.Invalid(invalid.ToDictionary(), names);
        }

        var (page, _, cursorProblem) = await RecordsApi.PageAsync(request, search.Index, search, cursors, cancellationToken);
        return page is null ? ToolResults.Invalid(new Dictionary<string, string[]> { ["cursor"] = [cursorProblem!] }) : ToolResults.Json(page.Utf8);
    }

    /// <summary>The parameters' descriptions, shared by the tools that take them.</summary>
    private static class Descriptions
    {
        public const string Q =
            "Full-text query in Chinese, English or both (挖矿, contract void, 挖矿 contract); every term must match. Searches " +
            "titles, summaries, key points, document and case numbers, authorities and courts.";

        public const string Kind = "Record kinds: regulation (laws, notices, measures, official statements) or ruling (court judgments and rulings).";

        public const string Jurisdiction =
            "ISO 3166-1 alpha-2 or ISO 3166-2 codes, or EU (CN, CN-SC, KZ, US-NY); a country also matches its provinces and " +
            "states. Only the records of these places: use appliesIn (or in_force_on) for the law that applies in a place.";

        public const string Year = "Exact year of the primary date (a ruling's decision, else a regulation's issue or publication), e.g. 2021.";

        public const string YearFrom = "Earliest year of the primary date, inclusive, e.g. 2019.";

        public const string YearTo = "Latest year of the primary date, inclusive, e.g. 2023.";

        public const string From = "Earliest primary date, inclusive, YYYY-MM-DD.";

        public const string To = "Latest primary date, inclusive, YYYY-MM-DD.";

        public const string Topic =
            "Topics; a record matches when it has any of them: mining, trading, electricity, contract-validity, mining-equipment, " +
            "hosting, energy-consumption, taxation, licensing, financial-risk, stablecoins, enforcement, environment.";

        public const string Status = "Statuses: in-force, amended, repealed, expired, historical, unknown.";

        public const string Authority = "An issuing authority or court, in either language, by case-insensitive substring (人民银行, Supreme People's Court).";

        public const string Level =
            "Levels in the legal hierarchy: law, administrative-regulation, departmental-rule, departmental-normative-document, " +
            "local-normative-document, judicial-interpretation, party-or-state-council-statement, industry-self-regulation, " +
            "foreign-law, foreign-regulation, administrative-decision, court-judgment, court-ruling.";

        public const string CourtLevel = "A ruling's court level: in China basic, intermediate, high, supreme; elsewhere trial, appellate, supreme.";

        public const string Outcome =
            "A ruling's outcome: contract-void, claim-dismissed, petition-rejected, contract-valid, measure-upheld, " +
            "measure-set-aside, injunction-granted, other.";

        public const string InForceOn =
            "Only regulations in force on this date (YYYY-MM-DD): from dates.effective (else issued, else published) until " +
            "dates.repealed or until a record that repeals or supersedes it comes into force.";

        public const string AppliesIn =
            "Places whose law applies: the records of each place and of its ancestors (CN-SC matches CN-SC and CN), and the " +
            "European Union's for a member state (with inForceOn, from the day it joined).";

        public const string Sort = "relevance (the default with q), date (newest first; the default otherwise) or date-asc.";

        public const string Limit = "Page size, 1 to 100; default 20.";

        public const string Cursor = "nextCursor of the previous page, to get the next one; leave out for the first page.";

        public const string Id = "The record's id, a slug such as cn-ndrc-2021-1283 or cn-pboc-2021-237.";
    }
}
