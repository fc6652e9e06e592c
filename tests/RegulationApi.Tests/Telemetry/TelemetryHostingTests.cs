using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Trace;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Telemetry;

/// <summary>The database-down gauge through a cut connection, traces sent to a collector, and /metrics kept to its own port.</summary>
public sealed class TelemetryHostingTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseDown_IsOneWhileTheDatabaseIsCut_AndZeroOnceItIsBack()
    {
        var connectionString = await postgres.CreateDatabaseAsync("telemetrydown");
        var direct = new NpgsqlConnectionStringBuilder(connectionString);
        await using var proxy = new TcpProxy(direct.Host!, direct.Port);
        await using var factory = new RegulationApiFactory(new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString);
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        Assert.Equal(0, (await Scrape.TakeAsync(client)).Value("regulation_database_down"));

        proxy.Cut();
        await Wait.UntilAsync(async () => (await Scrape.TakeAsync(client)).Value("regulation_database_down") == 1,
            TimeSpan.FromSeconds(15), "the gauge should say the database is down");
        // /metrics needs no database: it answers while data requests are 503s.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.FetchAsync("/api/v1/records/" + Contract.KnownId)).StatusCode);

        proxy.Restore();
        await Wait.UntilAsync(async () => (await Scrape.TakeAsync(client)).Value("regulation_database_down") == 0,
            TimeSpan.FromSeconds(15), "the gauge should say the database is back");
    }

    [Fact]
    public async Task Traces_WithoutAnOtlpEndpoint_AreOff()
    {
        var factory = await postgres.SeededApiAsync();

        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Traces_WithAnOtlpEndpoint_AreSentThere_RequestsAndTheirSql()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var factory = new RegulationApiFactory((await postgres.SeededApiAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Sent every 100 ms rather than every 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        Assert.NotNull(factory.Services.GetService<TracerProvider>());

        // A record read from PostgreSQL (the document cache is new): a request span and its SQL's.
        await client.GetJsonAsync("/api/v1/records/" + Contract.RepealedId);

        await Wait.UntilAsync(() => collector.Received.Contains("/api/v1/records/{id}") && collector.Received.Contains("Npgsql"),
            TimeSpan.FromSeconds(30), "the collector should receive the request's span and its SQL's");
        Assert.Contains("Microsoft.AspNetCore", collector.Received);
        Assert.Contains("RegulationApi", collector.Received);
    }

    [Fact]
    public async Task MetricsPort_Set_MetricsAnswerOnlyOnThatPort_ElseA404Problem()
    {
        var metricsPort = FreePort();
        await using var factory = new RegulationApiFactory((await postgres.SeededApiAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
            ["Telemetry:MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        factory.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, metricsPort);
        });
        factory.StartServer();
        await factory.WaitUntilReadyAsync();
        var addresses = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
        var publicAddress = addresses.Single(a => a.Port != metricsPort);
        using var publicClient = new HttpClient { BaseAddress = publicAddress };
        using var metricsClient = new HttpClient { BaseAddress = addresses.Single(a => a.Port == metricsPort) };

        var scrape = await Scrape.TakeAsync(metricsClient);
        Assert.True(scrape.Value("regulation_index_records") > 0);
        using var head = await metricsClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"), Token);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Token));
        // Routing takes the path in any case and with a trailing slash (a proxy rule on the path has to as well).
        await Scrape.TakeAsync(metricsClient, "/METRICS/");

        // Whatever Host header the client sends: it is the connection's port that counts.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{metricsPort}";
        var refused = await publicClient.SendAsync(spoofed, Token);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("/metrics", problem.GetProperty("instance").GetString());
        await (await publicClient.GetAsync("/METRICS/", Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync("/api/v1/jurisdictions", Token)).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An OTLP/HTTP collector on a loopback port that keeps what it is sent (protobuf, whose strings read as text).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _batches;

        private OtlpCollector(WebApplication app, ConcurrentQueue<string> batches) => (_app, _batches) = (app, batches);

        public string Address => _app.Urls.First();

        public string Received => string.Concat(_batches);

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            var batches = new ConcurrentQueue<string>();
            app.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                batches.Enqueue(Encoding.UTF8.GetString(body.ToArray()));
                // An empty ExportTraceServiceResponse: all accepted.
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return new OtlpCollector(app, batches);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
