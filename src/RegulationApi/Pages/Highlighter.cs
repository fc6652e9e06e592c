using System.Globalization;
using RegulationApi.Search;

namespace RegulationApi.Pages;

/// <summary>A piece of text, matched by the query or not; the template wraps matches in &lt;mark&gt;.</summary>
public readonly record struct TextSegment(string Text, bool IsMatch);

/// <summary>
/// Finds the query's terms in a text, ignoring case and accents (as search does), and cuts a snippet around the first
/// match. The result is text segments, never markup: the template encodes them.
/// </summary>
public sealed class Highlighter
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    private const CompareOptions Options = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType;

    private readonly string[] _needles;

    public Highlighter(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            _needles = [];
            return;
        }

        // The index's terms (CJK bigrams, reduced English words) and the words as typed (policies, not only policy).
        var terms = (SearchText.Parse(query) ?? []).Select(t => t.Text);
        var words = query.Split([' ', '\t', ',', '，', '　'], StringSplitOptions.RemoveEmptyEntries);
        _needles = [.. terms.Concat(words).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(n => n.Length)];
    }

    public bool IsEmpty => _needles.Length == 0;

    /// <summary>The whole text, cut into matched and unmatched segments.</summary>
    public List<TextSegment> Segments(string text)
    {
        var matches = Matches(text);
        var segments = new List<TextSegment>();
        var at = 0;
        foreach (var (start, length) in matches)
        {
            if (start > at)
            {
                segments.Add(new(text[at..start], false));
            }

            segments.Add(new(text.Substring(start, length), true));
            at = start + length;
        }

        if (at < text.Length)
        {
            segments.Add(new(text[at..], false));
        }

        return segments;
    }

    /// <summary>About <paramref name="length"/> characters around the first match (the start when none), cut into segments.</summary>
    public List<TextSegment> Snippet(string text, int length = 220)
    {
        if (text.Length <= length)
        {
            return Segments(text);
        }

        var first = Matches(text).Select(m => m.Start).DefaultIfEmpty(0).First();
        var start = Math.Max(0, Math.Min(first - length / 3, text.Length - length));
        // Start and end on a space where there is one near, so words are not cut.
        if (start > 0 && text.IndexOf(' ', start, Math.Min(20, text.Length - start)) is var space and >= 0)
        {
            start = space + 1;
        }

        var end = Math.Min(text.Length, start + length);
        if (end < text.Length && text.LastIndexOf(' ', end - 1, Math.Min(20, end - start)) is var last and > 0 && last > start)
        {
            end = last;
        }

        var cut = (start > 0 ? "… " : "") + text[start..end].Trim() + (end < text.Length ? " …" : "");
        return Segments(cut);
    }

    /// <summary>Non-overlapping matches, in order; longer needles first where two start at the same place.</summary>
    private List<(int Start, int Length)> Matches(string text)
    {
        var found = new List<(int Start, int Length)>();
        foreach (var needle in _needles)
        {
            var from = 0;
            while (from < text.Length)
            {
                var index = Compare.IndexOf(text.AsSpan(from), needle.AsSpan(), Options, out var matchLength);
                if (index < 0 || matchLength == 0)
                {
                    break;
                }

                var start = from + index;
                if (!found.Any(f => start < f.Start + f.Length && f.Start < start + matchLength))
                {
                    found.Add((start, matchLength));
                }

                from = start + matchLength;
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }
}
