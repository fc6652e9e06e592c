using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Health;

/// <summary>Liveness, readiness, and a database that goes away and comes back (through a <see cref="TcpProxy"/>).</summary>
public sealed class HealthTests(PostgresFixture postgres)
{
    private const string KnownId = Contract.KnownId;

    private static readonly string[] DataEndpoints = Contract.DataEndpoints;

    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Live_HealthyService_Returns200()
    {
        using var client = (await postgres.SeededApiAsync()).CreateClient();

        var response = await client.FetchAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_HealthyService_Returns200()
    {
        using var client = (await postgres.SeededApiAsync()).CreateClient();

        var response = await client.FetchAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/health/live")]
    [InlineData("DELETE", "/health/ready")]
    public async Task Health_UnsupportedMethod_Returns405Problem(string method, string url)
    {
        using var client = (await postgres.SeededApiAsync()).CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Database_CutWhileRunning_Returns503AndRecoversWithoutRestart()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cut");
        await using var proxy = ProxyFor(connectionString);
        await using var factory = new RegulationApiFactory(Through(proxy, connectionString));
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        foreach (var url in DataEndpoints)
        {
            await client.GetJsonAsync(url);
        }

        proxy.Cut();

        var ready = await AssertUnavailableAsync(client, "/health/ready");
        Assert.True(ready.Headers.RetryAfter is not null, "/health/ready: a 503 should say when to retry");
        foreach (var url in DataEndpoints)
        {
            var response = await AssertUnavailableAsync(client, url);
            Assert.True(response.Headers.RetryAfter is not null, $"{url}: a 503 should say when to retry");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/health/live")).StatusCode);

        proxy.Restore();

        await WaitForAsync(client, "/health/ready");
        await WaitForAsync(client, "/api/v1/records");
        foreach (var url in DataEndpoints)
        {
            await client.GetJsonAsync(url);
        }

        var record = await client.GetJsonAsync($"/api/v1/records/{KnownId}");
        Assert.Equal(KnownId, record.GetProperty("id").GetString());
    }

    /// <summary>
    /// A request that met a failure marks the database down (a 503 for everyone, nothing from the cache); while the
    /// database answers, the probe's next ping marks it up again, without anyone asking /health/ready.
    /// </summary>
    [Fact]
    public async Task DatabaseMarkedDownByARequest_WhileItAnswers_IsUpAgainAtTheNextPing()
    {
        await using var factory = new RegulationApiFactory(await postgres.CreateDatabaseAsync("health_marked_down"));
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        var health = factory.Services.GetRequiredService<RegulationApi.Data.DatabaseHealth>();

        health.IsDown = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.FetchAsync("/api/v1/records?limit=1")).StatusCode);

        await Wait.UntilAsync(async () => (await client.FetchAsync("/api/v1/records?limit=1")).StatusCode == HttpStatusCode.OK,
            RecoveryTimeout, "searches answered again without a call to /health/ready");
        Assert.False(health.IsDown);
    }

    [Fact]
    public async Task Database_CutTwice_RecoversEachTime()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cut2");
        await using var proxy = ProxyFor(connectionString);
        await using var factory = new RegulationApiFactory(Through(proxy, connectionString));
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();

        for (var round = 0; round < 2; round++)
        {
            proxy.Cut();
            // Answers held in memory (cache, index) may be served in the milliseconds before the service notices the
            // lost connection; once readiness has seen it, every data endpoint answers 503.
            await AssertUnavailableAsync(client, "/health/ready");
            await AssertUnavailableAsync(client, "/api/v1/records");
            proxy.Restore();
            await WaitForAsync(client, "/api/v1/records");
            await WaitForAsync(client, "/health/ready");
        }
    }

    [Fact]
    public async Task Database_UnreachableAtStartUp_Returns503UntilItComesBack()
    {
        var connectionString = await postgres.CreateDatabaseAsync("late");
        await using var proxy = ProxyFor(connectionString);
        proxy.Cut();
        await using var factory = new RegulationApiFactory(Through(proxy, connectionString));
        // Not WaitUntilReadyAsync: the service cannot become ready while the database is away.
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/health/live")).StatusCode);
        await AssertUnavailableAsync(client, "/health/ready");
        foreach (var url in DataEndpoints)
        {
            await AssertUnavailableAsync(client, url);
        }

        proxy.Restore();

        // The initializer keeps retrying in the background: migrations and seed arrive without a restart.
        await WaitForAsync(client, "/health/ready", TimeSpan.FromSeconds(60));
        var records = await client.GetJsonAsync("/api/v1/records");
        Assert.True(records.GetProperty("total").GetInt64() > 0);
        var record = await client.GetJsonAsync($"/api/v1/records/{KnownId}");
        Assert.Equal(KnownId, record.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Database_ReachableButNotMigrated_Returns503NotServerError()
    {
        // What a request sees between the database coming back and the initializer's next attempt: no schema yet.
        var connectionString = await postgres.CreateDatabaseAsync("nomigrate");
        await using var factory = new RegulationApiFactory(connectionString);
        await using var unmigrated = factory.WithWebHostBuilder(builder => builder.UseSetting("Database:MigrateOnStartup", "false"));
        using var client = unmigrated.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/health/live")).StatusCode);
        await AssertUnavailableAsync(client, "/health/ready");
        foreach (var url in DataEndpoints)
        {
            await AssertUnavailableAsync(client, url);
        }
    }

    private static TcpProxy ProxyFor(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new TcpProxy(builder.Host!, builder.Port);
    }

    private static string Through(TcpProxy proxy, string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;

    /// <summary>A 503 problem (never a 500, never a hang past the test's patience).</summary>
    private static async Task<HttpResponseMessage> AssertUnavailableAsync(HttpClient client, string url)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var response = await client.GetAsync(url, timeout.Token);
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(url.Split('?')[0], problem.GetProperty("instance").GetString());
        return response;
    }

    /// <summary>Polls until <paramref name="url"/> answers 200.</summary>
    private static async Task WaitForAsync(HttpClient client, string url, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? RecoveryTimeout);
        HttpStatusCode status;
        string body;
        do
        {
            var response = await client.FetchAsync(url);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{url} while recovering: expected 503 or 200, got {(int)status}: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{url} did not answer 200 within {(within ?? RecoveryTimeout).TotalSeconds} s; last {(int)status}: {body}");
    }
}
