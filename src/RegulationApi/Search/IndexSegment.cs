using System.Collections.Concurrent;

namespace RegulationApi.Search;

/// <summary>
/// An immutable, in-memory index of a set of records: records numbered by rank in the date order of the contract
/// (newest first, undated last, ties by id), a set of ranks per filter value and per search term. Totals, facets
/// and pages are then set operations: exact at any size, without counting rows in the database.
/// Built by <see cref="SearchIndexLoader"/>: the main segment from every record, then a small one per change
/// (<see cref="SearchIndex"/> reads them together).
/// </summary>
public sealed class IndexSegment
{
    public required int Size { get; init; }

    /// <summary>The records' ids by rank: the tie-break of the sort order, across segments too.</summary>
    public required IdStore Ids { get; init; }

    /// <summary>Rank by seq (-1: not in this segment); an array for the main segment, a map for a small one.</summary>
    public required Func<int, int> RankOf { get; init; }

    /// <summary>Rank by seq from an array of ranks indexed by seq (-1 where none).</summary>
    public static Func<int, int> Lookup(int[] rankOfSeq) => seq => (uint)seq < (uint)rankOfSeq.Length ? rankOfSeq[seq] : -1;

    /// <summary>For each record that repeals or supersedes others: their seqs, whose end day it sets.</summary>
    public required Dictionary<int, int[]> EndingTargets { get; init; }
    public required int[] SeqOfRank { get; init; }
    public required int DatedCount { get; init; }
    public required int[] DayOfRank { get; init; }
    public required int[] AscendingRanks { get; init; }
    public required int[] AscendingPositionOfRank { get; init; }
    public required Dictionary<string, RankSet> Filters { get; init; }
    public required Dictionary<string, RankSet> Terms { get; init; }
    public required Dictionary<string, RankSet> TitleTerms { get; init; }
    public required string[] SortedTerms { get; init; }
    public required string[] SortedTitleTerms { get; init; }
    public required (string Text, RankSet Ranks)[] AuthorityGroups { get; init; }

    /// <summary>The day a regulation comes into force (effective, else issued, else published); -1 when unknown or a ruling.</summary>
    public required int[] StartDayOfRank { get; init; }

    /// <summary>The day it stops being in force (repealed, or the start of a record that repeals or supersedes it); int.MaxValue when none.</summary>
    public required int[] EndDayOfRank { get; init; }

    public static IndexSegment Empty { get; } = new SearchIndexLoader.Builder(0, 0).Build();

    /// <summary>The filter key of the records whose title is given in a language: title-language:ru.</summary>
    public const string TitleLanguagePrefix = "title-language:";

    /// <summary>Each language some record's title is given in, with those records (the filter sets title-language:xx).</summary>
    public IEnumerable<(string Language, RankSet Records)> TitleLanguageSets =>
        Filters.Where(f => f.Key.StartsWith(TitleLanguagePrefix, StringComparison.Ordinal)).Select(f => (f.Key[TitleLanguagePrefix.Length..], f.Value));

    /// <summary>The records that match every filter; the sets built on the way are rented from <paramref name="scratch"/>.</summary>
    public RankSet Match(RecordFilter filter, RankScratch? scratch = null)
    {
        var constraints = new List<RankSet>();
        if (filter.Q is not null)
        {
            var terms = SearchText.Parse(filter.Q) ?? [];
            if (terms.Count == 0)
            {
                // Only stop words: nothing to match on.
                return RankSet.Empty;
            }

            constraints.AddRange(terms.Select(t => Lookup(t, Terms, SortedTerms, scratch)));
        }

        AddUnion(constraints, filter.Kinds.Select(k => "kind:" + k), scratch);
        AddUnion(constraints, filter.Statuses.Select(s => "status:" + s), scratch);
        AddUnion(constraints, filter.Topics.Select(t => "topic:" + t), scratch);
        AddUnion(constraints, filter.Levels.Select(l => "level:" + l), scratch);
        AddUnion(constraints, filter.CourtLevels.Select(l => "courtLevel:" + l), scratch);
        AddUnion(constraints, filter.Outcomes.Select(o => "outcome:" + o), scratch);
        AddUnion(constraints, filter.Jurisdictions.Select(j => j.Contains('-') ? "jurisdiction:" + j : "country:" + j), scratch);
        if (filter.Year is not null || filter.YearFrom is not null || filter.YearTo is not null)
        {
            var from = Math.Max(filter.Year ?? filter.YearFrom ?? 1, filter.YearFrom ?? 1);
            var to = Math.Min(filter.Year ?? filter.YearTo ?? 9999, filter.YearTo ?? 9999);
            // Not AddUnion: a year no record has must match nothing, not drop the condition.
            constraints.Add(RankSet.Union([.. Filters.Where(f => f.Key.StartsWith("year:", StringComparison.Ordinal)
                                                                 && int.Parse(f.Key.AsSpan(5)) is var y && y >= from && y <= to).Select(f => f.Value)], Size, scratch));
        }

        if (filter.From is not null || filter.To is not null)
        {
            // Dated ranks are in descending date order, so a date range is a range of ranks.
            var start = filter.To is { } to ? FirstRankOnOrBefore(to.DayNumber) : 0;
            var end = filter.From is { } from ? FirstRankOnOrBefore(from.DayNumber - 1) : DatedCount;
            constraints.Add(RankSet.Range(start, end, Size, scratch));
        }

        if (filter.AppliesIn.Length > 0)
        {
            AddUnion(constraints, filter.AppliesIn.Select(j => "jurisdiction:" + j), scratch);
        }

        if (filter.InForceOn is { } day)
        {
            constraints.Add(InForceOn(day.DayNumber));
        }

        if (filter.Authority is { } authority)
        {
            constraints.Add(RankSet.Union(AuthorityGroups
                .Where(g => g.Text.Contains(authority, StringComparison.OrdinalIgnoreCase))
                .Select(g => g.Ranks).ToList(), Size, scratch));
        }

        if (constraints.Count == 0)
        {
            return RankSet.Range(0, Size, Size, scratch);
        }

        // Intersect from the smallest set up: a rare word makes every later step cheap.
        constraints.Sort((a, b) => a.Count.CompareTo(b.Count));
        var result = constraints[0];
        for (var i = 1; i < constraints.Count && result.Count > 0; i++)
        {
            result = result.And(constraints[i], scratch);
        }

        return result;
    }

    /// <summary>The regulations in force on a day: a scan of two arrays, a few milliseconds at a million records.</summary>
    private RankSet InForceOn(int day)
    {
        var ranks = new List<int>();
        for (var rank = 0; rank < Size; rank++)
        {
            if (StartDayOfRank[rank] is var start && start >= 0 && start <= day && day < EndDayOfRank[rank])
            {
                ranks.Add(rank);
            }
        }

        return RankSet.FromSorted(ranks.ToArray(), Size);
    }

    /// <summary>The matches whose title, document number or case number holds every term: the first relevance tier.</summary>
    public RankSet TitleMatches(RankSet matches, string q, RankScratch? scratch = null)
    {
        var terms = SearchText.Parse(q) ?? [];
        return terms.Aggregate(matches, (set, term) => set.Count == 0 ? set : set.And(Lookup(term, TitleTerms, SortedTitleTerms, scratch), scratch));
    }

    public int SeqOf(int rank) => SeqOfRank[rank];

    /// <summary>
    /// The first rank (ascending: the first ascending position) whose record sorts after the one with this day and id,
    /// whether or not that record is in this segment.
    /// </summary>
    public int FirstAfter(int day, string id, bool ascending)
    {
        var key = SortKeys.Utf8(id);
        int low = 0, high = Size;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var rank = ascending ? AscendingRanks[middle] : middle;
            if (SortKeys.Compare(DayOfRank[rank], Ids[rank], day, key, ascending) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Counts of the set by year, jurisdiction, kind, topic and status: the size of its intersection with each value's
    /// set, so the cost depends on the number of values, not on the number of matches.
    /// </summary>
    public Tally Tally(RankSet matches, IReadOnlyCollection<string>? fields = null)
    {
        // Only the fields asked for: per-year statistics need a dozen intersections, not a hundred.
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var everything = matches.Count == Size;
        foreach (var field in fields ?? TallyFields)
        {
            foreach (var (key, set) in FilterSetsOf(field))
            {
                // The whole index (the unfiltered search page): each value's count is its set's size.
                if ((everything ? set.Count : matches.CountAnd(set)) is var count and > 0)
                {
                    counts[key] = count;
                }
            }
        }

        Dictionary<string, long> Field(string prefix) => counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(c => c.Key[prefix.Length..], c => c.Value, StringComparer.Ordinal);

        var years = Field("year:").ToDictionary(y => int.Parse(y.Key), y => y.Value);
        return new Tally(years, matches.Count - years.Values.Sum(), Field("jurisdiction:"), Field("kind:"), Field("topic:"), Field("status:"))
        {
            Levels = Field("level:"),
            CourtLevels = Field("courtLevel:"),
            Outcomes = Field("outcome:"),
        };
    }

    private static readonly string[] TallyFields = ["year", "jurisdiction", "kind", "topic", "status", "level", "courtLevel", "outcome"];

    private readonly ConcurrentDictionary<string, KeyValuePair<string, RankSet>[]> _setsByField = new(StringComparer.Ordinal);

    /// <summary>The filter sets of one field (year:2021, year:2022 …), found once per snapshot instead of on every tally.</summary>
    private KeyValuePair<string, RankSet>[] FilterSetsOf(string field) => _setsByField.GetOrAdd(field, f =>
        [.. Filters.Where(p => p.Key.Length > f.Length && p.Key[f.Length] == ':' && p.Key.StartsWith(f, StringComparison.Ordinal))]);

    private void AddUnion(List<RankSet> constraints, IEnumerable<string> keys, RankScratch? scratch)
    {
        var keyList = keys.ToList();
        if (keyList.Count > 0)
        {
            constraints.Add(RankSet.Union(keyList.Select(k => Filters.GetValueOrDefault(k, RankSet.Empty)).ToList(), Size, scratch));
        }
    }

    private RankSet Lookup(SearchTerm term, Dictionary<string, RankSet> terms, string[] sorted, RankScratch? scratch)
    {
        if (!term.IsPrefix)
        {
            return terms.GetValueOrDefault(term.Text, RankSet.Empty);
        }

        var start = Array.BinarySearch(sorted, term.Text, StringComparer.Ordinal);
        var matching = new List<RankSet>();
        for (var i = start >= 0 ? start : ~start; i < sorted.Length && sorted[i].StartsWith(term.Text, StringComparison.Ordinal); i++)
        {
            matching.Add(terms[sorted[i]]);
        }

        return RankSet.Union(matching, Size, scratch);
    }

    /// <summary>The first dated rank whose day is on or before <paramref name="day"/> (days descend along ranks).</summary>
    private int FirstRankOnOrBefore(int day)
    {
        int low = 0, high = DatedCount;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (DayOfRank[middle] > day)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The ascending-order positions of <paramref name="matches"/> from <paramref name="start"/> on.</summary>
    public IEnumerable<int> AscendingPositions(RankSet matches, int start)
    {
        if (!matches.IsDense)
        {
            var positions = matches.Ascending(0).Select(r => AscendingPositionOfRank[r]).Where(p => p >= start).ToArray();
            Array.Sort(positions);
            foreach (var position in positions)
            {
                yield return position;
            }

            yield break;
        }

        for (var position = start; position < Size; position++)
        {
            if (matches.Contains(AscendingRanks[position]))
            {
                yield return position;
            }
        }
    }
}
