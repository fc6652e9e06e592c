using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
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
        Kinds: QueryValue.Split(Kind),
        Jurisdictions: QueryValue.Split(Jurisdiction).Select(j => j.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray(),
        Year: QueryValue.ParseInt(Year),
        YearFrom: QueryValue.ParseInt(YearFrom),
        YearTo: QueryValue.ParseInt(YearTo),
        From: QueryValue.ParseDate(From),
        To: QueryValue.ParseDate(To),
        Topics: QueryValue.Split(Topic),
        Statuses: QueryValue.Split(Status),
        Authority: string.IsNullOrWhiteSpace(Authority) ? null : Authority.Trim(),
        InForceOn: QueryValue.ParseDate(InForceOn),
        AppliesIn: QueryValue.Split(AppliesIn).Select(j => j.ToUpperInvariant()).SelectMany(j => Jurisdictions.WhoseLawApplies(j, QueryValue.ParseDate(InForceOn)))
            .Distinct().Order(StringComparer.Ordinal).ToArray())
    {
        Levels = QueryValue.Split(Level),
        CourtLevels = QueryValue.Split(CourtLevel),
        Outcomes = QueryValue.Split(Outcome),
    };
}
