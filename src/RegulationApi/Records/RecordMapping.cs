
namespace RegulationApi.Records;

public static class RecordMapping
{
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
}
