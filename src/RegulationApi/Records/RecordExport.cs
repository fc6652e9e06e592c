using System.Text.Json;
using System.Text;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>
/// The whole filtered set as CSV or NDJSON, streamed in the sort's order a batch at a time from one index snapshot:
/// memory stays flat however many records are exported, and nothing is capped.
/// </summary>
public sealed class RecordExport(
    SearchIndex index, Matches matches, Matches? titleMatches, RecordSort sort, string format, RecordSearch search, RankScratch scratch)
    : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    /// <summary>
    /// Marks the endpoint as exporting, for the OpenAPI document to list the export's media types beside the JSON page
    /// (a second 200 response type would replace the page's).
    /// </summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ExportMediaTypes(["text/csv", "application/x-ndjson"]));

    private const int BatchSize = 500;

    /// <summary>The CSV columns after id, kind and jurisdiction and the titles, one row per record; lists are joined with "; ".</summary>
    public static readonly string[] CsvColumnsAfterTitles =
    [
        "document_number", "level", "authorities_zh", "authorities_en",
        "issued", "published", "effective", "repealed", "year", "status", "topics", "case_number", "court_zh", "court_en", "court_level",
        "procedure", "decided", "outcome", "legal_basis", "amount_in_dispute", "currency", "summary_en", "summary_zh", "relations",
        "sources", "verification", "notes", "updated_at",
    ];

    /// <summary>
    /// The CSV columns: id, kind, jurisdiction, a title_xx column for every language a title of the knowledge base is
    /// given in (title_zh, title_en, then title_be, title_fa ... title_ru ...), then <see cref="CsvColumnsAfterTitles"/>.
    /// </summary>
    public static string[] CsvColumns(IReadOnlyList<string> titleLanguages) =>
        ["id", "kind", "jurisdiction", .. titleLanguages.Select(l => "title_" + l), .. CsvColumnsAfterTitles];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var sets = scratch;
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"records.{format}\"";
        response.Headers["X-Total-Count"] = matches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Infrastructure.HeadRequests.IsHead(httpContext))
        {
            // The headers are the GET's; the server would drop the rows, so they are not read.
            return;
        }

        var titleLanguages = index.TitleLanguages;
        var body = response.BodyWriter.AsStream();
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        if (format == "csv")
        {
            // The byte order mark tells spreadsheet programs the file is UTF-8, so Chinese opens intact.
            await writer.WriteAsync('\uFEFF');
            await writer.WriteAsync(string.Join(',', CsvColumns(titleLanguages)) + "\r\n");
        }

        var start = PagePosition.Start;
        while (true)
        {
            var page = index.Page(matches, titleMatches, sort, start, BatchSize);
            if (page.Count == 0)
            {
                break;
            }

            var documents = await search.LoadAsync(index, page.Select(p => p.Seq).ToList(), cancellationToken, useCache: false);
            foreach (var document in documents)
            {
                if (format == "csv")
                {
                    WriteCsvRow(writer, JsonSerializer.Deserialize(document, RecordJsonContext.Default.RecordDocument)!, titleLanguages);
                }
                else
                {
                    await writer.WriteAsync(document);
                    await writer.WriteAsync('\n');
                }
            }

            await writer.FlushAsync(cancellationToken);
            start = index.After(page[^1]);
        }
    }

    internal static void WriteCsvRow(TextWriter writer, RecordDocument record, IReadOnlyList<string> titleLanguages)
    {
        var ruling = record.Ruling;
        string?[] cells =
        [
            record.Id, record.Kind, record.Jurisdiction, .. titleLanguages.Select(l => Text(record.Title, l)),
            record.DocumentNumber, record.Level, Join(record.Authorities.Select(a => Text(a, "zh"))), Join(record.Authorities.Select(a => Text(a, "en"))),
            Date(record.Dates.Issued), Date(record.Dates.Published), Date(record.Dates.Effective), Date(record.Dates.Repealed),
            record.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Status, Join(record.Topics),
            ruling?.CaseNumber, Text(ruling?.Court, "zh"), Text(ruling?.Court, "en"), ruling?.CourtLevel, ruling?.Procedure, Date(ruling?.Decided),
            ruling?.Outcome, Join(ruling?.LegalBasis ?? []), ruling?.AmountInDispute?.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ruling?.AmountInDispute?.Currency, Text(record.Summary, "en"), Text(record.Summary, "zh"),
            Join(record.Relations.Select(r => $"{r.Type} {r.Target}")), Join(record.Sources.Select(s => s.Url)), record.Verification, record.Notes,
            record.UpdatedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ];
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(cells[i]));
        }

        writer.Write("\r\n");
    }

    /// <summary>
    /// RFC 4180 quoting; a cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an
    /// apostrophe, so an exported text can never execute.
    /// </summary>
    internal static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string? Text(Dictionary<string, string>? texts, string language) => texts?.GetValueOrDefault(language);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string?> values) => string.Join("; ", values.Where(v => !string.IsNullOrEmpty(v)));
}
