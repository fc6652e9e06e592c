using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Tests.Search;

namespace RegulationApi.Tests.Properties;

/// <summary>The shrunk counterexamples the property tests found, kept as ordinary tests with their concrete input.</summary>
public sealed class RegressionTests
{
    private static ModelRecord Regulation(int seq, string id, DateOnly? date, int? year) =>
        new(seq, id, date, year, "regulation", "SE", "in-force", [], null, null, "mining", "contract", "");

    /// <summary>
    /// Found by <see cref="SearchIndexProperties"/>: a year (or a year range) that no record has dropped the year
    /// condition instead of matching nothing, so year=2015 returned every record of 2013.
    /// </summary>
    [Theory]
    [InlineData("2015", null, null)]
    [InlineData(null, "2015", "2020")]
    [InlineData(null, "2014", null)]
    [InlineData(null, null, "2012")]
    public void Year_NoRecordHas_MatchesNothing(string? year, string? yearFrom, string? yearTo)
    {
        var index = IndexModel.Build([Regulation(1, "r-599-2", new DateOnly(2013, 11, 8), 2013), Regulation(2, "r-307-1", null, null)]);
        var request = new RecordSearchRequest { Kind = ["regulation,ruling"], Year = year, YearFrom = yearFrom, YearTo = yearTo, Limit = "1" };

        var (matches, seqs, next) = index.Find(request.ToFilter(), request.ToSort(), new PagePosition(0, 0), request.ToLimit());

        Assert.Equal(0, matches.Count);
        Assert.Empty(seqs);
        Assert.Null(next);
    }
}
