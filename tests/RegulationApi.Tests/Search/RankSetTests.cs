using RegulationApi.Search;

namespace RegulationApi.Tests.Search;

/// <summary>Set operations on rented bitsets (longer than needed, reused dirty) give the same answers as plain arithmetic.</summary>
public sealed class RankSetTests
{
    private const int Universe = 5000;

    private static int[] Random(int seed, int count) =>
        Enumerable.Range(0, count).Select(_ => 0).Select((_, i) => new Random(seed * 7919 + i).Next(Universe)).Distinct().Order().ToArray();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    public void RentedSets_AgreeWithLinq_AfterTheirArraysWereReused(int seedA, int seedB)
    {
        var a = Random(seedA, 2000);
        var b = Random(seedB, 1500);
        for (var round = 0; round < 3; round++)
        {
            using var scratch = new RankScratch();
            var setA = RankSet.Union([RankSet.FromSorted(a, Universe), RankSet.Empty], Universe, scratch);
            var setB = RankSet.Union([RankSet.FromSorted(b, Universe), RankSet.Empty], Universe, scratch);
            var range = RankSet.Range(100, 4321, Universe, scratch);

            var and = setA.And(setB, scratch).And(range, scratch);

            var expected = a.Intersect(b).Where(r => r is >= 100 and < 4321).Order().ToArray();
            Assert.Equal(expected, and.Ascending(0).ToArray());
            Assert.Equal(expected.Length, and.Count);
            Assert.Equal(expected.Length, setA.And(setB, scratch).CountAnd(range));
            Assert.False(and.Contains(Universe + 10));
            Assert.Equal(expected.Where(r => r >= 2500), and.Ascending(2500));
        }
    }
}
