using System.Diagnostics;
using System.Globalization;
using System.Net;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Protection;

/// <summary>Rate limits per client: a 429 problem with Retry-After past the burst, each client with a bucket of its own.</summary>
public sealed class RateLimitTests(PostgresFixture postgres)
{
    private const string KnownId = Contract.KnownId;

    private static readonly string[] ReadEndpoints = Contract.DataEndpoints;

    /// <summary>A bucket that does not refill while a test runs (one request every 100 s): what it refuses stays refused.</summary>
    private static Dictionary<string, string?> Limits(int readBurst, double readsPerSecond = 0.01, int writeBurst = 10) => new()
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Reads:Burst"] = readBurst.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:Reads:PerSecond"] = readsPerSecond.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:Writes:Burst"] = writeBurst.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:Writes:PerSecond"] = "0.01",
    };

    [Fact]
    public async Task Reads_PastTheBurst_Return429ProblemWithRetryAfter()
    {
        await using var factory = await StartAsync(Limits(readBurst: 3));
        using var client = factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/api/v1/jurisdictions")).StatusCode);
        }

        var response = await client.FetchAsync("/api/v1/jurisdictions");

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("/api/v1/jurisdictions", problem.GetProperty("instance").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
        Assert.Equal("Too Many Requests", problem.GetProperty("title").GetString());
        // Whole seconds, as RFC 9110 writes a delay: the bucket's next token, 100 s away.
        Assert.Equal("100", RetryAfter(response));
        Assert.Contains("retry after 100 s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Reads_AfterRetryAfter_AreAnsweredAgain()
    {
        await using var factory = await StartAsync(Limits(readBurst: 1, readsPerSecond: 1));
        using var client = factory.CreateClient();
        var watch = Stopwatch.StartNew();
        var answered = 0;
        HttpResponseMessage response;
        while ((response = await client.FetchAsync("/api/v1/jurisdictions")).StatusCode == HttpStatusCode.OK)
        {
            answered++;
        }

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // The burst, plus one a second for as long as it took to spend it.
        Assert.InRange(answered, 1, 1 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        var retryAfter = int.Parse(RetryAfter(response), CultureInfo.InvariantCulture);
        Assert.Equal(1, retryAfter);

        // The limiter refills on a 100 ms tick: a client that waits as told, and that tick, is answered.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/api/v1/jurisdictions")).StatusCode);
    }

    [Fact]
    public async Task Reads_EveryApiEndpoint_SharesTheClientsBucket()
    {
        await using var factory = await StartAsync(Limits(readBurst: ReadEndpoints.Length));
        using var client = factory.CreateClient();
        foreach (var url in ReadEndpoints)
        {
            await client.GetJsonAsync(url);
        }

        foreach (var url in ReadEndpoints)
        {
            await (await client.FetchAsync(url)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Operations_WhileTheClientIsLimited_AreStillAnswered(string url)
    {
        await using var factory = await StartAsync(Limits(readBurst: 1));
        using var client = factory.CreateClient();
        await client.GetJsonAsync("/api/v1/jurisdictions");
        await (await client.FetchAsync("/api/v1/jurisdictions")).AssertProblemAsync(HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Reads_ByApiKey_EachKeyHasItsOwnBucketWhateverItsAddress()
    {
        await using var factory = await StartAsync(Limits(readBurst: 2));
        using var client = factory.CreateClient();
        await ExhaustAsync(client, apiKey: "alice", address: "198.51.100.7");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, apiKey: "bob", address: "198.51.100.7")).StatusCode);
        // The address alone was not counted while alice was authenticated.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, apiKey: null, address: "198.51.100.7")).StatusCode);
        await (await SendAsync(client, apiKey: "alice", address: "203.0.113.9")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    public async Task Reads_Anonymous_AreCountedByAddressAndIPv6By64(string limited, string other, bool shared)
    {
        await using var factory = await StartAsync(Limits(readBurst: 2));
        using var client = factory.CreateClient();
        await ExhaustAsync(client, apiKey: null, address: limited);

        var response = await SendAsync(client, apiKey: null, address: other);

        Assert.Equal(shared ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RateLimits_Disabled_NeverRefuse()
    {
        var settings = Limits(readBurst: 1);
        settings["RateLimits:Enabled"] = "false";
        await using var factory = await StartAsync(settings);
        using var client = factory.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/api/v1/jurisdictions")).StatusCode);
        }
    }

    [Fact]
    public async Task Writes_PastTheirBurst_Return429WhileReadsAreStillAnswered()
    {
        var seeded = await postgres.SeededApiAsync();
        var settings = Limits(readBurst: 100, writeBurst: 2);
        await using var host = await KestrelHost.StartAsync(seeded.ConnectionString, settings);
        var client = host.Client;

        for (var i = 0; i < 2; i++)
        {
            var accepted = await client.PostAsync("/api/v1/test/echo", Json("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var refused = await client.PostAsync("/api/v1/test/echo", Json("{}"), TestContext.Current.CancellationToken);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("100", RetryAfter(refused));
        // One write budget per client, whichever endpoint spends it: the group's other methods and RateLimits.Writes named.
        await (await client.DeleteAsync("/test/explicit", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // Reads have a bucket of their own.
        await client.GetJsonAsync("/api/v1/jurisdictions");
    }

    [Fact]
    public async Task CurationWrites_PastTheirBurst_Return429BeforeAnythingElse()
    {
        var seeded = await postgres.SeededApiAsync();
        await using var host = await KestrelHost.StartAsync(seeded.ConnectionString, Limits(readBurst: 100, writeBurst: 2));
        var client = host.Client;

        // Without a key, so nothing is written: the first two are refused for the key, the third by the limit.
        for (var i = 0; i < 2; i++)
        {
            var unauthorized = await client.PostAsync("/api/v1/records", Json("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        var refused = await client.PutAsync("/api/v1/records/cn-ndrc-2021-1283", Json("{}"), TestContext.Current.CancellationToken);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(RetryAfter(refused));
    }

    private async Task<RegulationApiFactory> StartAsync(Dictionary<string, string?> settings)
    {
        // The shared seeded database, only read: no migration or seed, the service just builds its index.
        settings["Database:MigrateOnStartup"] = "false";
        settings["Database:SeedOnStartup"] = "false";
        var factory = new RegulationApiFactory((await postgres.SeededApiAsync()).ConnectionString, settings);
        await factory.WaitUntilReadyAsync();
        return factory;
    }

    private static async Task ExhaustAsync(HttpClient client, string? apiKey, string address)
    {
        for (var i = 0; i < 20; i++)
        {
            if ((await SendAsync(client, apiKey, address)).StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }

        Assert.Fail($"{apiKey ?? address} was never limited");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string? apiKey, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jurisdictions");
        request.Headers.Add(TestClients.AddressHeader, address);
        if (apiKey is not null)
        {
            request.Headers.Add(TestClients.ApiKeyHeader, apiKey);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string RetryAfter(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "no Retry-After header");
        return Assert.Single(values);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
