using System.Globalization;
using System.Text;
using CsCheck;
using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Tests.Search;

namespace RegulationApi.Tests.Properties;

/// <summary>
/// The tokeniser round-trips through the real query path (request, filter, index): any text indexed in a record's
/// title, authority or body is found by each of its words, typed as written, in capitals or without accents, and for
/// Chinese, Japanese or Korean by each of its bigrams and each of its characters.
/// </summary>
public sealed class SearchTextProperties
{
    private static readonly RecordSearchRequestValidator Validator = new();

    /// <summary>The English stop words the contract drops: the only words that may find nothing.</summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or",
        "that", "the", "this", "to", "was", "were", "with",
    ];

    private static Gen<string> Letters(string alphabet, int min, int max) => Gen.String[Gen.Char[alphabet], min, max];

    /// <summary>A word of one script, or letters with digits (x86, 2nd), as a record would hold it.</summary>
    private static readonly Gen<string> Word = Gen.Frequency(
        (4, Letters("abcdefghijklmnopqrstuvwxyzABCXYZáéíóúñçåäöüøßłđæœ", 1, 9)),
        (2, Letters("абвгдеёжзийклмнопрстуфхцчшщыэюяАБВЁ", 2, 9)),
        (1, Letters("ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهیيك", 2, 7)),
        (1, Letters("0123456789", 1, 6)),
        (1, Letters("۰۱۲۳۴۵۶۷۸۹", 1, 4)),
        (1, Gen.Select(Letters("abcx", 1, 3), Letters("0123456789", 1, 3), (a, b) => a + b)),
        (1, Letters("ＡＢＣａｂｃ１２３", 1, 5)));

    /// <summary>A run of Chinese (with a supplementary-plane character now and then), Japanese kana or Hangul.</summary>
    private static readonly Gen<string> CjkRun = Gen.Frequency(
            (6, Gen.Char['\u4E00', '\u9FFF'].Select(c => c.ToString())),
            (1, Gen.Int[0x20000, 0x2A6DF].Select(char.ConvertFromUtf32)),
            (1, Gen.Char['\u30A1', '\u30FA'].Select(c => c.ToString())),
            (1, Gen.Char['\uAC00', '\uD7A3'].Select(c => c.ToString())))
        .Array[1, 6].Select(characters => string.Concat(characters));

    private static readonly Gen<string> Separator = Gen.OneOf(" ", "  ", ", ", "，", "。", "、", "〔", "〕", "(", ")", "-", "/", "·", "\n", "\t", "：", "《", "》", "; ");

    /// <summary>Words and Chinese runs, each kept apart by a separator.</summary>
    private static readonly Gen<(string Text, string[] Words, string[] Runs)> Text =
        from parts in Gen.Select(Gen.Bool, Word, CjkRun).Array[1, 8]
        from separators in Separator.Array[parts.Length]
        let pieces = parts.Select(p => p.Item1 ? p.Item2 : p.Item3).ToArray()
        select (string.Concat(pieces.Select((piece, i) => piece + separators[i])), parts.Where(p => p.Item1).Select(p => p.Item2).ToArray(),
            parts.Where(p => !p.Item1).Select(p => p.Item3).ToArray());

    [Fact]
    public void IndexedText_IsFoundByEachWord_BigramAndCharacter() =>
        Gen.Select(Text, Gen.Int[0, 2], IndexModel.Records(0, 6)).Sample((text, field, others) =>
        {
            var target = new ModelRecord(
                others.Length + 1, "target", new DateOnly(2021, 9, 3), 2021, "regulation", "CN", "in-force", [], null, null,
                field == 0 ? text.Text : "x", field == 1 ? text.Text : "", field == 2 ? text.Text : "");
            var index = IndexModel.Build([.. others, target]);

            var queries = new List<string>();
            foreach (var word in text.Words)
            {
                // Full-width letters are the same letters (ａ is the stop word a). A word with an accent is never a
                // stop word (the Swedish å, a river; ør), but typed without it, it is one (a, or).
                if (StopWords.Contains(word.Normalize(NormalizationForm.FormKC).ToLowerInvariant()))
                {
                    continue;
                }

                queries.AddRange([word, word.ToUpperInvariant()]);
                if (!StopWords.Contains(WithoutAccents(word.Normalize(NormalizationForm.FormKC)).ToLowerInvariant()))
                {
                    queries.Add(WithoutAccents(word));
                }
            }

            foreach (var run in text.Runs)
            {
                var characters = Characters(run);
                queries.AddRange(characters);
                queries.AddRange(characters.Zip(characters.Skip(1), (a, b) => a + b));
            }

            if (queries.Count > 0)
            {
                queries.Add(string.Join(' ', queries.Take(6)));
            }

            foreach (var query in queries)
            {
                Assert.True(Finds(index, query, target.Seq), $"'{query}' does not find the text '{text.Text}' (field {field})");
            }
        }, iter: 600, print: t => $"text '{t.Item1.Text}' in field {t.Item2} beside {t.Item3.Length} records");

    /// <summary>The stop words alone are a query of nothing to match on: no record, rather than every record.</summary>
    [Fact]
    public void StopWordsAlone_FindNothing() =>
        Gen.Select(Gen.OneOf([.. StopWords]).Array[1, 3], IndexModel.Records(1, 20)).Sample((words, records) =>
        {
            var index = IndexModel.Build(records);
            var request = new RecordSearchRequest { Q = string.Join(' ', words) };
            Assert.True(Validator.Validate(request).IsValid);

            Assert.Equal(0, index.Find(request.ToFilter(), request.ToSort(), PagePosition.Start, request.ToLimit()).Matches.Count);
        }, iter: 50);

    private static bool Finds(SearchIndex index, string query, int seq)
    {
        var request = new RecordSearchRequest { Q = query, Limit = "100" };
        var validation = Validator.Validate(request);
        Assert.True(validation.IsValid, $"q='{query}': {validation}");
        var (matches, seqs, _) = index.Find(request.ToFilter(), request.ToSort(), PagePosition.Start, request.ToLimit());
        return seqs.Contains(seq) && matches.Count >= 1;
    }

    /// <summary>
    /// The word as typed on a keyboard without accents: Latin letters decomposed and their marks removed, the letters
    /// that do not decompose written as their base letters (ø as o, ß as ss), ё written е.
    /// (Other Cyrillic letters such as й are letters of their own, not и with an accent.)
    /// </summary>
    private static string WithoutAccents(string word) =>
        string.Concat(word.Select(c => c switch
        {
            'ё' => "е",
            'ø' => "o",
            'ł' => "l",
            'đ' => "d",
            'æ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'Ё' => "Е",
            < '\u0250' => string.Concat(c.ToString().Normalize(NormalizationForm.FormD).Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)),
            _ => c.ToString(),
        }));

    /// <summary>The characters of a run, a surrogate pair as one.</summary>
    private static List<string> Characters(string run)
    {
        var characters = new List<string>();
        for (var i = 0; i < run.Length; i += char.IsSurrogatePair(run, i) ? 2 : 1)
        {
            characters.Add(run.Substring(i, char.IsSurrogatePair(run, i) ? 2 : 1));
        }

        return characters;
    }
}
