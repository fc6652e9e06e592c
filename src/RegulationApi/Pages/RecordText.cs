using RegulationApi.Model;

namespace RegulationApi.Pages;

/// <summary>How a record is named on the pages: its title in the page's language, its original, its number.</summary>
public static class RecordText
{
    /// <summary>The text of a bilingual field in the page's language, else the other of zh/en, else any.</summary>
    public static LangText? In(Dictionary<string, string>? texts, string language)
    {
        if (texts is null || texts.Count == 0)
        {
            return null;
        }

        foreach (var candidate in new[] { language, language == "zh" ? "en" : "zh" })
        {
            if (texts.TryGetValue(candidate, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                return new LangText(text, candidate);
            }
        }

        var first = texts.First();
        return new LangText(first.Value, first.Key);
    }

    public static LangText Title(RecordDocument record, string language) => In(record.Title, language) ?? new LangText(record.Id, "en");

    /// <summary>The original-language title (ru, kk, fa …; zh for a Chinese record), or the other of zh/en when that is the page's.</summary>
    public static LangText? Original(RecordDocument record, string language)
    {
        var original = record.Title.Keys.FirstOrDefault(k => k is not ("zh" or "en"))
                       ?? (record.Jurisdiction.StartsWith("CN", StringComparison.Ordinal) ? "zh" : "en");
        if (original == language)
        {
            original = language == "zh" ? "en" : "zh";
        }

        return record.Title.TryGetValue(original, out var text) && !string.IsNullOrWhiteSpace(text) ? new LangText(text, original) : null;
    }

    /// <summary>The document or case number, else the title: how a relation names the other record.</summary>
    public static LangText Name(RecordDocument record, string language) =>
        record.DocumentNumber is { } number ? new LangText(number, NumberLang(number))
        : record.Ruling?.CaseNumber is { } caseNumber ? new LangText(caseNumber, NumberLang(caseNumber))
        : Title(record, language);

    public static string? Number(RecordDocument record) => record.DocumentNumber ?? record.Ruling?.CaseNumber;

    /// <summary>银发〔2021〕237号 is Chinese; No. 193-VII is not.</summary>
    public static string NumberLang(string number) => number.Any(c => c >= '\u3000' && c <= '\u9fff') ? "zh" : "en";

    /// <summary>The primary date: ruling.decided for a ruling, else issued, else published.</summary>
    public static DateOnly? PrimaryDate(RecordDocument record) =>
        record.Kind == "ruling" ? record.Ruling?.Decided : record.Dates.Issued ?? record.Dates.Published;

    public static string? DateText(RecordDocument record, Texts l) =>
        PrimaryDate(record) is { } date ? l.Date(date) : record.Year is { } year ? (l.IsChinese ? $"{year}年" : year.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;

    /// <summary>The verification mark beside its name: ✔ confirmed, ◐ partly, △ reported in articles only.</summary>
    public static string Mark(string verification) => verification switch
    {
        "confirmed" => "✔",
        "partial" => "◐",
        _ => "△",
    };
}
