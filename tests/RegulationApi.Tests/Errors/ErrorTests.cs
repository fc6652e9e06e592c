using System.Net;
using System.Text.Json;
using Npgsql;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Errors;

/// <summary>The contract's "Errors" section: every error is a problem, and every bad request names its parameter.</summary>
public sealed class ErrorTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private const string KnownId = Contract.KnownId;

    public static TheoryData<string> ApiEndpoints =>
    [
        "/api/v1/records",
        $"/api/v1/records/{KnownId}",
        $"/api/v1/records/{KnownId}/related",
        "/api/v1/stats/years",
        "/api/v1/jurisdictions",
    ];

    // ---- unknown and repeated query parameters ----

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Get_UnknownQueryParameter_Returns400NamingIt(string endpoint)
    {
        var response = await Client.FetchAsync(endpoint + "?frobnicate=1");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "frobnicate");
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Get_ValidRequestWithoutParameters_Returns200(string endpoint)
    {
        // The counterpart of the test above: the 400 comes from the unknown parameter, not from the endpoint.
        var response = await Client.FetchAsync(endpoint);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/records?yaer=2021", "yaer")]
    [InlineData("/api/v1/stats/years?yaer=2021", "yaer")]
    [InlineData("/api/v1/records?jurisdictions=CN", "jurisdictions")]
    [InlineData("/api/v1/records?topics=mining", "topics")]
    [InlineData("/api/v1/records?page=2", "page")]
    [InlineData("/api/v1/records?year=2021&yaer=2022", "yaer")]
    public async Task Get_MisspeltFilter_Returns400NamingIt(string url, string parameter)
    {
        var response = await Client.FetchAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("YEAR=2021")]
    [InlineData("Year=2021")]
    [InlineData("yEaR=2021")]
    public async Task ListRecords_ParameterNameInOtherCase_FiltersLikeLowerCase(string query)
    {
        var lower = await Client.GetJsonAsync("/api/v1/records?year=2021&limit=100");
        var other = await Client.GetJsonAsync($"/api/v1/records?{query}&limit=100");
        var all = await Client.GetJsonAsync("/api/v1/records?limit=100");

        Assert.Equal(lower.GetProperty("total").GetInt64(), other.GetProperty("total").GetInt64());
        Assert.Equal(lower.Ids(), other.Ids());
        // The filter really applied: the seed has records of other years too.
        Assert.True(other.GetProperty("total").GetInt64() < all.GetProperty("total").GetInt64());
        Assert.All(other.GetProperty("items").EnumerateArray(), r => Assert.Equal(2021, r.GetProperty("year").GetInt32()));
    }

    [Fact]
    public async Task YearStats_ParameterNameInOtherCase_FiltersLikeLowerCase()
    {
        var upper = await Client.GetJsonAsync("/api/v1/stats/years?KIND=ruling");
        var expected = await Client.GetJsonAsync("/api/v1/records?kind=ruling&limit=1");
        var all = await Client.GetJsonAsync("/api/v1/stats/years");

        Assert.Equal(expected.GetProperty("total").GetInt64(), upper.GetProperty("total").GetInt64());
        Assert.True(upper.GetProperty("total").GetInt64() < all.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/records?year=2021&year=2022", "year")]
    [InlineData("/api/v1/records?Year=2021&year=2022", "year")]
    [InlineData("/api/v1/records?year=2021&Year=2022", "year")]
    [InlineData("/api/v1/records?limit=5&limit=5", "limit")]
    [InlineData("/api/v1/records?sort=date&SORT=date-asc", "sort")]
    [InlineData("/api/v1/records?q=mining&q=挖矿", "q")]
    [InlineData("/api/v1/records?from=2021-01-01&from=2022-01-01", "from")]
    [InlineData("/api/v1/records?authority=NDRC&authority=PBOC", "authority")]
    [InlineData("/api/v1/stats/years?yearFrom=2021&yearFrom=2022", "yearFrom")]
    [InlineData("/api/v1/stats/years?YearTo=2021&yearto=2022", "yearTo")]
    public async Task Get_SingleValuedParameterGivenTwice_Returns400NamingIt(string url, string parameter)
    {
        var response = await Client.FetchAsync(url);

        // Named as the contract spells it, whichever spelling the client used.
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("kind=ruling&kind=regulation", "kind=ruling,regulation")]
    [InlineData("topic=mining&topic=taxation", "topic=mining,taxation")]
    [InlineData("status=in-force&status=repealed", "status=in-force,repealed")]
    [InlineData("jurisdiction=CN-SC&jurisdiction=KZ", "jurisdiction=CN-SC,KZ")]
    public async Task ListRecords_ListParameterRepeated_IsAcceptedLikeCommaSeparated(string repeated, string commaSeparated)
    {
        var a = await Client.GetJsonAsync($"/api/v1/records?{repeated}&limit=100");
        var b = await Client.GetJsonAsync($"/api/v1/records?{commaSeparated}&limit=100");

        Assert.Equal(b.GetProperty("total").GetInt64(), a.GetProperty("total").GetInt64());
        Assert.Equal(b.Ids(), a.Ids());
    }

    [Fact]
    public async Task ListRecords_KindRepeated_MatchesBothKinds()
    {
        var both = await Client.GetJsonAsync("/api/v1/records?kind=ruling&kind=regulation&limit=1");
        var rulings = await Client.GetJsonAsync("/api/v1/records?kind=ruling&limit=1");
        var regulations = await Client.GetJsonAsync("/api/v1/records?kind=regulation&limit=1");

        Assert.True(rulings.GetProperty("total").GetInt64() > 0);
        Assert.True(regulations.GetProperty("total").GetInt64() > 0);
        Assert.Equal(rulings.GetProperty("total").GetInt64() + regulations.GetProperty("total").GetInt64(), both.GetProperty("total").GetInt64());
    }

    // ---- /stats/years takes the filters of /records, but not sort, limit or cursor ----

    [Theory]
    [InlineData("sort=date", "sort")]
    [InlineData("limit=10", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("Limit=10", "Limit")]
    public async Task YearStats_PagingOrSortParameter_Returns400NamingIt(string query, string parameter)
    {
        var response = await Client.FetchAsync("/api/v1/stats/years?" + query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("q=挖矿")]
    [InlineData("kind=ruling")]
    [InlineData("jurisdiction=CN")]
    [InlineData("year=2021")]
    [InlineData("yearFrom=2022")]
    [InlineData("yearTo=2022")]
    [InlineData("from=2021-06-01")]
    [InlineData("to=2021-12-31")]
    [InlineData("topic=contract-validity")]
    [InlineData("status=in-force")]
    [InlineData("authority=court")]
    public async Task YearStats_EachFilterOfRecords_IsAccepted(string query)
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?" + query);

        Assert.Equal(JsonValueKind.Array, stats.GetProperty("items").ValueKind);
    }

    // ---- malformed values ----

    [Theory]
    [InlineData("year=abc", "year")]
    [InlineData("year=-1", "year")]
    [InlineData("year=2021.5", "year")]
    [InlineData("yearFrom=abc", "yearFrom")]
    [InlineData("yearTo=20x1", "yearTo")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("from=2021-13-01", "from")]
    [InlineData("from=21-01-01", "from")]
    [InlineData("to=2021-02-30", "to")]
    [InlineData("to=yesterday", "to")]
    [InlineData("kind=law", "kind")]
    [InlineData("kind=ruling,law", "kind")]
    [InlineData("status=valid", "status")]
    [InlineData("topic=bitcoin", "topic")]
    [InlineData("topic=mining,bitcoin", "topic")]
    [InlineData("jurisdiction=C", "jurisdiction")]
    [InlineData("jurisdiction=CHINA", "jurisdiction")]
    [InlineData("jurisdiction=CN,CHINA", "jurisdiction")]
    [InlineData("yearFrom=2023&yearTo=2021", "yearFrom")]
    [InlineData("from=2022-01-01&to=2021-01-01", "from")]
    [InlineData("sort=newest", "sort")]
    [InlineData("sort=relevance", "sort")]
    public async Task ListRecords_MalformedValue_Returns400NamingParameter(string query, string parameter)
    {
        var response = await Client.FetchAsync("/api/v1/records?" + query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("year=abc", "year")]
    [InlineData("from=2021-13-01", "from")]
    [InlineData("kind=law", "kind")]
    [InlineData("status=valid", "status")]
    [InlineData("topic=bitcoin", "topic")]
    [InlineData("jurisdiction=CHINA", "jurisdiction")]
    [InlineData("yearFrom=2023&yearTo=2021", "yearFrom")]
    [InlineData("from=2022-01-01&to=2021-01-01", "from")]
    public async Task YearStats_MalformedValue_Returns400NamingParameter(string query, string parameter)
    {
        var response = await Client.FetchAsync("/api/v1/stats/years?" + query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("kind=law,ruling,bill", "kind")]
    [InlineData("kind=law&kind=bill", "kind")]
    [InlineData("topic=bitcoin,mining,nft", "topic")]
    [InlineData("status=valid,in-force,void", "status")]
    [InlineData("jurisdiction=CHINA,CN,C", "jurisdiction")]
    public async Task ListRecords_SeveralBadListValues_NamesTheParameterOnceWithEachValue(string query, string parameter)
    {
        var response = await Client.FetchAsync("/api/v1/records?" + query);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
        // Named as the client wrote it, not as an element of the split list (kind[0]).
        Assert.Equal([parameter], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, problem.GetProperty("errors").GetProperty(parameter).GetArrayLength());
    }

    [Fact]
    public async Task ListRecords_YearFromAfterYearTo_NamesYearFromOnly()
    {
        var response = await Client.FetchAsync("/api/v1/records?yearFrom=2023&yearTo=2021");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "yearFrom");
        Assert.Equal(["yearFrom"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ListRecords_RelevanceWithQuery_IsAccepted()
    {
        // sort=relevance is refused only without q.
        var page = await Client.GetJsonAsync("/api/v1/records?q=挖矿&sort=relevance");

        Assert.True(page.GetProperty("total").GetInt64() > 0);
    }

    [Theory]
    [InlineData("year=2021&limit=1")]
    [InlineData("yearFrom=2021&yearTo=2021&limit=1")]
    [InlineData("from=2021-06-18&to=2021-06-18&limit=1")]
    [InlineData("limit=100")]
    [InlineData("limit=1")]
    public async Task ListRecords_BoundaryValues_AreAccepted(string query)
    {
        var page = await Client.GetJsonAsync("/api/v1/records?" + query);

        Assert.True(page.GetProperty("total").GetInt64() > 0);
    }

    [Fact]
    public async Task ListRecords_TamperedCursor_Returns400NamingCursor()
    {
        var first = await Client.GetJsonAsync("/api/v1/records?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var middle = cursor.Length / 2;
        var tampered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];
        Assert.NotEqual(cursor, tampered);

        // The untampered cursor works, so the 400 below is the tampering's doing.
        await Client.GetJsonAsync("/api/v1/records?limit=2&cursor=" + Uri.EscapeDataString(cursor));
        var response = await Client.FetchAsync("/api/v1/records?limit=2&cursor=" + Uri.EscapeDataString(tampered));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%3D%3D%3D")]
    [InlineData("eyJpZCI6ImNuLW5kcmMtMjAyMS0xMjgzIn0")]
    public async Task ListRecords_ForgedCursor_Returns400NamingCursor(string cursor)
    {
        var response = await Client.FetchAsync("/api/v1/records?cursor=" + cursor);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("kind=ruling&limit=2")]
    [InlineData("sort=date-asc&limit=2")]
    [InlineData("limit=2&jurisdiction=CN")]
    [InlineData("limit=2&q=挖矿")]
    public async Task ListRecords_CursorOfAnotherQuery_Returns400NamingCursor(string otherQuery)
    {
        var first = await Client.GetJsonAsync("/api/v1/records?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var response = await Client.FetchAsync($"/api/v1/records?{otherQuery}&cursor={Uri.EscapeDataString(cursor)}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("CN-TW")]
    [InlineData("FR")]
    [InlineData("fr")]
    [InlineData("US-CA")]
    public async Task ListRecords_WellFormedJurisdictionWithoutRecords_ReturnsEmptyPage(string code)
    {
        var page = await Client.GetJsonAsync("/api/v1/records?jurisdiction=" + code);

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(0, page.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task YearStats_WellFormedJurisdictionWithoutRecords_ReturnsNoYears()
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?jurisdiction=FR");

        Assert.Empty(stats.GetProperty("items").EnumerateArray());
        Assert.Equal(0, stats.GetProperty("total").GetInt64());
    }

    // ---- 404 and 405 ----

    [Theory]
    [InlineData("/api/v1/records/cn-no-such-record")]
    [InlineData("/api/v1/records/cn-no-such-record/related")]
    public async Task Get_UnknownId_Returns404ProblemNamingId(string url)
    {
        var response = await Client.FetchAsync(url);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("cn-no-such-record", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/nope")]
    [InlineData("/nope")]
    [InlineData("/api/v2/records")]
    [InlineData("/api/v1/records/cn-ndrc-2021-1283/related/more")]
    public async Task Get_UnknownRoute_Returns404Problem(string url)
    {
        var response = await Client.FetchAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> UnsupportedMethods => new()
    {
        { "PUT", "/api/v1/records" },
        { "DELETE", "/api/v1/records" },
        { "PATCH", "/api/v1/records" },
        { "POST", $"/api/v1/records/{KnownId}" },
        { "PATCH", $"/api/v1/records/{KnownId}" },
        { "PUT", $"/api/v1/records/{KnownId}/related" },
        { "DELETE", $"/api/v1/records/{KnownId}/revisions" },
        { "POST", "/api/v1/stats/years" },
        { "DELETE", "/api/v1/jurisdictions" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedMethods))]
    public async Task Send_UnsupportedMethod_Returns405Problem(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("""{"id":"x"}""", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains(method, problem.GetProperty("detail").GetString());
    }

    // ---- 500 ----

    [Fact]
    public async Task ListRecords_UnexpectedDatabaseError_Returns500ProblemWithoutStackTrace()
    {
        var connectionString = await Postgres.CreateDatabaseAsync("broken");
        await using var factory = new RegulationApiFactory(connectionString);
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        // A request that works before the schema breaks (its response may now be cached: the URLs below are new).
        await client.GetJsonAsync("/api/v1/records?kind=regulation");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("ALTER TABLE records RENAME COLUMN document TO document_gone", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Rulings: records no earlier request has read, so neither the output cache nor the document cache holds them.
        foreach (var url in new[] { "/api/v1/records?kind=ruling", $"/api/v1/records/{KnownId}" })
        {
            var response = await client.FetchAsync(url);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
            Assert.Equal(url.Split('?')[0], problem.GetProperty("instance").GetString());
            // Nothing of the exception leaks: no stack frame, type, SQL or column name.
            Assert.DoesNotContain("Npgsql", body);
            Assert.DoesNotContain("Postgres", body);
            Assert.DoesNotContain("document_gone", body);
            Assert.DoesNotContain("42703", body);
            Assert.DoesNotContain("SELECT", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("RegulationApi.", body);
            Assert.DoesNotContain(".cs:line", body);
        }
    }
}
