namespace RegulationApi.Model;

public static class RecordMapping
{
    /// <summary>ruling.decided for a ruling, dates.issued for a regulation, else dates.published.</summary>
    public static DateOnly? PrimaryDate(this RecordDocument document) =>
        (document.Kind == "ruling" ? document.Ruling?.Decided : document.Dates.Issued) ?? document.Dates.Published;
}
