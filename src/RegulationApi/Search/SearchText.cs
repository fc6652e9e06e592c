using System.Globalization;
using System.Text;

namespace RegulationApi.Search;

/// <summary>
/// Turns text into what PostgreSQL's full-text search can index, in Chinese and in English.
/// </summary>
/// <remarks>
/// Chinese has no spaces, so a run of CJK characters is indexed as its overlapping bigrams (挖矿活动 → 挖矿 矿活 活动)
/// plus its last character alone; a two-character word then is one lexeme in the GIN index, and a longer word
/// a phrase of bigrams. Everything else goes through the 'english' configuration (stemming, stop words).
/// Punctuation such as 〔〕 or [] is dropped, so 〔2021〕1283号, [2021]1283号 and 1283 all meet on the lexeme 1283.
/// </remarks>
public static class SearchText
{
    /// <summary>Text for the index: words, numbers and CJK bigrams separated by spaces.</summary>
    public static string ForIndex(IEnumerable<string?> texts)
    {
        var builder = new StringBuilder();
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var segment in Segments(text))
            {
                if (segment.IsCjk)
                {
                    foreach (var bigram in Bigrams(segment.Text))
                    {
                        builder.Append(bigram).Append(' ');
                    }

                    builder.Append(LastChar(segment.Text)).Append(' ');
                }
                else
                {
                    builder.Append(segment.Text).Append(' ');
                }
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// A to_tsquery expression for the 'english' configuration in which every term must match,
    /// or null when <paramref name="query"/> has no searchable term.
    /// With <paramref name="weight"/>, every lexeme is restricted to that weight (A: titles and numbers).
    /// </summary>
    public static string? ToTsQuery(string query, char? weight = null)
    {
        var suffix = weight is { } w ? ":" + w : "";
        var prefixSuffix = weight is { } pw ? ":*" + pw : ":*";
        var terms = new List<string>();
        foreach (var segment in Segments(query))
        {
            if (!segment.IsCjk)
            {
                terms.Add(Quote(segment.Text) + suffix);
            }
            else if (StringInfo.GetNextTextElementLength(segment.Text) == segment.Text.Length)
            {
                // One character: it starts a bigram, or ends a run and is indexed alone.
                terms.Add(Quote(segment.Text) + prefixSuffix);
            }
            else
            {
                var phrase = string.Join(" <-> ", Bigrams(segment.Text).Select(b => Quote(b) + suffix));
                terms.Add("(" + phrase + ")");
            }
        }

        return terms.Count == 0 ? null : string.Join(" & ", terms);
    }

    private static string Quote(string lexeme) => "'" + lexeme.Replace("'", "''") + "'";

    private readonly record struct Segment(string Text, bool IsCjk);

    /// <summary>Splits text into runs of CJK characters and runs of other letters or digits.</summary>
    private static IEnumerable<Segment> Segments(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var current = new StringBuilder();
        bool? currentIsCjk = null;
        for (var i = 0; i < normalized.Length; i += char.IsSurrogatePair(normalized, i) ? 2 : 1)
        {
            var codePoint = char.ConvertToUtf32(normalized, i);
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            var isWordChar = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark;
            if (!isWordChar)
            {
                if (current.Length > 0)
                {
                    yield return new Segment(current.ToString(), currentIsCjk == true);
                    current.Clear();
                }

                currentIsCjk = null;
                continue;
            }

            var isCjk = IsCjk(codePoint);
            if (current.Length > 0 && currentIsCjk != isCjk)
            {
                yield return new Segment(current.ToString(), currentIsCjk == true);
                current.Clear();
            }

            current.Append(char.ConvertFromUtf32(codePoint));
            currentIsCjk = isCjk;
        }

        if (current.Length > 0)
        {
            yield return new Segment(current.ToString(), currentIsCjk == true);
        }
    }

    private static bool IsCjk(int codePoint) =>
        codePoint is >= 0x3040 and <= 0x30FF   // Hiragana, Katakana
            or >= 0x3400 and <= 0x4DBF         // CJK Extension A
            or >= 0x4E00 and <= 0x9FFF         // CJK Unified Ideographs
            or >= 0xAC00 and <= 0xD7AF         // Hangul syllables
            or >= 0xF900 and <= 0xFAFF         // CJK Compatibility Ideographs
            or >= 0x20000 and <= 0x3FFFF;      // CJK Extensions B and later

    private static IEnumerable<string> Bigrams(string run)
    {
        var chars = TextElements(run);
        for (var i = 0; i + 1 < chars.Count; i++)
        {
            yield return chars[i] + chars[i + 1];
        }
    }

    private static string LastChar(string run) => TextElements(run)[^1];

    private static List<string> TextElements(string run)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(run);
        while (enumerator.MoveNext())
        {
            elements.Add((string)enumerator.Current);
        }

        return elements;
    }
}
