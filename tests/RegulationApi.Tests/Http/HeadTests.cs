using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using RegulationApi.Tests.Infrastructure;
using RegulationApi.Tests.OpenApi;

namespace RegulationApi.Tests.Http;

/// <summary>
/// HEAD on every GET resource (RFC 9110 §9.3.2), over a real socket (Kestrel, which sends a HEAD no body): the GET's
/// status and headers, no body, a 304 for a matching If-None-Match, the GET's errors, and a read in the rate limits.
/// </summary>
public sealed class HeadTests(PostgresFixture postgres)
{
    private const string KnownId = Contract.KnownId;

    /// <summary>The headers a HEAD must send as its GET does (Date aside, and the body's framing, checked apart).</summary>
    private static readonly string[] ComparedHeaders = ["ETag", "Content-Type", "Content-Length", "Link", "Content-Disposition", "X-Total-Count", "Vary", "Allow"];

    public static TheoryData<string> Resources =>
    [
        "/api/v1/records",
        "/api/v1/records?limit=2&kind=ruling",
        $"/api/v1/records/{KnownId}",
        $"/api/v1/records/{KnownId}/related",
        $"/api/v1/records/{KnownId}/revisions",
        "/api/v1/stats/years?kind=ruling",
        "/api/v1/jurisdictions",
        "/health/live",
        "/health/ready",
        "/openapi/v1.json",
        "/",
        "/?q=contract",
        $"/records/{KnownId}",
        "/api/v1/records?format=csv",
        "/api/v1/records?format=ndjson&kind=ruling",
        // Errors: the GET's status and problem headers, no body.
        "/api/v1/records/cn-no-such-record",
        $"/api/v1/records/{KnownId}/related?frobnicate=1",
        "/api/v1/records?year=abc",
        "/api/v1/stats/years?limit=5",
        "/records/cn-no-such-record",
    ];

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Head_AnyGetResource_SendsTheGetsStatusAndHeadersWithoutBody(string url)
    {
        using var http = await ClientAsync();

        using var get = await http.GetAsync(url, TestContext.Current.CancellationToken);
        var getBody = await get.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), TestContext.Current.CancellationToken);
        var headBody = await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(headBody);
        Assert.NotEmpty(getBody);
        foreach (var name in ComparedHeaders)
        {
            Assert.True(Header(get, name) == Header(head, name), $"{name}: GET sent '{Header(get, name)}', HEAD '{Header(head, name)}'");
        }

        // The length is known wherever GET does not stream (an export, an error written as it goes): then it is the GET's body's.
        if (Header(get, "Content-Length") is { } length)
        {
            Assert.Equal(getBody.Length.ToString(CultureInfo.InvariantCulture), length);
        }
    }

    [Theory]
    [InlineData("/api/v1/records")]
    [InlineData($"/api/v1/records/{KnownId}")]
    [InlineData($"/api/v1/records/{KnownId}/related")]
    [InlineData("/api/v1/stats/years")]
    [InlineData("/api/v1/jurisdictions")]
    [InlineData("/health/live")]
    [InlineData("/openapi/v1.json")]
    [InlineData($"/records/{KnownId}")]
    public async Task Head_Conditional_MatchingETagIs304AndOtherIs200(string url)
    {
        using var http = await ClientAsync();
        using var first = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var matching = new HttpRequestMessage(HttpMethod.Head, url);
        matching.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(matching, TestContext.Current.CancellationToken);
        using var other = new HttpRequestMessage(HttpMethod.Head, url);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-the-current-one\""));
        using var modified = await http.SendAsync(other, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(etag, modified.Headers.ETag);
    }

    [Fact]
    public async Task Head_ListRecordsPage_HasTheGetsLinkToTheNextPage()
    {
        using var http = await ClientAsync();

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/records?limit=1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Contains("rel=\"next\"", Header(head, "Link"));
    }

    [Fact]
    public async Task Head_OnPathWithoutGet_Is405ListingItsMethods()
    {
        using var http = await ClientAsync();

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/records/{KnownId}/restore"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal("application/problem+json", head.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("HEAD", Header(head, "Allow"));
    }

    [Fact]
    public async Task Get_Allow_ListsHeadBesideGet()
    {
        using var http = await ClientAsync();

        using var delete = await http.DeleteAsync("/api/v1/stats/years", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(["GET", "HEAD"], Header(delete, "Allow")!.Split(", ").Order());
    }

    [Fact]
    public async Task Document_EveryGetOperation_HasAHeadTwinWithTheSameParametersAndStatusesAndNoContent()
    {
        using var http = await ClientAsync();
        var document = new ApiDocument(await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var gets = document.Operations.Where(o => o.Method == "get").ToList();
        Assert.NotEmpty(gets);
        foreach (var get in gets)
        {
            var head = Assert.Single(document.Operations, o => o.Path == get.Path && o.Method == "head");
            Assert.Equal(Names(get.Parameters), Names(head.Parameters));
            Assert.Equal(Statuses(get), Statuses(head));
            Assert.Equal(get.Operation.GetProperty("operationId").GetString() + "Head", head.Operation.GetProperty("operationId").GetString());
            Assert.All(head.Operation.GetProperty("responses").EnumerateObject(), r => Assert.False(r.Value.TryGetProperty("content", out _), $"{head} {r.Name} declares content"));
        }

        static List<string> Names(IEnumerable<System.Text.Json.JsonElement> parameters) =>
            [.. parameters.Select(p => p.GetProperty("in").GetString() + ":" + p.GetProperty("name").GetString()).Order()];

        static List<string> Statuses(ApiOperation operation) =>
            [.. operation.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order()];
    }

    [Fact]
    public async Task Head_CountsAsARead_InTheRateLimits()
    {
        await using var factory = new RegulationApiFactory((await postgres.SeededApiAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Reads:Burst"] = "2",
            ["RateLimits:Reads:PerSecond"] = "0.01",
        });
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestClients.AddressHeader, "192.0.2.44");

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/jurisdictions"), TestContext.Current.CancellationToken);
        using var get = await client.GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken);
        using var refusedHead = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/jurisdictions"), TestContext.Current.CancellationToken);
        using var refusedGet = await client.GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedHead.StatusCode);
        Assert.NotNull(refusedHead.Headers.RetryAfter);
        await refusedGet.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private async Task<HttpClient> ClientAsync() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = await postgres.ListeningApiAsync() };

    /// <summary>A header as sent (not a Content-Length HttpClient computes from a body it buffered).</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
