using System.Globalization;
using System.Text;

namespace RegulationApi.Search;

/// <summary>One condition of a query: a term the record must hold, or (for one Chinese character) a term prefix.</summary>
public readonly record struct SearchTerm(string Text, bool IsPrefix);

/// <summary>
/// Turns text into index terms, in Chinese and in English, the same way for records and for queries.
/// </summary>
/// <remarks>
/// Chinese has no spaces, so a run of CJK characters is indexed as its overlapping bigrams (挖矿活动 → 挖矿 矿活 活动)
/// plus its last character alone: a two-character word is one term, a longer word the set of its bigrams, and one
/// character a prefix of the terms that start with it. Other words are lower-cased, English plurals reduced to their
/// singular (contracts → contract) and stop words dropped. Punctuation is dropped, so 〔2021〕1283号, [2021]1283号
/// and 1283 all meet on the term 1283.
/// </remarks>
public static class SearchText
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or",
        "that", "the", "this", "to", "was", "were", "with",
    ];

    /// <summary>The terms of the texts, separated by spaces, in order (a term may repeat).</summary>
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
                else if (Normalize(segment.Text) is { } word)
                {
                    builder.Append(word).Append(' ');
                }
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// The conditions a record must meet for <paramref name="query"/>: every one must hold. Empty when the query
    /// holds only stop words; null when it holds no letter or digit at all.
    /// </summary>
    public static List<SearchTerm>? Parse(string query)
    {
        var terms = new List<SearchTerm>();
        var any = false;
        foreach (var segment in Segments(query))
        {
            any = true;
            if (!segment.IsCjk)
            {
                if (Normalize(segment.Text) is { } word)
                {
                    terms.Add(new SearchTerm(word, IsPrefix: false));
                }
            }
            else if (StringInfo.GetNextTextElementLength(segment.Text) == segment.Text.Length)
            {
                // One character: it starts a bigram, or ends a run and is indexed alone.
                terms.Add(new SearchTerm(segment.Text, IsPrefix: true));
            }
            else
            {
                terms.AddRange(Bigrams(segment.Text).Select(b => new SearchTerm(b, IsPrefix: false)));
            }
        }

        return any ? terms.Distinct().ToList() : null;
    }

    /// <summary>Lower-case word without stop words, English plurals reduced: contracts → contract, policies → policy.</summary>
    private static string? Normalize(string word)
    {
        if (StopWords.Contains(word))
        {
            return null;
        }

        if (word.Length <= 3 || !char.IsAsciiLetter(word[^1]))
        {
            return word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') ? word[..^1] : word;
    }

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
