using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RegulationApi.Records;

namespace RegulationApi.Import;

/// <summary>
/// A record as the COPY writes it: every column's value, the JSON ones serialized once, with texts by language in
/// key order so that key order alone is not a change; the content hash is taken over exactly these values.
/// </summary>
internal sealed class ImportRow
{
    // EF Core's dynamic JSON mapping stores these with default names (RecordSource as Url, Title, Type).
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Jurisdiction { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public required string KeyPoints { get; init; }
    public string? DocumentNumber { get; init; }
    public required string Authorities { get; init; }
    public string? Level { get; init; }
    public required RecordDates Dates { get; init; }
    public DateOnly? PrimaryDate { get; init; }
    public int? Year { get; init; }
    public required string Status { get; init; }
    public required string[] Topics { get; init; }
    public required string Sources { get; init; }
    public required string Verification { get; init; }
    public string? Notes { get; init; }
    public required string AuthorityText { get; init; }
    public RulingDetails? Ruling { get; init; }
    public string? Court { get; init; }
    public string? CauseOfAction { get; init; }
    public required List<RecordRelation> Relations { get; init; }
    public string ContentHash { get; private set; } = "";

    public static ImportRow From(RecordDocument document)
    {
        var primaryDate = document.PrimaryDate();
        var ruling = document.Ruling;
        var row = new ImportRow
        {
            Id = document.Id,
            Kind = document.Kind,
            Jurisdiction = document.Jurisdiction,
            Title = Serialize(Sorted(document.Title)),
            Summary = document.Summary is null ? null : Serialize(Sorted(document.Summary)),
            KeyPoints = Serialize(document.KeyPoints.Select(Sorted)),
            DocumentNumber = document.DocumentNumber,
            Authorities = Serialize(document.Authorities.Select(Sorted)),
            Level = document.Level,
            Dates = document.Dates,
            PrimaryDate = primaryDate,
            Year = primaryDate?.Year ?? document.Year,
            Status = document.Status,
            Topics = document.Topics.ToArray(),
            Sources = Serialize(document.Sources.Select(s => new RecordSource(s.Url, s.Title, s.Type))),
            Verification = document.Verification,
            Notes = document.Notes,
            AuthorityText = string.Join('\n', document.Authorities.SelectMany(a => a.Values)
                .Concat(ruling?.Court.Values ?? Enumerable.Empty<string>())).ToLowerInvariant(),
            Ruling = ruling is null
                ? null
                : new RulingDetails
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
                },
            Court = ruling is null ? null : Serialize(Sorted(ruling.Court)),
            CauseOfAction = ruling?.CauseOfAction is null ? null : Serialize(Sorted(ruling.CauseOfAction)),
            Relations = document.Relations.Distinct()
                .Select(r => new RecordRelation { SourceId = document.Id, Type = r.Type, TargetId = r.Target }).ToList(),
        };
        row.ContentHash = row.Hash(ruling);
        return row;
    }

    private string Hash(RulingDocument? ruling)
    {
        var text = new StringBuilder()
            .AppendJoin('\u001f', Id, Kind, Jurisdiction, Title, Summary, KeyPoints, DocumentNumber, Authorities, Level,
                Dates.Issued, Dates.Published, Dates.Effective, Dates.Repealed, Year, Status, string.Join(',', Topics), Sources,
                Verification, Notes, Court, CauseOfAction, ruling?.CaseNumber, ruling?.CourtLevel, ruling?.Procedure,
                ruling?.Decided, ruling?.Outcome, string.Join('\u001e', ruling?.LegalBasis ?? []),
                ruling?.AmountInDispute?.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), ruling?.AmountInDispute?.Currency,
                string.Join('\u001e', Relations.Select(r => r.Type + ":" + r.TargetId)))
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static SortedDictionary<string, string> Sorted(Dictionary<string, string> texts) => new(texts, StringComparer.Ordinal);
}
