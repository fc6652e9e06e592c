using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RegulationApi.Search;

namespace RegulationApi.Records;

public static class RecordMapping
{
    /// <summary>Bumped whenever <see cref="SearchText"/> changes, so the next import re-indexes every record.</summary>
    private const int SearchTextVersion = 1;

    public static RecordDocument ToDocument(this Record record) => new()
    {
        Id = record.Id,
        Kind = record.Kind,
        Jurisdiction = record.Jurisdiction,
        Title = record.Title,
        Summary = record.Summary,
        KeyPoints = record.KeyPoints,
        DocumentNumber = record.DocumentNumber,
        Authorities = record.Authorities,
        Level = record.Level,
        Dates = new RecordDates
        {
            Issued = record.Issued,
            Published = record.Published,
            Effective = record.Effective,
            Repealed = record.Repealed,
        },
        Year = record.Year,
        Status = record.Status,
        Topics = record.Topics,
        Ruling = record.Ruling is { } ruling
            ? new RulingDocument
            {
                CaseNumber = ruling.CaseNumber,
                Court = ruling.Court,
                CourtLevel = ruling.CourtLevel,
                Procedure = ruling.Procedure,
                CauseOfAction = ruling.CauseOfAction,
                Decided = ruling.Decided,
                Outcome = ruling.Outcome,
                LegalBasis = ruling.LegalBasis,
                AmountInDispute = ruling.Amount is { } amount && ruling.Currency is { } currency
                    ? new MoneyDocument(amount, currency)
                    : null,
            }
            : null,
        Relations = record.Relations
            .OrderBy(r => r.Type, StringComparer.Ordinal)
            .ThenBy(r => r.TargetId, StringComparer.Ordinal)
            .Select(r => new RelationDocument(r.Type, r.TargetId))
            .ToList(),
        Sources = record.Sources.Select(s => new SourceDocument { Url = s.Url, Title = s.Title, Type = s.Type }).ToList(),
        Verification = record.Verification,
        Notes = record.Notes,
        UpdatedAt = DateTime.SpecifyKind(record.UpdatedAt, DateTimeKind.Utc),
    };

    /// <summary>ruling.decided for a ruling, dates.issued for a regulation, else dates.published.</summary>
    public static DateOnly? PrimaryDate(this RecordDocument document) =>
        (document.Kind == "ruling" ? document.Ruling?.Decided : document.Dates.Issued) ?? document.Dates.Published;

    /// <summary>Builds the stored record, with everything derived from the document (dates, search text, hash).</summary>
    public static Record ToEntity(this RecordDocument document, DateTime updatedAt)
    {
        var primaryDate = document.PrimaryDate();
        var courtNames = document.Ruling?.Court.Values ?? Enumerable.Empty<string>();
        var authorityNames = document.Authorities.SelectMany(a => a.Values).Concat(courtNames).ToList();

        return new Record
        {
            Id = document.Id,
            Kind = document.Kind,
            Jurisdiction = document.Jurisdiction,
            Title = document.Title,
            Summary = document.Summary,
            KeyPoints = document.KeyPoints,
            DocumentNumber = document.DocumentNumber,
            Authorities = document.Authorities,
            Level = document.Level,
            Issued = document.Dates.Issued,
            Published = document.Dates.Published,
            Effective = document.Dates.Effective,
            Repealed = document.Dates.Repealed,
            PrimaryDate = primaryDate,
            Year = primaryDate?.Year ?? document.Year,
            Status = document.Status,
            Topics = document.Topics,
            Sources = document.Sources.Select(s => new RecordSource(s.Url, s.Title, s.Type)).ToList(),
            Verification = document.Verification,
            Notes = document.Notes,
            UpdatedAt = updatedAt,
            ContentHash = document.ContentHash(),
            AuthorityText = string.Join('\n', authorityNames).ToLowerInvariant(),
            SearchA = SearchText.ForIndex(document.Title.Values
                .Append(document.DocumentNumber)
                .Append(document.Ruling?.CaseNumber)),
            SearchB = SearchText.ForIndex(authorityNames
                .Concat(document.Ruling?.CauseOfAction?.Values ?? Enumerable.Empty<string>())),
            SearchC = SearchText.ForIndex((document.Summary?.Values ?? Enumerable.Empty<string>())
                .Concat(document.KeyPoints.SelectMany(k => k.Values))),
            Ruling = document.Ruling is { } ruling
                ? new RulingDetails
                {
                    RecordId = document.Id,
                    CaseNumber = ruling.CaseNumber,
                    Court = ruling.Court,
                    CourtLevel = ruling.CourtLevel,
                    Procedure = ruling.Procedure,
                    CauseOfAction = ruling.CauseOfAction,
                    Decided = ruling.Decided,
                    Outcome = ruling.Outcome,
                    LegalBasis = ruling.LegalBasis,
                    Amount = ruling.AmountInDispute?.Amount,
                    Currency = ruling.AmountInDispute?.Currency,
                }
                : null,
            Relations = document.Relations
                .Select(r => new RecordRelation { SourceId = document.Id, Type = r.Type, TargetId = r.Target })
                .ToList(),
        };
    }

    /// <summary>The same JSON with object keys in ordinal order, so key order alone is not a change.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>A fingerprint of everything imported, so an unchanged record is recognised and left alone.</summary>
    private static string ContentHash(this RecordDocument document)
    {
        var node = JsonSerializer.SerializeToNode(document with { UpdatedAt = null, Year = document.PrimaryDate()?.Year ?? document.Year });
        var canonical = Encoding.UTF8.GetBytes(Canonical(node)?.ToJsonString() ?? "null");
        var versioned = Encoding.UTF8.GetBytes($"v{SearchTextVersion}:").Concat(canonical).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(versioned));
    }
}
