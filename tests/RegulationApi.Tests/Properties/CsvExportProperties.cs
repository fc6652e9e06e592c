using System.Globalization;
using System.Text;
using CsCheck;
using RegulationApi.Model;
using RegulationApi.Records;

namespace RegulationApi.Tests.Properties;

/// <summary>
/// The CSV export's rows (<see cref="RecordExport.WriteCsvRow"/>, encoded as the export encodes them) parsed back by a
/// strict RFC 4180 reader: every record gives one row with the cells the README describes, and no cell starts with
/// what a spreadsheet would run as a formula (=, +, -, @, tab, carriage return).
/// </summary>
public sealed class CsvExportProperties
{
    private static readonly string[] TitleLanguages = ["zh", "en", "ru", "sv"];
    private static readonly string[] Columns = RecordExport.CsvColumns(TitleLanguages);
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Text that CSV and spreadsheets treat specially (quotes, separators, line breaks, formula starts) and any other character.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[Gen.Char["ab,\"\r\n =+-@\t'; 中文é"], 0, 10]),
        (1, Gen.String[Gen.Char['\u0001', '\uD7FF'], 0, 10]),
        (1, Gen.OneOf("=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\t=1", "\r\n=1", "\"", "\"\"", ",", "\r", "\n")));

    private static readonly Gen<string?> MaybeText = Text.Null(0.3);

    private static readonly Gen<Dictionary<string, string>> Texts =
        Gen.Select(Text, Text, Text.Null(0.5), (zh, en, other) => other is null
            ? new Dictionary<string, string> { ["zh"] = zh, ["en"] = en }
            : new Dictionary<string, string> { ["zh"] = zh, ["en"] = en, ["ru"] = other });

    private static readonly Gen<DateOnly?> Day = Gen.Int[0, 20000].Select(d => new DateOnly(1990, 1, 1).AddDays(d)).Nullable(0.4);

    private static readonly Gen<RulingDocument> Ruling =
        from caseNumber in MaybeText
        from court in Texts
        from courtLevel in MaybeText
        from procedure in MaybeText
        from decided in Day
        from outcome in MaybeText
        from legalBasis in Text.List[0, 3]
        from amount in Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Int[0, 4], Gen.OneOf("CNY", "USD"))
            .Select(a => new MoneyDocument(a.Item1 / (decimal)Math.Pow(10, a.Item2), a.Item3)).Null(0.5)
        select new RulingDocument
        {
            CaseNumber = caseNumber, Court = court, CourtLevel = courtLevel, Procedure = procedure, Decided = decided,
            Outcome = outcome, LegalBasis = legalBasis, AmountInDispute = amount,
        };

    private static readonly Gen<RecordDocument> Record =
        from id in Text
        from kind in Text
        from jurisdiction in Text
        from title in Texts
        from summary in Texts.Null(0.3)
        from documentNumber in MaybeText
        from authorities in Texts.List[0, 3]
        from level in MaybeText
        from dates in Gen.Select(Day, Day, Day, Day)
        from year in Gen.Int[-5, 9999].Nullable(0.3)
        from status in Text
        from topics in Text.List[0, 3]
        from ruling in Ruling.Null(0.5)
        from relations in Gen.Select(Text, Text, (type, target) => new RelationDocument(type, target)).List[0, 3]
        from sources in Text.Select(url => new SourceDocument { Url = url, Type = "official" }).List[0, 3]
        from verification in Text
        from notes in MaybeText
        from updatedAt in Gen.Long[0, DateTime.MaxValue.Ticks].Select(t => new DateTime(t, DateTimeKind.Utc)).Nullable(0.2)
        select new RecordDocument
        {
            Id = id, Kind = kind, Jurisdiction = jurisdiction, Title = title, Summary = summary, DocumentNumber = documentNumber,
            Authorities = authorities, Level = level,
            Dates = new RecordDates { Issued = dates.Item1, Published = dates.Item2, Effective = dates.Item3, Repealed = dates.Item4 },
            Year = year, Status = status, Topics = topics, Ruling = ruling, Relations = relations, Sources = sources,
            Verification = verification, Notes = notes, UpdatedAt = updatedAt,
        };

    [Fact]
    public void Rows_ParseBackToTheRecordsCells_AndNoCellStartsAFormula() =>
        Record.Array[1, 4].Sample(records =>
        {
            var rows = ParseCsv(Export(records));

            Assert.Equal(Columns, rows[0]);
            Assert.Equal(records.Length, rows.Count - 1);
            foreach (var (record, row) in records.Zip(rows.Skip(1)))
            {
                Assert.Equal(Columns.Length, row.Count);
                Assert.All(row, cell => Assert.False(cell.Length > 0 && FormulaStarts.Contains(cell[0]), $"cell '{cell}' starts a formula"));
                foreach (var (column, expected) in Cells(record))
                {
                    // A text that would start a formula is kept whole, behind an apostrophe that spreadsheets do not show.
                    var escaped = expected.Length > 0 && FormulaStarts.Contains(expected[0]) ? "'" + expected : expected;
                    Assert.True(escaped == row[Array.IndexOf(Columns, column)], $"{column}: expected '{escaped}', read '{row[Array.IndexOf(Columns, column)]}'");
                }

                var updatedAt = row[Array.IndexOf(Columns, "updated_at")];
                Assert.Equal(record.UpdatedAt, updatedAt == "" ? null : DateTime.Parse(updatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            }
        }, iter: 1000, print: records => string.Join('\n', records.Select(r => System.Text.Json.JsonSerializer.Serialize(r))));

    /// <summary>The header and the rows, as bytes the way the export encodes them, read back as text.</summary>
    private static string Export(RecordDocument[] records)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            writer.Write(string.Join(',', Columns) + "\r\n");
            foreach (var record in records)
            {
                RecordExport.WriteCsvRow(writer, record, TitleLanguages);
            }
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(stream.ToArray());
    }

    /// <summary>Each column's text, read from the README's description of the export (lists joined with "; ").</summary>
    private static IEnumerable<(string Column, string Text)> Cells(RecordDocument r)
    {
        static string Join(IEnumerable<string?> values) => string.Join("; ", values.Where(v => !string.IsNullOrEmpty(v)));
        static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        var ruling = r.Ruling;
        return
        [
            ("id", r.Id), ("kind", r.Kind), ("jurisdiction", r.Jurisdiction),
            .. TitleLanguages.Select(l => ("title_" + l, r.Title.GetValueOrDefault(l) ?? "")),
            ("document_number", r.DocumentNumber ?? ""), ("level", r.Level ?? ""),
            ("authorities_zh", Join(r.Authorities.Select(a => a.GetValueOrDefault("zh")))),
            ("authorities_en", Join(r.Authorities.Select(a => a.GetValueOrDefault("en")))),
            ("issued", Day(r.Dates.Issued)), ("published", Day(r.Dates.Published)), ("effective", Day(r.Dates.Effective)),
            ("repealed", Day(r.Dates.Repealed)), ("year", r.Year?.ToString(CultureInfo.InvariantCulture) ?? ""), ("status", r.Status),
            ("topics", Join(r.Topics)), ("case_number", ruling?.CaseNumber ?? ""), ("court_zh", ruling?.Court.GetValueOrDefault("zh") ?? ""),
            ("court_en", ruling?.Court.GetValueOrDefault("en") ?? ""), ("court_level", ruling?.CourtLevel ?? ""), ("procedure", ruling?.Procedure ?? ""),
            ("decided", Day(ruling?.Decided)), ("outcome", ruling?.Outcome ?? ""), ("legal_basis", Join(ruling?.LegalBasis ?? [])),
            ("amount_in_dispute", ruling?.AmountInDispute?.Amount.ToString(CultureInfo.InvariantCulture) ?? ""),
            ("currency", ruling?.AmountInDispute?.Currency ?? ""), ("summary_en", r.Summary?.GetValueOrDefault("en") ?? ""),
            ("summary_zh", r.Summary?.GetValueOrDefault("zh") ?? ""), ("relations", Join(r.Relations.Select(x => $"{x.Type} {x.Target}"))),
            ("sources", Join(r.Sources.Select(s => s.Url))), ("verification", r.Verification), ("notes", r.Notes ?? ""),
        ];
    }

    /// <summary>
    /// A strict RFC 4180 reader: records end with CRLF, a field is either quoted from its first character to a closing
    /// quote followed by a comma or the end of the record (with "" for a quote inside) or holds no quote, comma, CR or LF.
    /// </summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var field = new StringBuilder();
            if (text[i] == '"')
            {
                for (i++; ; i++)
                {
                    Assert.True(i < text.Length, "a quoted field is not closed");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i]);
                    }
                }
            }
            else
            {
                for (; i < text.Length && text[i] is not (',' or '\r'); i++)
                {
                    Assert.False(text[i] is '"' or '\n', $"an unquoted field holds a {(text[i] == '"' ? "quote" : "line feed")} at {i}");
                    field.Append(text[i]);
                }
            }

            row.Add(field.ToString());
            Assert.True(i < text.Length, "the last record does not end with CRLF");
            if (text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n', $"a field is followed by neither a comma nor CRLF at {i}");
            i += 2;
            rows.Add(row);
            row = [];
        }

        return rows;
    }
}
