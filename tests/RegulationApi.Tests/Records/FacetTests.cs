using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>facets=… counts the whole filtered set by field, exactly: the same counts as paging through it.</summary>
public sealed class FacetTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Theory]
    [InlineData("")]
    [InlineData("&jurisdiction=CN")]
    [InlineData("&kind=ruling")]
    [InlineData("&q=%E6%8C%96%E7%9F%BF")]
    [InlineData("&topic=electricity,taxation&yearFrom=2021")]
    public async Task List_WithFacets_CountsTheWholeFilteredSet(string filter)
    {
        var page = await Client.GetJsonAsync("/api/v1/records?limit=2&facets=year,jurisdiction,kind,topic,status" + filter);
        var all = await Client.AllPagesAsync("/api/v1/records?limit=100" + filter);
        var facets = page.GetProperty("facets");

        Assert.Equal(Count(all, r => [r.Year()?.ToString()]), Read(facets, "year"));
        Assert.Equal(Count(all, r => [r.GetProperty("jurisdiction").GetString()]), Read(facets, "jurisdiction"));
        Assert.Equal(Count(all, r => [r.GetProperty("kind").GetString()]), Read(facets, "kind"));
        Assert.Equal(Count(all, r => [r.GetProperty("status").GetString()]), Read(facets, "status"));
        Assert.Equal(Count(all, r => r.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ToArray()), Read(facets, "topic"));
        Assert.Equal(page.GetProperty("total").GetInt64(), facets.GetProperty("kind").EnumerateArray().Sum(f => f.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task List_YearFacet_IsAscendingWithUnknownYearLast()
    {
        var years = (await Client.GetJsonAsync("/api/v1/records?facets=year")).GetProperty("facets").GetProperty("year")
            .EnumerateArray().Select(f => f.GetProperty("value").GetString()).ToList();
        Assert.Null(years[^1]);
        Assert.Equal(years[..^1].OrderBy(y => int.Parse(y!)), years[..^1]);
    }

    [Fact]
    public async Task List_WithoutFacets_HasNoFacetsField()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?limit=1");
        Assert.False(page.TryGetProperty("facets", out _));
    }

    [Theory]
    [InlineData("facets=color")]
    [InlineData("facets=year,")]
    [InlineData("facets=")]
    public async Task List_UnknownFacet_Is400NamingFacets(string query)
    {
        await (await Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, "facets");
    }

    private static Dictionary<string, long> Count(List<JsonElement> records, Func<JsonElement, string?[]> values) =>
        records.SelectMany(values).GroupBy(v => v ?? "(none)").ToDictionary(g => g.Key, g => (long)g.Count());

    private static Dictionary<string, long> Read(JsonElement facets, string field) =>
        facets.GetProperty(field).EnumerateArray().ToDictionary(
            f => f.GetProperty("value").GetString() ?? "(none)", f => f.GetProperty("count").GetInt64());
}
