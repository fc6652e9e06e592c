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

        var (matches, seqs, next) = index.Find(request.ToFilter(), request.ToSort(), PagePosition.Start, request.ToLimit());

        Assert.Equal(0, matches.Count);
        Assert.Empty(seqs);
        Assert.Null(next);
    }

    /// <summary>
    /// Found by <see cref="SearchTextProperties"/>: accents were folded before stop words were dropped, so a word that
    /// folds to one (the Swedish å, a river; ør; ón) could never be found. A word with an accent is kept now; typed
    /// without it, it is the stop word and finds nothing.
    /// </summary>
    [Theory]
    [InlineData("å")]
    [InlineData("Å")]
    [InlineData("ør")]
    [InlineData("ón")]
    [InlineData("o\u0301n")]
    public void Word_FoldingToAStopWord_IsFound(string word)
    {
        var target = new ModelRecord(1, "r-a", new DateOnly(2021, 9, 3), 2021, "regulation", "SE", "in-force", [], null, null, $"Skatt {word} 2021", "", "");
        var index = IndexModel.Build([target, Regulation(2, "r-b", new DateOnly(2020, 1, 1), 2020)]);

        Assert.Equal(1, index.Match(new RecordSearchRequest { Q = word }.ToFilter()).Count);
        Assert.Equal(0, index.Match(new RecordSearchRequest { Q = "the" }.ToFilter()).Count);
    }
}
