namespace RegulationApi.Model;

/// <summary>
/// A regulation or court ruling: the record format of the contract, used by responses, seed files and import.
/// Every field is always present; an unknown value is null (or [] for a list).
/// </summary>
public sealed record RecordDocument
{
    /// <summary>Stable slug: lowercase a–z, 0–9 and '-'. Never changes once published.</summary>
    /// <example>cn-ndrc-2021-1283</example>
    public required string Id { get; init; }

    /// <summary>regulation or ruling.</summary>
    /// <example>regulation</example>
    public required string Kind { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code, ISO 3166-2 for a province or state (CN-SC, US-NY, CA-BC, RU-IRK, ...), XK for Kosovo, EU for the European Union.</summary>
    /// <example>CN</example>
    public required string Jurisdiction { get; init; }

    /// <summary>Title by language tag: zh and en always, and the original language (ru, kk, uz, ky, tg, be, fa, es, sv, no, fr ...).</summary>
    public required Dictionary<string, string> Title { get; init; }

    /// <summary>Summary by language code (en, zh), written for this knowledge base.</summary>
    public Dictionary<string, string>? Summary { get; init; }

    /// <summary>Key points, each by language code.</summary>
    public List<Dictionary<string, string>> KeyPoints { get; init; } = [];

    /// <summary>发文字号 or law number; null when there is none or it is not confirmed.</summary>
    /// <example>发改运行〔2021〕1283号</example>
    public string? DocumentNumber { get; init; }

    /// <summary>Issuing authorities, each by language code.</summary>
    public List<Dictionary<string, string>> Authorities { get; init; } = [];

    /// <summary>
    /// Level in the legal hierarchy: law, administrative-regulation, departmental-rule, departmental-normative-document,
    /// local-normative-document, judicial-interpretation, party-or-state-council-statement, industry-self-regulation,
    /// foreign-law, foreign-regulation, administrative-decision (a regulator's decision in one matter), court-judgment, court-ruling.
    /// </summary>
    /// <example>departmental-normative-document</example>
    public string? Level { get; init; }

    /// <summary>Issued, published, effective and repealed dates; a date known only to the month or year is null.</summary>
    public RecordDates Dates { get; init; } = new();

    /// <summary>Year of the primary date (ruling.decided, else dates.issued, else dates.published), or the year that is known.</summary>
    /// <example>2021</example>
    public int? Year { get; init; }

    /// <summary>in-force, amended, repealed, expired, historical or unknown.</summary>
    /// <example>in-force</example>
    public required string Status { get; init; }

    /// <summary>
    /// Topics from the controlled vocabulary: mining, trading, electricity, contract-validity, mining-equipment, hosting,
    /// energy-consumption, taxation, licensing, financial-risk, stablecoins, enforcement, environment.
    /// </summary>
    public List<string> Topics { get; init; } = [];

    /// <summary>The court-specific part, for kind=ruling; null for a regulation.</summary>
    public RulingDocument? Ruling { get; init; }

    /// <summary>Links this record holds to other records.</summary>
    public List<RelationDocument> Relations { get; init; } = [];

    /// <summary>Where the content comes from; at least one.</summary>
    public List<SourceDocument> Sources { get; init; } = [];

    /// <summary>confirmed, partial or article-only.</summary>
    /// <example>confirmed</example>
    public required string Verification { get; init; }

    /// <summary>What is known to be uncertain, in plain words.</summary>
    public string? Notes { get; init; }

    /// <summary>When the record last changed (UTC); may be omitted in seed files.</summary>
    public DateTime? UpdatedAt { get; init; }
}

/// <summary>The dates of a record; each is a full ISO 8601 date or null.</summary>
public sealed record RecordDates
{
    /// <example>2021-09-03</example>
    public DateOnly? Issued { get; init; }

    /// <example>2021-09-24</example>
    public DateOnly? Published { get; init; }

    public DateOnly? Effective { get; init; }

    public DateOnly? Repealed { get; init; }
}

/// <summary>The court-specific part of a ruling.</summary>
public sealed record RulingDocument
{
    /// <summary>案号; null when not confirmed (never invented).</summary>
    /// <example>(2021)京0101民初6309号</example>
    public string? CaseNumber { get; init; }

    /// <summary>The court, by language code.</summary>
    public required Dictionary<string, string> Court { get; init; }

    /// <summary>In China basic, intermediate, high or supreme; elsewhere trial, appellate or supreme.</summary>
    /// <example>basic</example>
    public string? CourtLevel { get; init; }

    /// <summary>first-instance, second-instance, retrial-review or retrial; null when not known.</summary>
    /// <example>first-instance</example>
    public string? Procedure { get; init; }

    /// <summary>案由, by language code.</summary>
    public Dictionary<string, string>? CauseOfAction { get; init; }

    /// <summary>Date of the decision; null unless a source gives the full date.</summary>
    public DateOnly? Decided { get; init; }

    /// <summary>
    /// contract-void, claim-dismissed, petition-rejected, contract-valid, measure-upheld, measure-set-aside,
    /// injunction-granted or other.
    /// </summary>
    /// <example>contract-void</example>
    public string? Outcome { get; init; }

    /// <summary>What the court relied on, for example "Civil Code art. 153(2)".</summary>
    public List<string> LegalBasis { get; init; } = [];

    /// <summary>The amount claimed or disputed, when known.</summary>
    public MoneyDocument? AmountInDispute { get; init; }
}

/// <summary>An amount of money.</summary>
/// <param name="Amount">The amount in the currency's main unit.</param>
/// <param name="Currency">ISO 4217 code.</param>
public sealed record MoneyDocument(decimal Amount, string Currency);

/// <summary>A typed link to another record, stored on the record that holds it.</summary>
/// <param name="Type">implements, cites, amends, repeals, supersedes, applies or appeal-of.</param>
/// <param name="Target">The id of the other record.</param>
public sealed record RelationDocument(string Type, string Target);

/// <summary>A source of the record's content.</summary>
public sealed record SourceDocument
{
    /// <summary>Absolute URL.</summary>
    public required string Url { get; init; }

    /// <summary>What the source is; may be omitted.</summary>
    public string? Title { get; init; }

    /// <summary>official, secondary or article.</summary>
    public required string Type { get; init; }
}
