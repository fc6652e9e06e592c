using System.Net.Http.Headers;
using System.Net;
using Npgsql;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Telemetry;

/// <summary>
/// A service of its own over the shared seeded database (only read), so that what its /metrics counts is what these
/// tests sent. Rate limits on, with a small burst: each test is a client of its own (<see cref="TestClients.AddressHeader"/>).
/// </summary>
public sealed class TelemetryApi(PostgresFixture postgres) : IAsyncLifetime
{
    public const int ReadBurst = 5;

    public RegulationApiFactory Factory { get; private set; } = null!;

    public long SeededRecords { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var seeded = await postgres.SeededApiAsync();
        Factory = new RegulationApiFactory(seeded.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Reads:Burst"] = ReadBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // One request every 100 s: a bucket spent stays spent while the tests run.
            ["RateLimits:Reads:PerSecond"] = "0.01",
        });
        await Factory.WaitUntilReadyAsync();

        await using var connection = new NpgsqlConnection(seeded.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM records WHERE deleted_at IS NULL", connection);
        SeededRecords = (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>A client with a rate-limit bucket of its own.</summary>
    public HttpClient ClientAt(string address)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestClients.AddressHeader, address);
        return client;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>/metrics: ASP.NET Core's request metrics and the service's own, each found by its Prometheus name.</summary>
public sealed class MetricsTests(TelemetryApi api) : IClassFixture<TelemetryApi>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterARequest_ShowTheHttpServerDurationOfItsRoute()
    {
        using var client = api.ClientAt("198.51.100.1");
        await client.GetJsonAsync("/api/v1/records/" + Contract.KnownId);

        // A request's duration is recorded once it has ended, which may be just after its client read the answer.
        var labels = new[] { ("http_route", "/api/v1/records/{id}"), ("http_request_method", "GET"), ("http_response_status_code", "200") };
        var scrape = await ScrapeUntilAsync(client, s => s.Total("http_server_request_duration_seconds_count", labels) >= 1, "the request's duration");

        Assert.Contains(scrape.Named("http_server_request_duration_seconds_bucket", labels), s => s.Labels["le"] == "+Inf");
        Assert.True(scrape.Total("http_server_request_duration_seconds_sum", labels) > 0);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", scrape.Text);
    }

    [Fact]
    public async Task IndexRecords_IsTheNumberOfRecordsInTheDatabase_AndItsBuildWasTimed()
    {
        using var client = api.ClientAt("198.51.100.2");

        var scrape = await Scrape.TakeAsync(client);

        Assert.Equal(api.SeededRecords, scrape.Value("regulation_index_records"));
        Assert.True(scrape.Value("regulation_index_build_duration_seconds_count") >= 1);
        Assert.True(scrape.Value("regulation_index_build_duration_seconds_sum") > 0);
        Assert.Contains("# TYPE regulation_index_build_duration_seconds histogram", scrape.Text);
        // Its first build follows no change it saw: no lag to measure yet.
        Assert.Equal(0, scrape.Total("regulation_index_change_lag_seconds_count"));
    }

    [Fact]
    public async Task DatabaseDown_IsZeroWhileTheDatabaseAnswers()
    {
        using var client = api.ClientAt("198.51.100.3");

        var scrape = await Scrape.TakeAsync(client);

        Assert.Equal(0, scrape.Value("regulation_database_down"));
    }

    [Fact]
    public async Task OutputCacheHits_CountTheRepeatedGetAndItsConditionalGet_NotTheFirst()
    {
        using var client = api.ClientAt("198.51.100.4");
        // A query no other test sends: the first answer is the endpoint's.
        const string url = "/api/v1/records?q=挖矿&year=2021&sort=date";
        const string hits = "regulation_output_cache_hits_total";
        var before = (await Scrape.TakeAsync(client)).Total(hits);

        var first = await client.FetchAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        var repeated = await client.FetchAsync(url);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.NotNull(repeated.Headers.Age);

        // One hit, the repeated GET: were the first counted too, there would be two.
        var afterRepeat = await ScrapeUntilAsync(client, s => s.Total(hits) >= before + 1, "the repeated GET's hit");
        Assert.Equal(before + 1, afterRepeat.Total(hits));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional, Token)).StatusCode);
        var afterConditional = await ScrapeUntilAsync(client, s => s.Total(hits) >= before + 2, "the conditional GET's hit");
        Assert.Equal(before + 2, afterConditional.Total(hits));
    }

    [Fact]
    public async Task RateLimitRejections_CountEach429ByPolicy_AndMetricsIsNeverLimited()
    {
        using var client = api.ClientAt("198.51.100.5");
        var before = (await Scrape.TakeAsync(client)).Total("regulation_rate_limit_rejections_total", ("policy", "reads"));

        for (var i = 0; i < TelemetryApi.ReadBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/api/v1/jurisdictions")).StatusCode);
        }

        await (await client.FetchAsync("/api/v1/jurisdictions")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await client.FetchAsync("/api/v1/stats/years")).AssertProblemAsync(HttpStatusCode.TooManyRequests);

        // The spent client still scrapes, more often than its burst, and the scrapes are never counted as rejections.
        for (var i = 0; i < TelemetryApi.ReadBurst * 2; i++)
        {
            Assert.Equal(before + 2, (await Scrape.TakeAsync(client)).Total("regulation_rate_limit_rejections_total", ("policy", "reads")));
        }
    }

    [Fact]
    public async Task Metrics_IsNotOutputCached_EachScrapeIsNew()
    {
        using var client = api.ClientAt("198.51.100.6");
        var labels = new[] { ("http_route", "/metrics"), ("http_request_method", "GET") };
        var first = await client.FetchAsync("/metrics");
        var scrapes = Scrape.Parse(await first.Content.ReadAsStringAsync(Token)).Total("http_server_request_duration_seconds_count", labels);

        // A later scrape counts the earlier scrapes' requests: a cached answer never would.
        await ScrapeUntilAsync(client, s => s.Total("http_server_request_duration_seconds_count", labels) > scrapes, "a scrape counting the ones before it");
        Assert.Null(first.Headers.Age);
        Assert.Null((await client.FetchAsync("/metrics")).Headers.Age);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Metrics_OtherMethods_Are405Problems(string method)
    {
        using var client = api.ClientAt("198.51.100.7");
        using var request = new HttpRequestMessage(new HttpMethod(method), "/metrics");

        var response = await client.SendAsync(request, Token);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Metrics_IsNotInTheOpenApiDocument()
    {
        using var client = api.ClientAt("198.51.100.8");

        var document = await client.GetJsonAsync("/openapi/v1.json");

        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.Contains("metrics", StringComparison.OrdinalIgnoreCase));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/records", out _));
    }

    [Fact]
    public async Task Metrics_AlsoShowTheRuntimeAndNpgsql_WithTheServiceAndScopeNamed()
    {
        using var client = api.ClientAt("198.51.100.9");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        var scrape = Scrape.Parse(await (await client.SendAsync(request, Token)).Content.ReadAsStringAsync(Token));

        Assert.Contains(scrape.Samples, s => s.Name == "target_info" && s.Labels.GetValueOrDefault("service_name") == "RegulationApi");
        Assert.Contains(scrape.Named("regulation_index_records"), s => s.Labels.GetValueOrDefault("otel_scope_name") == "RegulationApi");
        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.True(scrape.Total("db_client_operation_duration_seconds_count") > 0);
    }

    private static async Task<Scrape> ScrapeUntilAsync(HttpClient client, Func<Scrape, bool> condition, string what)
    {
        Scrape scrape = null!;
        await Wait.UntilAsync(async () => condition(scrape = await Scrape.TakeAsync(client)), TimeSpan.FromSeconds(10), what);
        return scrape;
    }
}
