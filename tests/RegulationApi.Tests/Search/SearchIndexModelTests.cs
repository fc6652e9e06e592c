using CsCheck;
using RegulationApi.Search;

namespace RegulationApi.Tests.Search;

/// <summary>
/// The in-memory index against a naive model (<see cref="IndexModel"/>: LINQ over the same records), on 5,000 random
/// records: enough that rare values are sparse sets and common ones bitsets (a set turns dense above 1/32 of the
/// records), so both kinds and their intersections run, as they do only in the benchmark with the seed's few records.
/// The property tests (Properties/SearchIndexProperties) draw many small record sets instead.
/// </summary>
public sealed class SearchIndexModelTests
{
    private static readonly ModelRecord[] Records = Generate(IndexModel.Records(5000, 5000, days: 5000), seed: 20261207);
    private static readonly SearchIndex Index = IndexModel.Build(Records);
    private static readonly Dictionary<int, ModelRecord> BySeq = Records.ToDictionary(r => r.Seq);

    /// <summary>The same value for the same seed, run after run.</summary>
    private static T Generate<T>(Gen<T> gen, int seed) => gen.Generate(new PCG(1, (ulong)seed), null!, out _);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Match_RandomFilter_IsTheModelsSet_AndPagesWalkItInEachSortsOrder(int seed)
    {
        var request = Generate(IndexModel.Requests(Records), seed);
        var filter = request.ToFilter();
        var matching = Records.Where(r => IndexModel.Matches(r, request)).ToList();
        using var scratch = new RankScratch();

        var matches = Index.Match(filter, scratch);

        Assert.Equal(matching.Count, matches.Count);
        Assert.Equal(IndexModel.DateOrder(matching).Select(r => r.Id), Walk(filter, RecordSort.Date, 1 + seed));
        Assert.Equal(IndexModel.AscendingDateOrder(matching).Select(r => r.Id), Walk(filter, RecordSort.DateAscending, 1 + seed));
        if (request.Q is not null)
        {
            Assert.Equal(IndexModel.Expected(Records, request with { Sort = "relevance" }).Select(r => r.Id), Walk(filter, RecordSort.Relevance, 1 + seed));
        }

        var tally = Index.Tally(matches);
        Assert.Equal(matching.Where(r => r.Year is not null).GroupBy(r => r.Year!.Value).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Years);
        Assert.Equal(matching.Count(r => r.Year is null), tally.NoYear);
        Assert.Equal(matching.GroupBy(r => r.Jurisdiction).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Jurisdictions);
        Assert.Equal(matching.SelectMany(r => r.Topics).GroupBy(t => t).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Topics);
        Assert.Equal(matching.Where(r => r.Outcome is not null).GroupBy(r => r.Outcome!).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Outcomes);
    }

    [Fact]
    public void Index_HoldsBothSparseAndDenseSets()
    {
        Assert.Contains(Index.Terms.Values, s => s.IsDense);
        Assert.Contains(Index.Terms.Values, s => !s.IsDense && s.Count > 1);
        Assert.Contains(Index.Filters.Values, s => !s.IsDense && s.Count > 1);
    }

    /// <summary>Every page of the set in the sort's order, each starting where the previous one said.</summary>
    private static List<string> Walk(RecordFilter filter, RecordSort sort, int pageSize)
    {
        var ids = new List<string>();
        PagePosition? start = new PagePosition(0, 0);
        while (start is { } position)
        {
            var (_, seqs, next) = Index.Find(filter, sort, position, pageSize);
            ids.AddRange(seqs.Select(s => BySeq[s].Id));
            start = next;
        }

        return ids;
    }
}
