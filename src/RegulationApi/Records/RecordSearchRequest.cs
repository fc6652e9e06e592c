using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>
/// The filters of /api/v1/records and /api/v1/stats/years. Values bind as text so that a malformed one is
/// a 400 naming the parameter (from <see cref="RecordFilterValidator{T}"/>), not a binding failure.
/// List parameters are comma-separated and may also be repeated.
/// </summary>
public record RecordFilterRequest
{
    [FromQuery(Name = "q"), Description("Full-text query in Chinese, English or both; every term must match.")]
    public string? Q { get; init; }

    [FromQuery(Name = "kind"), Description("regulation or ruling; comma-separated for several.")]
    public string[]? Kind { get; init; }

    [FromQuery(Name = "jurisdiction"), Description("ISO 3166-1/3166-2 code, or EU; a country also matches its provinces and states (CN: CN-SC, ...; US: US-NY, ...); comma-separated for several.")]
    public string[]? Jurisdiction { get; init; }

    [FromQuery(Name = "year"), Description("Exact year of the primary date; a record with no year never matches.")]
    public string? Year { get; init; }

    [FromQuery(Name = "yearFrom"), Description("Earliest year, inclusive.")]
    public string? YearFrom { get; init; }

    [FromQuery(Name = "yearTo"), Description("Latest year, inclusive.")]
    public string? YearTo { get; init; }

    [FromQuery(Name = "from"), Description("Earliest primary date, inclusive (YYYY-MM-DD).")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest primary date, inclusive (YYYY-MM-DD).")]
    public string? To { get; init; }

    [FromQuery(Name = "topic"), Description("Topics; a record matches when it has any of them; comma-separated.")]
    public string[]? Topic { get; init; }

    [FromQuery(Name = "status"), Description("Statuses; comma-separated.")]
    public string[]? Status { get; init; }

    [FromQuery(Name = "level"), Description("Levels in the legal hierarchy (law, departmental-rule, court-judgment ...); comma-separated.")]
    public string[]? Level { get; init; }

    [FromQuery(Name = "courtLevel"), Description("A ruling's court level (basic, intermediate, high, supreme; trial, appellate); comma-separated.")]
    public string[]? CourtLevel { get; init; }

    [FromQuery(Name = "outcome"), Description("A ruling's outcome (contract-void, claim-dismissed ...); comma-separated.")]
    public string[]? Outcome { get; init; }

    [FromQuery(Name = "authority"), Description("Issuing authority or court, either language, case-insensitive substring.")]
    public string? Authority { get; init; }

    [FromQuery(Name = "inForceOn"), Description(
        "Regulations in force on this date (YYYY-MM-DD): in force from dates.effective (else issued, else published) " +
        "until dates.repealed or until a record that repeals or supersedes it comes into force. Rulings and records " +
        "with no known start date never match.")]
    public string? InForceOn { get; init; }

    [FromQuery(Name = "appliesIn"), Description(
        "Places whose law applies: records of each jurisdiction and of its ancestors (CN-SC matches CN-SC and CN), and of the " +
        "European Union for a member state (SE matches SE and EU; with inForceOn, only from the day it joined); comma-separated for several.")]
    public string[]? AppliesIn { get; init; }

    /// <summary>The validated filter; call only after validation succeeded.</summary>
    public RecordFilter ToFilter() => new(
        Q: string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
        Kinds: Split(Kind),
        Jurisdictions: Split(Jurisdiction).Select(j => j.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray(),
        Year: ParseInt(Year),
        YearFrom: ParseInt(YearFrom),
        YearTo: ParseInt(YearTo),
        From: ParseDate(From),
        To: ParseDate(To),
        Topics: Split(Topic),
        Statuses: Split(Status),
        Authority: string.IsNullOrWhiteSpace(Authority) ? null : Authority.Trim(),
        InForceOn: ParseDate(InForceOn),
        AppliesIn: Split(AppliesIn).Select(j => j.ToUpperInvariant()).SelectMany(j => Jurisdictions.WhoseLawApplies(j, ParseDate(InForceOn)))
            .Distinct().Order(StringComparer.Ordinal).ToArray())
    {
        Levels = Split(Level),
        CourtLevels = Split(CourtLevel),
        Outcomes = Split(Outcome),
    };

    internal static string[] Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    internal static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    internal static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

/// <summary>The parameters of GET /api/v1/records: the filters, plus sort and paging.</summary>
public sealed record RecordSearchRequest : RecordFilterRequest
{
    [FromQuery(Name = "sort"), Description("relevance (default with q), date (newest first; default otherwise) or date-asc.")]
    public string? Sort { get; init; }

    [FromQuery(Name = "limit"), Description("Page size, 1-100; default 20.")]
    public string? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque; nextCursor of the previous page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "facets"), Description("Fields to count the whole filtered set by: year, jurisdiction, kind, topic, status; comma-separated.")]
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

    public DateTime? ToUpdatedSince() => ParseTimestamp(UpdatedSince);

    internal static DateTime? ParseTimestamp(string? value) =>
        value is not null && value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
        && (value.EndsWith('Z') || value.EndsWith("z") || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T'))
            ? instant.UtcDateTime
            : null;

    public IReadOnlyList<string> ToFacets() => Split(Facets);

    public RecordSort ToSort() => (Sort ?? (string.IsNullOrWhiteSpace(Q) ? "date" : "relevance")) switch
    {
        "relevance" => RecordSort.Relevance,
        "date-asc" => RecordSort.DateAscending,
        _ => RecordSort.Date,
    };

    /// <summary>csv or ndjson when an export was asked for by format or by Accept; null for a page.</summary>
    public string? ToExportFormat(HttpRequest request) => RecordExport.Requested(Format, request);

    public int ToLimit() => ParseInt(Limit) ?? 20;
}

/// <summary>A validated set of filters; lists are sorted so that equal filters are equal records.</summary>
public sealed record RecordFilter(
    string? Q, string[] Kinds, string[] Jurisdictions, int? Year, int? YearFrom, int? YearTo,
    DateOnly? From, DateOnly? To, string[] Topics, string[] Statuses, string? Authority, DateOnly? InForceOn, string[] AppliesIn)
{
    public static RecordFilter None { get; } = new(null, [], [], null, null, null, null, null, [], [], null, null, []);

    public string[] Levels { get; init; } = [];

    public string[] CourtLevels { get; init; } = [];

    public string[] Outcomes { get; init; } = [];
}

public enum RecordSort
{
    Relevance,
    Date,
    DateAscending,
}

public abstract partial class RecordFilterValidator<T> : AbstractValidator<T> where T : RecordFilterRequest
{
    public RecordFilterValidator()
    {
        // An empty value is a mistake, not "no filter": leaving the parameter out is how to ask for everything.
        RuleFor(r => r.Kind).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Jurisdiction).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Topic).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Status).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Authority).Must(a => a is null || a.Trim().Length > 0).WithMessage(EmptyValue)
            .Must(a => a is null || !a.Any(char.IsControl)).WithMessage("must not contain control characters");
        RuleFor(r => r.Q).MaximumLength(500)
            .Must(q => q is null || SearchText.Parse(q) is not null).WithMessage("must contain at least one letter or digit");
        RuleFor(r => r.Kind).Custom(Each("kind", Vocabulary.Kinds.Contains, "is not a kind; " + RecordDocumentValidator.OneOf(Vocabulary.Kinds)));
        RuleFor(r => r.Jurisdiction).Custom(Each("jurisdiction", JurisdictionPattern().IsMatch, "is not an ISO 3166-1 alpha-2 or ISO 3166-2 code (CN, CN-SC)"));
        RuleFor(r => r.Topic).Custom(Each("topic", Vocabulary.Topics.Contains, "is not a topic; " + RecordDocumentValidator.OneOf(Vocabulary.Topics)));
        RuleFor(r => r.Status).Custom(Each("status", Vocabulary.Statuses.Contains, "is not a status; " + RecordDocumentValidator.OneOf(Vocabulary.Statuses)));
        RuleFor(r => r.Level).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("level", Vocabulary.Levels.Contains, "is not a level; " + RecordDocumentValidator.OneOf(Vocabulary.Levels)));
        RuleFor(r => r.CourtLevel).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("courtLevel", Vocabulary.CourtLevels.Contains, "is not a court level; " + RecordDocumentValidator.OneOf(Vocabulary.CourtLevels)));
        RuleFor(r => r.Outcome).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("outcome", Vocabulary.Outcomes.Contains, "is not an outcome; " + RecordDocumentValidator.OneOf(Vocabulary.Outcomes)));
        RuleFor(r => r.Year).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearFrom).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearTo).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearFrom).Must((r, from) => RecordFilterRequest.ParseInt(from) <= RecordFilterRequest.ParseInt(r.YearTo))
            .When(r => BeYear(r.YearFrom) && BeYear(r.YearTo) && r.YearFrom is not null && r.YearTo is not null)
            .WithMessage("must not be after yearTo");
        RuleFor(r => r.From).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.To).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.From).Must((r, from) => RecordFilterRequest.ParseDate(from) <= RecordFilterRequest.ParseDate(r.To))
            .When(r => BeDate(r.From) && BeDate(r.To) && r.From is not null && r.To is not null)
            .WithMessage("must not be after to");
        RuleFor(r => r.Authority).MaximumLength(200);
        RuleFor(r => r.InForceOn).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.AppliesIn).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("appliesIn", JurisdictionPattern().IsMatch, "is not an ISO 3166-1 alpha-2 or ISO 3166-2 code (CN, CN-SC)"));
    }

    /// <summary>Checks each value of a list parameter, reporting under the parameter's own name.</summary>
    protected static Action<string[]?, ValidationContext<T>> Each(string parameter, Func<string, bool> isValid, string problem) =>
        (values, context) =>
        {
            foreach (var value in RecordFilterRequest.Split(values).Where(v => !isValid(v)))
            {
                context.AddFailure(parameter, $"'{value}' {problem}");
            }
        };

    protected const string EmptyValue = "must not be empty; leave the parameter out to not filter by it";

    protected static bool NotHaveEmptyValues(string[]? values) =>
        values is null || values.All(v => v.Split(',').All(part => part.Trim().Length > 0));

    private static bool BeYear(string? value) =>
        value is null || RecordFilterRequest.ParseInt(value) is >= 1 and <= 9999;

    private static bool BeDate(string? value) => value is null || RecordFilterRequest.ParseDate(value) is not null;

    [GeneratedRegex("^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$")]
    private static partial Regex JurisdictionPattern();
}

public sealed class RecordFilterRequestValidator : RecordFilterValidator<RecordFilterRequest>;

public sealed class RecordSearchRequestValidator : RecordFilterValidator<RecordSearchRequest>
{
    public RecordSearchRequestValidator()
    {
        RuleFor(r => r.Sort).Must(s => s is null || Vocabulary.Sorts.Contains(s)).WithMessage(RecordDocumentValidator.OneOf(Vocabulary.Sorts));
        RuleFor(r => r.Sort).Must(s => s != "relevance").When(r => string.IsNullOrWhiteSpace(r.Q))
            .WithMessage("relevance needs a query: give q, or sort by date");
        RuleFor(r => r.Facets).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("facets", Stats.Facets.Fields.Contains, "is not a facet; " + RecordDocumentValidator.OneOf(Stats.Facets.Fields)));
        RuleFor(r => r.Limit).Must(l => l is null || RecordFilterRequest.ParseInt(l) is >= 1 and <= 100)
            .WithMessage("must be a whole number from 1 to 100");

        RuleFor(r => r.UpdatedSince).Must(u => u is null || RecordSearchRequest.ParseTimestamp(u) is not null)
            .WithMessage("must be a UTC timestamp written like 2026-11-24T12:00:00Z");
        RuleFor(r => r.Sort).Must(s => s is null || s == "updated").When(r => r.UpdatedSince is not null)
            .WithMessage("must be 'updated' (or left out) with updatedSince: the change feed is in the order of change");
        RuleFor(r => r).Custom((r, context) =>
        {
            if (!r.IsChangeFeed)
            {
                return;
            }

            // The feed lists deletions too, which no filter can apply to: a mirror takes it whole.
            foreach (var (name, given) in FilterParameters(r).Append(("facets", r.Facets is { Length: > 0 })).Append(("format", r.Format is not null)))
            {
                if (given)
                {
                    context.AddFailure(name, "cannot be combined with the change feed (updatedSince or sort=updated), which takes only limit and cursor");
                }
            }
        });

        RuleFor(r => r.Format).Must(f => f is null || Vocabulary.Formats.Contains(f)).WithMessage(RecordDocumentValidator.OneOf(Vocabulary.Formats));
        RuleFor(r => r.Limit).Null().When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson), which streams every match");
        RuleFor(r => r.Cursor).Null().When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson), which streams every match");
        RuleFor(r => r.Facets).Must(f => f is not { Length: > 0 }).When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson)");
    }

    private static IEnumerable<(string Name, bool Given)> FilterParameters(RecordSearchRequest r) =>
    [
        ("q", r.Q is not null), ("kind", r.Kind is { Length: > 0 }), ("jurisdiction", r.Jurisdiction is { Length: > 0 }), ("year", r.Year is not null),
        ("yearFrom", r.YearFrom is not null), ("yearTo", r.YearTo is not null), ("from", r.From is not null), ("to", r.To is not null),
        ("topic", r.Topic is { Length: > 0 }), ("status", r.Status is { Length: > 0 }), ("authority", r.Authority is not null),
        ("inForceOn", r.InForceOn is not null), ("appliesIn", r.AppliesIn is { Length: > 0 }),
        ("level", r.Level is { Length: > 0 }), ("courtLevel", r.CourtLevel is { Length: > 0 }), ("outcome", r.Outcome is { Length: > 0 }),
    ];
}
