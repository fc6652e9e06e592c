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
/// character a prefix of the terms that start with it. Other words (Latin, Cyrillic, Persian ...) are lower-cased and
/// folded so that a query typed without accents finds them (minería → mineria, energiskatt, ø → o, ё → е, Arabic
/// yeh and kaf → Persian, Persian digits → 0-9), English plurals are reduced to their singular (contracts → contract)
/// and stop words dropped. Punctuation is dropped, so 〔2021〕1283号, [2021]1283号 and 1283 all meet on the term 1283,
/// and digits next to non-Latin letters stand alone (ت۵۵۶۳۷هـ holds 55637).
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

            var normalized = Prepare(text, out var folded);
            foreach (var segment in Segments(normalized))
            {
                var run = normalized.AsSpan(segment.Start, segment.Length);
                if (segment.IsCjk)
                {
                    // Overlapping pairs of characters, then the last character alone.
                    var previous = 0;
                    for (var i = CharLength(run, 0); i < run.Length; i += CharLength(run, i))
                    {
                        builder.Append(run[previous..(i + CharLength(run, i))]).Append(' ');
                        previous = i;
                    }

                    builder.Append(run[previous..]).Append(' ');
                }
                else if (Normalize(run.ToString(), AnyFolded(folded, segment)) is { } word)
                {
                    builder.Append(word).Append(' ');
                }
            }
        }

        if (builder.Length > 0)
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The conditions a record must meet for <paramref name="query"/>: every one must hold. Empty when the query
    /// holds only stop words; null when it holds no letter or digit at all.
    /// </summary>
    public static List<SearchTerm>? Parse(string query)
    {
        var terms = new List<SearchTerm>();
        var any = false;
        var normalized = Prepare(query, out var folded);
        foreach (var segment in Segments(normalized))
        {
            any = true;
            var run = normalized.Substring(segment.Start, segment.Length);
            if (!segment.IsCjk)
            {
                if (Normalize(run, AnyFolded(folded, segment)) is { } word)
                {
                    terms.Add(new SearchTerm(word, IsPrefix: false));
                }
            }
            else if (CharLength(run, 0) == run.Length)
            {
                // One character: it starts a bigram, or ends a run and is indexed alone.
                terms.Add(new SearchTerm(run, IsPrefix: true));
            }
            else
            {
                for (int previous = 0, i = CharLength(run, 0); i < run.Length; previous = i, i += CharLength(run, i))
                {
                    terms.Add(new SearchTerm(run[previous..(i + CharLength(run, i))], IsPrefix: false));
                }
            }
        }

        return any ? terms.Distinct().ToList() : null;
    }

    /// <summary>
    /// Lower-case word without stop words, English plurals reduced: contracts → contract, policies → policy. A word
    /// that folding changed is never a stop word.
    /// </summary>
    private static string? Normalize(string word, bool wasFolded)
    {
        if (!wasFolded && StopWords.Contains(word))
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

    private readonly record struct Segment(int Start, int Length, bool IsCjk);

    /// <summary>
    /// NFKC (full-width digits and letters become ASCII), lower case, and folded (<see cref="Fold"/>).
    /// <paramref name="folded"/> marks the characters that folding wrote or changed (null when none): a word holding one
    /// was not typed as an English stop word (å, ón), so it is kept.
    /// </summary>
    private static string Prepare(string text, out bool[]? folded)
    {
        folded = null;
        var lower = (text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC)).ToLowerInvariant();
        var first = lower.AsSpan().IndexOfAnyExceptInRange('\0', '\u00BF');
        if (first < 0)
        {
            return lower;
        }

        StringBuilder? builder = null;
        List<int>? changed = null;
        for (var i = first; i < lower.Length; i++)
        {
            if (Fold(lower[i]) is { } replacement)
            {
                builder ??= new StringBuilder(lower.Length).Append(lower, 0, i);
                changed ??= [];
                // A dropped mark changes the character before it.
                changed.AddRange(replacement.Length == 0
                    ? builder.Length > 0 ? [builder.Length - 1] : []
                    : Enumerable.Range(builder.Length, replacement.Length));
                builder.Append(replacement);
            }
            else
            {
                builder?.Append(lower[i]);
            }
        }

        if (builder is null)
        {
            return lower;
        }

        folded = new bool[builder.Length];
        foreach (var position in changed!)
        {
            folded[position] = true;
        }

        return builder.ToString();
    }

    private static bool AnyFolded(bool[]? folded, Segment segment) =>
        folded is not null && folded.AsSpan(segment.Start, segment.Length).Contains(true);

    /// <summary>What a lower-case character folds to ("" to drop it), or null when it stays as it is.</summary>
    private static string? Fold(char c) => c switch
    {
        < '\u00C0' => null,
        <= '\u024F' or (>= '\u1E00' and <= '\u1EFF') => LatinFolds[c < '\u1E00' ? c - '\u00C0' : c - '\u1E00' + 0x190],
        >= '\u0300' and <= '\u036F' => "", // combining accents
        '\u0451' => "е",                     // ё
        '\u064A' or '\u0649' => "ی",        // Arabic yeh and alef maksura: Persian yeh
        '\u0643' => "ک",                     // Arabic kaf: Persian keheh
        '\u0640' => "",                      // tatweel, a stretch of the line
        >= '\u064B' and <= '\u065F' or '\u0670' => "", // Arabic vowel marks
        >= '\u0660' and <= '\u0669' => ((char)('0' + c - '\u0660')).ToString(), // Arabic-Indic digits
        >= '\u06F0' and <= '\u06F9' => ((char)('0' + c - '\u06F0')).ToString(), // Persian digits
        _ => null,
    };

    /// <summary>Latin letters with accents (U+00C0–U+024F, then U+1E00–U+1EFF) folded to their base letters.</summary>
    private static readonly string?[] LatinFolds = BuildLatinFolds();

    private static string?[] BuildLatinFolds()
    {
        var special = new Dictionary<char, string>
        {
            ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['đ'] = "d", ['ð'] = "d", ['ł'] = "l", ['ı'] = "i", ['þ'] = "th",
            ['ħ'] = "h", ['ŧ'] = "t", ['ŀ'] = "l",
        };
        var folds = new string?[0x190 + 0x100];
        for (var i = 0; i < folds.Length; i++)
        {
            var c = (char)(i < 0x190 ? 0xC0 + i : 0x1E00 + i - 0x190);
            if (special.TryGetValue(c, out var replacement))
            {
                folds[i] = replacement;
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var letters = new string(decomposed.Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark).ToArray());
            folds[i] = letters != c.ToString() && letters.Length > 0 && letters.All(char.IsAscii) ? letters : null;
        }

        return folds;
    }

    private static int CharLength(ReadOnlySpan<char> text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;

    /// <summary>Splits prepared text into runs of CJK characters and runs of other letters or digits.</summary>
    private static List<Segment> Segments(string text)
    {
        var segments = new List<Segment>();
        var start = -1;
        var startIsCjk = false;
        for (var i = 0; i < text.Length;)
        {
            var length = CharLength(text, i);
            var codePoint = length == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            var isWordChar = CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.UppercaseLetter
                or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark;
            var isCjk = isWordChar && IsCjk(codePoint);
            if (start >= 0 && (!isWordChar || isCjk != startIsCjk || DigitsMeetNonLatin(text[i - 1], text[i])))
            {
                segments.Add(new Segment(start, i - start, startIsCjk));
                start = -1;
            }

            if (isWordChar && start < 0)
            {
                start = i;
                startIsCjk = isCjk;
            }

            i += length;
        }

        if (start >= 0)
        {
            segments.Add(new Segment(start, text.Length - start, startIsCjk));
        }

        return segments;
    }

    /// <summary>A number written against a non-Latin word (ت55637, 384нқ) is a term of its own; 2nd or x86 stay whole.</summary>
    private static bool DigitsMeetNonLatin(char previous, char current) =>
        char.IsAsciiDigit(previous) != char.IsAsciiDigit(current) && (previous > '\u024F' || current > '\u024F');

    private static bool IsCjk(int codePoint) =>
        codePoint is >= 0x3040 and <= 0x30FF   // Hiragana, Katakana
            or >= 0x3400 and <= 0x4DBF         // CJK Extension A
            or >= 0x4E00 and <= 0x9FFF         // CJK Unified Ideographs
            or >= 0xAC00 and <= 0xD7AF         // Hangul syllables
            or >= 0xF900 and <= 0xFAFF         // CJK Compatibility Ideographs
            or >= 0x20000 and <= 0x3FFFF;      // CJK Extensions B and later
}
