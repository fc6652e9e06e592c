using System.Net;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>Input that must be refused with a problem naming the parameter, never a 500.</summary>
public sealed class HostileInputTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Theory]
    [InlineData("kind=", "kind")]
    [InlineData("kind=ruling,", "kind")]
    [InlineData("jurisdiction=", "jurisdiction")]
    [InlineData("topic=", "topic")]
    [InlineData("status=", "status")]
    [InlineData("authority=", "authority")]
    [InlineData("authority=%20", "authority")]
    [InlineData("q=", "q")]
    [InlineData("q=%E3%80%94%E3%80%95", "q")]
    [InlineData("year=", "year")]
    [InlineData("limit=", "limit")]
    [InlineData("sort=", "sort")]
    [InlineData("from=", "from")]
    public async Task List_EmptyValue_Is400NamingIt(string query, string parameter)
    {
        await (await Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("authority=%00", "authority")]
    [InlineData("authority=a%01b", "authority")]
    [InlineData("jurisdiction=%00", "jurisdiction")]
    [InlineData("year=-1", "year")]
    [InlineData("year=%2B2021", "year")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("from=2021-6-1", "from")]
    [InlineData("from=20210601", "from")]
    public async Task List_HostileValue_Is400NamingIt(string query, string parameter)
    {
        await (await Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("q=a%00b")]
    [InlineData("q=a%3A*%7C!b%26(c")]
    [InlineData("q=%27%27x%27")]
    [InlineData("q=the")]
    public async Task List_QueryWithOperatorsOrStopWords_IsSearchedLiterallyNotAnError(string query)
    {
        var page = await Client.GetJsonAsync("/api/v1/records?" + query);
        Assert.True(page.GetProperty("total").GetInt64() >= 0);
    }

    [Fact]
    public async Task List_QueryOfOnlyStopWords_MatchesNothing()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?q=the");
        Assert.Equal(0, page.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task GetRecord_VeryLongId_Is404()
    {
        await (await Client.FetchAsync("/api/v1/records/" + new string('a', 5000))).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
