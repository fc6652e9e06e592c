using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Model;

namespace RegulationApi.Tests.Search;

/// <summary>
/// The in-memory index against a naive model (LINQ over the same records), on 5,000 random records: enough that
/// rare values are sparse sets and common ones bitsets (a set turns dense above 1/32 of the records), so both kinds
/// and their intersections run, as they do only in the benchmark with the seed's few records.
/// </summary>
public sealed class SearchIndexModelTests
{
    private sealed record Model(
        int Seq, string Id, DateOnly? Date, int? Year, string Kind, string Jurisdiction, string Status, string[] Topics,
        DateOnly? InForceFrom, DateOnly? InForceUntil, string Title, string Body, string Authority)
    {
        public HashSet<string> Terms { get; } = [.. SearchText.ForIndex([Title, Authority, Body]).Split(' ', StringSplitOptions.RemoveEmptyEntries)];

        public HashSet<string> TitleTerms { get; } = [.. SearchText.ForIndex([Title]).Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    // Common words make dense sets, the rare ones (a few records each) sparse ones.
    private static readonly string[] CommonWords = ["挖矿", "合同", "mining", "contract", "电力"];
    private static readonly string[] RareWords = ["托管", "hosting", "minería", "майнинг", "energiskatt", "罚款", "moratorium", "判决"];
    private static readonly string[] JurisdictionCodes = ["CN", "CN-SC", "CN-NM", "CN-XJ", "US", "US-NY", "US-TX", "KZ", "RU", "RU-IRK", "EU", "SE"];
    private static readonly string[] RareJurisdictions = ["XK", "PY", "CA-BC"];
    private static readonly string[] Authorities = ["国家发展和改革委员会", "People's Bank of China", "New York DEC", "Министерство энергетики"];

    private static readonly List<Model> Records = Generate(5000, seed: 20261207);
    private static readonly SearchIndex Index = Build(Records);

    private static List<Model> Generate(int count, int seed)
    {
        var random = new Random(seed);
        T Pick<T>(T[] values) => values[random.Next(values.Length)];
        string Words(int n) => string.Join(" ", Enumerable.Range(0, n).Select(_ => random.Next(60) == 0 ? Pick(RareWords) : Pick(CommonWords)));
        var records = new List<Model>(count);
        for (var seq = 1; seq <= count; seq++)
        {
            DateOnly? date = random.Next(10) == 0 ? null : new DateOnly(2013, 1, 1).AddDays(random.Next(5000));
            var kind = random.Next(3) == 0 ? "ruling" : "regulation";
            int? year = date?.Year ?? (random.Next(2) == 0 ? 2015 + random.Next(10) : null);
            DateOnly? from = kind == "regulation" && random.Next(4) > 0 ? date?.AddDays(random.Next(60)) : null;
            DateOnly? until = from is { } start && random.Next(3) == 0 ? start.AddDays(1 + random.Next(2000)) : null;
            string[] topics = [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(Vocabulary.Topics)).Distinct()];
            records.Add(new Model(
                seq, $"r-{random.Next(100000):D5}-{seq}", date, year, kind, random.Next(50) == 0 ? Pick(RareJurisdictions) : Pick(JurisdictionCodes),
                Pick(Vocabulary.Statuses), topics,
                from, until, Words(1 + random.Next(3)), Words(3 + random.Next(6)), random.Next(5) == 0 ? "" : Pick(Authorities)));
        }

        return records;
    }

    /// <summary>The records in the order the loader reads them: newest first, undated last, ties by id.</summary>
    private static IEnumerable<Model> DateOrder(IEnumerable<Model> records) =>
        records.OrderBy(r => r.Date is null).ThenByDescending(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal);

    private static SearchIndex Build(List<Model> records)
    {
        var builder = new SearchIndexLoader.Builder(1, records.Count, records.Max(r => r.Seq));
        foreach (var r in DateOrder(records))
        {
            builder.AddKey(r.Seq, r.Date, r.Year, r.Kind, r.Jurisdiction, r.Status, r.Topics, r.InForceFrom, r.InForceUntil);
        }

        foreach (var r in records)
        {
            builder.AddText(new IndexText(r.Seq, SearchText.ForIndex([r.Title]), SearchText.ForIndex([r.Authority]), SearchText.ForIndex([r.Body]),
                r.Authority, ["zh", "en"]));
        }

        return builder.Build();
    }

    private static bool Matches(Model r, RecordFilter f)
    {
        if (f.Q is not null && (SearchText.Parse(f.Q) ?? []) is var terms
            && (terms.Count == 0 || !terms.All(t => t.IsPrefix ? r.Terms.Any(x => x.StartsWith(t.Text, StringComparison.Ordinal)) : r.Terms.Contains(t.Text))))
        {
            return false;
        }

        var yearFrom = Math.Max(f.Year ?? f.YearFrom ?? 1, f.YearFrom ?? 1);
        var yearTo = Math.Min(f.Year ?? f.YearTo ?? 9999, f.YearTo ?? 9999);
        return (f.Kinds.Length == 0 || f.Kinds.Contains(r.Kind))
               && (f.Statuses.Length == 0 || f.Statuses.Contains(r.Status))
               && (f.Topics.Length == 0 || f.Topics.Intersect(r.Topics).Any())
               && (f.Jurisdictions.Length == 0 || f.Jurisdictions.Any(j => j.Contains('-') ? r.Jurisdiction == j : r.Jurisdiction.Split('-')[0] == j))
               && (f.Year is null && f.YearFrom is null && f.YearTo is null || r.Year >= yearFrom && r.Year <= yearTo)
               && (f.From is null && f.To is null || r.Date is { } d && (f.From is null || d >= f.From) && (f.To is null || d <= f.To))
               && (f.AppliesIn.Length == 0 || f.AppliesIn.Contains(r.Jurisdiction))
               && (f.InForceOn is not { } on || r.InForceFrom is { } start && start <= on && (r.InForceUntil is not { } end || on < end))
               && (f.Authority is null || r.Authority.Contains(f.Authority, StringComparison.OrdinalIgnoreCase));
    }

    private static RecordFilter RandomFilter(Random random)
    {
        T? Maybe<T>(T value) where T : class => random.Next(3) == 0 ? value : null;
        string[] Some(string[] values) => random.Next(3) == 0 ? [.. values.OrderBy(_ => random.Next()).Take(1 + random.Next(2))] : [];
        int? year = random.Next(6) == 0 ? 2013 + random.Next(14) : null;
        DateOnly? Day() => random.Next(5) == 0 ? new DateOnly(2013, 1, 1).AddDays(random.Next(5000)) : null;
        var q = random.Next(2) == 0 ? null : string.Join(' ', Enumerable.Range(0, 1 + random.Next(2))
            .Select(_ => random.Next(3) == 0 ? RareWords[random.Next(RareWords.Length)] : random.Next(4) == 0 ? "挖" : CommonWords[random.Next(CommonWords.Length)]));
        var from = Day();
        var to = Day();
        if (from > to)
        {
            (from, to) = (to, from);
        }

        int? yearFrom = year is null && random.Next(5) == 0 ? 2014 + random.Next(6) : null;
        return new RecordFilter(
            q, Some(Vocabulary.Kinds), Some(["CN", "US", "CN-SC", "US-NY", "RU", "EU", "XK", "CA"]), year, yearFrom, yearFrom + random.Next(8), from, to,
            Some(Vocabulary.Topics), Some(Vocabulary.Statuses), Maybe(random.Next(2) == 0 ? "bank" : "发展"), Day(),
            random.Next(4) == 0 ? ["CN", "CN-SC"] : random.Next(4) == 0 ? ["SE", "EU", "PY"] : []);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Match_RandomFilter_IsTheModelsSet_AndPagesWalkItInEachSortsOrder(int seed)
    {
        var random = new Random(seed);
        var filter = RandomFilter(random);
        var expected = DateOrder(Records.Where(r => Matches(r, filter))).Select(r => r.Id).ToList();
        using var scratch = new RankScratch();

        var matches = Index.Match(filter, scratch);

        Assert.Equal(expected.Count, matches.Count);
        Assert.Equal(expected, Walk(matches, null, RecordSort.Date, 1 + random.Next(50)));
        var ascending = Records.Where(r => Matches(r, filter))
            .OrderBy(r => r.Date is null).ThenBy(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id);
        Assert.Equal(ascending, Walk(matches, null, RecordSort.DateAscending, 1 + random.Next(50)));
        if (filter.Q is { } q)
        {
            var titleTerms = SearchText.Parse(q)!;
            var inTitle = expected.Where(id => Records.Single(r => r.Id == id) is var r
                                                && titleTerms.All(t => t.IsPrefix ? r.TitleTerms.Any(x => x.StartsWith(t.Text, StringComparison.Ordinal)) : r.TitleTerms.Contains(t.Text)))
                .ToList();
            Assert.Equal([.. inTitle, .. expected.Except(inTitle)], Walk(matches, Index.TitleMatches(matches, q, scratch), RecordSort.Relevance, 1 + random.Next(50)));
        }

        var tally = Index.Tally(matches);
        var matching = Records.Where(r => Matches(r, filter)).ToList();
        Assert.Equal(matching.Where(r => r.Year is not null).GroupBy(r => r.Year!.Value).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Years);
        Assert.Equal(matching.Count(r => r.Year is null), tally.NoYear);
        Assert.Equal(matching.GroupBy(r => r.Jurisdiction).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Jurisdictions);
        Assert.Equal(matching.SelectMany(r => r.Topics).GroupBy(t => t).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Topics);
    }

    [Fact]
    public void Index_HoldsBothSparseAndDenseSets()
    {
        Assert.Contains(Index.Terms.Values, s => s.IsDense);
        Assert.Contains(Index.Terms.Values, s => !s.IsDense && s.Count > 1);
        Assert.Contains(Index.Filters.Values, s => !s.IsDense && s.Count > 1);
    }

    /// <summary>Every page of the set in the sort's order, each starting where the previous one said.</summary>
    private static List<string> Walk(RankSet matches, RankSet? titleMatches, RecordSort sort, int pageSize)
    {
        var byRank = Records.ToDictionary(r => r.Seq);
        var ids = new List<string>();
        var start = new PagePosition(0, 0);
        while (Index.Page(matches, titleMatches, sort, start, pageSize) is { Count: > 0 } page)
        {
            ids.AddRange(page.Select(p => byRank[Index.SeqOf(p.Rank)].Id));
            start = page[^1].Next;
        }

        return ids;
    }
}
