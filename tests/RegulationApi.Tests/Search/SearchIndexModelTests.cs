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

    /// <summary>The same records reached by following changes: an older main segment, then batches of changes.</summary>
    private static readonly SearchIndex Live = BuildLive();

    private static SearchIndex BuildLive()
    {
        var random = new Random(20261207);
        var initial = new List<ModelRecord>();
        var changes = new List<(int Seq, ModelRecord? Record)>();
        foreach (var r in Records)
        {
            switch (random.Next(20))
            {
                case 0:
                    // Created later.
                    changes.Add((r.Seq, r));
                    break;
                case 1:
                    // Changed twice: moved and retitled, then as it is now.
                    initial.Add(r with { Date = r.Date?.AddDays(-400), Title = r.Body, Body = r.Title });
                    changes.Add((r.Seq, r with { Date = r.Date?.AddDays(30), Kind = "ruling" }));
                    changes.Add((r.Seq, r));
                    break;
                case 2:
                    initial.Add(r with { Status = "repealed", Topics = [], Jurisdiction = "XK" });
                    changes.Add((r.Seq, r));
                    break;
                default:
                    initial.Add(r);
                    break;
            }
        }

        // Deleted later: records only the first version had, and one created and deleted in the changes.
        var gone = Records.Take(150).Select(r => r with { Seq = r.Seq + 100_000, Id = "gone-" + r.Id }).ToList();
        initial.AddRange(gone.Take(100));
        changes.AddRange(gone.Skip(100).Select(g => (g.Seq, (ModelRecord?)g)));
        changes.AddRange(gone.Select(g => (g.Seq, (ModelRecord?)null)));

        // Batches in order: a large one (an import), then small ones (curators), each holding a record once, as it
        // stood when the batch was read.
        var batches = new List<(int Seq, ModelRecord? Record)[]>();
        for (var at = 0; at < changes.Count;)
        {
            var size = batches.Count == 0 ? 300 : random.Next(1, 40);
            batches.Add([.. changes.Skip(at).Take(size).GroupBy(c => c.Seq).Select(g => g.Last())]);
            at += size;
        }

        // Changes ordered so that a seq's versions stay in order (the list above is in that order already).
        return IndexModel.BuildLive(initial, batches);
    }

    /// <summary>The same value for the same seed, run after run.</summary>
    private static T Generate<T>(Gen<T> gen, int seed) => gen.Generate(new PCG(1, (ulong)seed), null!, out _);

    public static TheoryData<int, bool> Seeds() => [.. Enumerable.Range(1, 40).SelectMany(seed => new[] { (seed, false), (seed, true) })];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Match_RandomFilter_IsTheModelsSet_AndPagesWalkItInEachSortsOrder(int seed, bool followedChanges)
    {
        var index = followedChanges ? Live : Index;
        var request = Generate(IndexModel.Requests(Records), seed);
        var filter = request.ToFilter();
        var matching = Records.Where(r => IndexModel.Matches(r, request)).ToList();
        using var scratch = new RankScratch();

        var matches = index.Match(filter, scratch);

        Assert.Equal(matching.Count, matches.Count);
        Assert.Equal(IndexModel.DateOrder(matching).Select(r => r.Id), Walk(index, filter, RecordSort.Date, 1 + seed));
        Assert.Equal(IndexModel.AscendingDateOrder(matching).Select(r => r.Id), Walk(index, filter, RecordSort.DateAscending, 1 + seed));
        if (request.Q is not null)
        {
            Assert.Equal(IndexModel.Expected(Records, request with { Sort = "relevance" }).Select(r => r.Id), Walk(index, filter, RecordSort.Relevance, 1 + seed));
        }

        var tally = index.Tally(matches);
        Assert.Equal(matching.Where(r => r.Year is not null).GroupBy(r => r.Year!.Value).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Years);
        Assert.Equal(matching.Count(r => r.Year is null), tally.NoYear);
        Assert.Equal(matching.GroupBy(r => r.Jurisdiction).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Jurisdictions);
        Assert.Equal(matching.SelectMany(r => r.Topics).GroupBy(t => t).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Topics);
        Assert.Equal(matching.Where(r => r.Outcome is not null).GroupBy(r => r.Outcome!).ToDictionary(g => g.Key, g => (long)g.Count()), tally.Outcomes);
    }

    [Fact]
    public void Index_HoldsBothSparseAndDenseSets()
    {
        Assert.Contains(Index.Main.Terms.Values, s => s.IsDense);
        Assert.Contains(Index.Main.Terms.Values, s => !s.IsDense && s.Count > 1);
        Assert.Contains(Index.Main.Filters.Values, s => !s.IsDense && s.Count > 1);
    }

    [Fact]
    public void LiveIndex_HasChangeSegments_AndRemovedRecords_AndTheFinalSize()
    {
        Assert.InRange(Live.Segments.Count, 10, 1000);
        Assert.InRange(Live.Segments[0].Removed.Count, 200, 1000);
        Assert.Contains(Live.Segments.Skip(1), s => s.Removed.Count > 0);
        Assert.Equal(Records.Length, Live.Size);
        Assert.Equal(Index.TitleLanguages, Live.TitleLanguages);
    }

    /// <summary>Every page of the set in the sort's order, each starting where the previous one said.</summary>
    private static List<string> Walk(SearchIndex index, RecordFilter filter, RecordSort sort, int pageSize)
    {
        var ids = new List<string>();
        PagePosition? start = PagePosition.Start;
        while (start is { } position)
        {
            var (_, seqs, next) = index.Find(filter, sort, position, pageSize);
            ids.AddRange(seqs.Select(s => BySeq[s].Id));
            start = next;
        }

        return ids;
    }
}
