using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RegulationApi.Curation;
using RegulationApi.Data;
using RegulationApi.Tests.Infrastructure;
using RegulationApi.Tests.Records;

namespace RegulationApi.Tests.Deploy;

/// <summary>
/// The service behind PgBouncer in transaction mode, configured as deploy/pgbouncer/README.md says: the database
/// migrated and seeded over a direct connection, the timeouts on the role, and the connection string's
/// Max Auto Prepare=0 and No Reset On Close=true.
/// </summary>
public sealed class PgBouncerDatabase(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>What deploy/pgbouncer/README.md adds to the connection string of an instance behind PgBouncer.</summary>
    public const string BehindPgBouncer = "Max Auto Prepare=0;No Reset On Close=true";

    public LocalPgBouncer PgBouncer { get; private set; } = null!;

    /// <summary>The database, directly (as migrations and the seed import reach it).</summary>
    public string Direct { get; private set; } = "";

    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public string Key { get; } = "rak_pgbouncer_" + Guid.NewGuid().ToString("N");

    private RegulationApiFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        PgBouncer = await LocalPgBouncer.StartAsync(postgres.ServerConnectionString);
        Direct = await postgres.CreateDatabaseAsync("pgbouncer");

        // The deployment step: migrations and the seed over a direct connection to the primary.
        await using (var migrate = new RegulationApiFactory(Direct))
        {
            await migrate.WaitUntilReadyAsync();
        }

        // The service's timeouts, which PgBouncer does not pass on from the connection string, on the role.
        var database = new NpgsqlConnectionStringBuilder(Direct).Database;
        await using (var connection = new NpgsqlConnection(Direct))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"ALTER ROLE \"{PgBouncer.User}\" IN DATABASE \"{database}\" SET statement_timeout = '5s';" +
                $"ALTER ROLE \"{PgBouncer.User}\" IN DATABASE \"{database}\" SET lock_timeout = '2s'", connection);
            await command.ExecuteNonQueryAsync();
        }

        _factory = new RegulationApiFactory(PgBouncer.ConnectionStringFor(Direct, BehindPgBouncer), new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
            // Every request reaches the database: no answer from the output cache or the document cache.
            ["OutputCache:Enabled"] = "false",
            ["Search:DocumentCacheMegabytes"] = "0",
        });
        Api = _factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(Logs)));
        using (var client = Api.CreateClient())
        {
            await Wait.UntilAsync(
                async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready behind PgBouncer");
        }

        // As the keys command stores one (hashed), through the instance's own context, so through PgBouncer.
        using var scope = Api.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        context.ApiKeys.Add(new ApiKey { Name = "curator-pgbouncer", Hash = ApiKeyAuthentication.Hash(Key), Prefix = Key[..10], CreatedAt = DateTime.UtcNow });
        await context.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await _factory.DisposeAsync();
        await PgBouncer.DisposeAsync();
    }
}

public sealed class PgBouncerTests(PgBouncerDatabase db) : IClassFixture<PgBouncerDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sample_PoolsByTransaction()
    {
        // The mode every other test here relies on, as the sample sets it.
        var sample = await File.ReadAllLinesAsync(LocalPgBouncer.SamplePath, Token);
        Assert.Contains("pool_mode = transaction", sample);

        // And as the running PgBouncer has it, from its admin console.
        var config = (await db.PgBouncer.AdminAsync("SHOW CONFIG")).Select(row => row.Split('|')).ToDictionary(row => row[0], row => row[1]);
        Assert.Equal("transaction", config["pool_mode"]);
    }

    [Fact]
    public async Task RoleTimeouts_ReachTheSessions()
    {
        await using var connection = new NpgsqlConnection(db.PgBouncer.ConnectionStringFor(db.Direct, PgBouncerDatabase.BehindPgBouncer));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT current_setting('statement_timeout'), current_setting('lock_timeout')", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));
        Assert.Equal(("5s", "2s"), (reader.GetString(0), reader.GetString(1)));
    }

    [Fact]
    public async Task HotPaths_ManyTimesOverSeveralConnections_AnswerWithoutAnError()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var failures = new ConcurrentQueue<string>();
        var ids = await AllIdsAsync();

        // Six readers at once (more than one pooled connection, so each statement runs on several server connections),
        // beside a curator creating and replacing records.
        var readers = Enumerable.Range(0, 6).Select(reader => Task.Run(async () =>
        {
            using var client = db.Api.CreateClient();
            for (var i = 0; i < 40; i++)
            {
                string[] urls =
                [
                    $"/api/v1/records?q={Uri.EscapeDataString("挖矿 合同")}&limit={1 + i % 20}",
                    $"/api/v1/records?q=mining&kind=ruling&limit={1 + i % 20}",
                    $"/api/v1/records?jurisdiction=CN&sort=date&limit={1 + i % 20}",
                    "/api/v1/records/" + ids[(reader * 40 + i) % ids.Count],
                    $"/api/v1/records/{Contract.RepealedId}/related",
                    $"/api/v1/records?updatedSince={Since(since.AddDays(-1 - i))}&sort=updated&limit={1 + i % 20}",
                    "/api/v1/stats/years",
                ];
                foreach (var url in urls)
                {
                    await ExpectAsync(client.GetAsync(url, Token), "GET " + url, failures);
                }
            }
        }, Token));
        var written = new List<string>();
        var curator = Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var id = $"test-pgbouncer-{i}";
                var record = await NewRegulationAsync(id);
                if (await ExpectAsync(SendAsync(HttpMethod.Post, "/api/v1/records", record), "POST " + id, failures) is not { } created)
                {
                    continue;
                }

                record["notes"] = $"Replaced through PgBouncer ({i}).";
                if (await ExpectAsync(SendAsync(HttpMethod.Put, "/api/v1/records/" + id, record, created.Headers.ETag!.Tag), "PUT " + id, failures) is not null)
                {
                    written.Add(id);
                }
            }
        }, Token);
        await Task.WhenAll([.. readers, curator]);

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.True(db.Logs.Entries.IsEmpty, "the service logged:\n" + string.Join("\n", db.Logs.Entries));

        // The change feed has every write, once each, with what the PUT stored.
        using var client = db.Api.CreateClient();
        var changes = await client.AllPagesAsync($"/api/v1/records?updatedSince={Since(since)}&sort=updated&limit=7");
        Assert.Equal(written, changes.Select(c => c.GetProperty("id").GetString()!).Where(id => id.StartsWith("test-pgbouncer-", StringComparison.Ordinal)));
        Assert.All(changes.Where(c => c.GetProperty("id").GetString()!.StartsWith("test-pgbouncer-", StringComparison.Ordinal)),
            c => Assert.StartsWith("Replaced through PgBouncer", c.GetProperty("notes").GetString()));
    }

    [Fact]
    public async Task CuratorWrite_IsSearchableThroughTheSameInstance()
    {
        // The index follows the change log; through a transaction-mode pool LISTEN hears nothing, so only polling finds it.
        var record = await NewRegulationAsync("test-pgb-searchable");
        record["title"]!["en"] = "Pgbouncerprobe mining rule";
        var created = await SendAsync(HttpMethod.Post, "/api/v1/records", record);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var client = db.Api.CreateClient();
        await Wait.UntilAsync(async () =>
        {
            var page = await client.GetJsonAsync("/api/v1/records?q=pgbouncerprobe");
            return page.Ids().Contains("test-pgb-searchable");
        }, TimeSpan.FromSeconds(10), "the new record found by a search through PgBouncer");
    }

    [Fact]
    public async Task DefaultPreparing_ThroughThisPgBouncer_LosesItsPreparedStatements()
    {
        // Why the connection string turns preparing off: the service's own default (Max Auto Prepare=32), in front of the
        // same PgBouncer, sends statements prepared on one server connection to another.
        var tuned = RegulationDbContext.Tuned(db.PgBouncer.ConnectionStringFor(db.Direct, "No Reset On Close=true"));
        Assert.NotEqual(0, new NpgsqlConnectionStringBuilder(tuned).MaxAutoPrepare);
        await using var dataSource = NpgsqlDataSource.Create(tuned);

        var errors = new ConcurrentQueue<PostgresException>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 30 && errors.IsEmpty; i++)
            {
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(Token);
                    await using var command = new NpgsqlCommand("SELECT document FROM records WHERE id = $1", connection);
                    command.Parameters.Add(new NpgsqlParameter { Value = Contract.KnownId });
                    await command.ExecuteScalarAsync(Token);
                }
                catch (PostgresException e)
                {
                    errors.Enqueue(e);
                }
            }
        }, Token)));

        Assert.False(errors.IsEmpty, "every statement ran: was PgBouncer in transaction mode?");
        var error = errors.First();
        // 26000: prepared statement "_auto0" does not exist; 42P05: ... already exists.
        Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InvalidSqlStatementName, PostgresErrorCodes.DuplicatePreparedStatement });
    }

    private static string Since(DateTime instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));

    private async Task<List<string>> AllIdsAsync()
    {
        using var client = db.Api.CreateClient();
        return (await client.AllPagesAsync("/api/v1/records?limit=100")).Select(r => r.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>Awaits a request; a status other than 2xx is a failure, with its body.</summary>
    private static async Task<HttpResponseMessage?> ExpectAsync(Task<HttpResponseMessage> sending, string what, ConcurrentQueue<string> failures)
    {
        try
        {
            var response = await sending;
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            failures.Enqueue($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        }
        catch (HttpRequestException e)
        {
            failures.Enqueue($"{what}: {e.Message}");
        }

        return null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonNode body, string? ifMatch = null)
    {
        using var client = db.Api.CreateClient();
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", db.Key);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, Token);
    }

    /// <summary>A valid new regulation: a copy of a seed record with another id and no relations (as CurationDatabase makes one).</summary>
    private async Task<JsonObject> NewRegulationAsync(string id)
    {
        using var client = db.Api.CreateClient();
        var record = JsonNode.Parse((await client.GetJsonAsync("/api/v1/records/" + Contract.KnownId)).GetRawText())!.AsObject();
        record["id"] = id;
        record["relations"] = new JsonArray();
        record.Remove("updatedAt");
        return record;
    }
}

/// <summary>What the service logs at Warning or above, for a test that expects it to log nothing.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
