using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Search;
using RegulationApi.Tests.Import;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Protection;

/// <summary>
/// Statement and lock timeouts, with the records table locked by another session (as a migration would hold it):
/// a request is cancelled quickly with a 503 problem and the database is not taken for down; an import and the index
/// build are not limited, and wait.
/// </summary>
public sealed class StatementTimeoutTests(PostgresFixture postgres)
{
    private const string KnownId = Contract.KnownId;

    [Fact]
    public async Task GetRecord_TableLockedPastTheStatementTimeout_Returns503ProblemAndRecovers()
    {
        await using var factory = await StartAsync(statementTimeout: "1", lockTimeout: "0");
        using var client = factory.CreateClient();

        HttpResponseMessage response;
        var watch = new Stopwatch();
        await using (await LockAsync(factory.ConnectionString))
        {
            watch.Start();
            response = await client.FetchAsync($"/api/v1/records/{KnownId}");
            watch.Stop();

            // Still locked: answered from the index, so the service did not take the database for down.
            Assert.False(factory.Services.GetRequiredService<DatabaseHealth>().IsDown);
            await client.GetJsonAsync("/api/v1/stats/years");
        }

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The database did not answer within 1 s; the query was cancelled.", problem.GetProperty("detail").GetString());
        Assert.Equal($"/api/v1/records/{KnownId}", problem.GetProperty("instance").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        // PostgreSQL cancelled it, so not before the timeout (how long after depends on the machine's load).
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {watch.Elapsed}");
        Assert.Equal(KnownId, (await client.GetJsonAsync($"/api/v1/records/{KnownId}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetRecord_TableLockedPastTheLockTimeout_Returns503ProblemNamingTheLock()
    {
        await using var factory = await StartAsync(statementTimeout: "5", lockTimeout: "0.5");
        using var client = factory.CreateClient();

        HttpResponseMessage response;
        var watch = new Stopwatch();
        await using (await LockAsync(factory.ConnectionString))
        {
            watch.Start();
            response = await client.FetchAsync($"/api/v1/records/{KnownId}/related");
            watch.Stop();
            Assert.False(factory.Services.GetRequiredService<DatabaseHealth>().IsDown);
        }

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The data is locked by other work (such as an import or a migration) for longer than 0.5 s; the query was cancelled.",
            problem.GetProperty("detail").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.4), $"answered after {watch.Elapsed}");
        await client.GetJsonAsync($"/api/v1/records/{KnownId}/related");
    }

    [Fact]
    public async Task Import_TableLockedPastTheTimeouts_WaitsAndSucceeds()
    {
        await using var factory = await StartAsync(statementTimeout: "1", lockTimeout: "0.5");
        var file = Path.Combine(Path.GetTempPath(), $"timeout-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $"[{TestRecords.Regulation("test-timeout-import").ToJsonString()}]", TestContext.Current.CancellationToken);
        using var scope = factory.Services.CreateScope();

        var result = await WhileLockedAsync(factory.ConnectionString, TimeSpan.FromSeconds(2.5),
            () => scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync([file], TestContext.Current.CancellationToken));

        Assert.Equal(1, result.Inserted);
        using var client = factory.CreateClient();
        await client.GetJsonAsync("/api/v1/records/test-timeout-import");
        File.Delete(file);
    }

    [Fact]
    public async Task IndexRefresh_TableLockedPastTheTimeouts_WaitsAndSucceeds()
    {
        await using var factory = await StartAsync(statementTimeout: "1", lockTimeout: "0.5");
        var index = factory.Services.GetRequiredService<SearchIndexHost>();
        var before = index.Current;

        await WhileLockedAsync(factory.ConnectionString, TimeSpan.FromSeconds(2.5), async () =>
        {
            await index.LoadAsync(TestContext.Current.CancellationToken);
            return true;
        });

        Assert.NotSame(before, index.Current);
        Assert.Equal(before.Size, index.Current.Size);
    }

    [Fact]
    public async Task Migrate_HistoryLockedPastTheTimeouts_WaitsAndLeavesTheLimitsInPlace()
    {
        // One connection in the pool: the one that migrated is the one asked afterwards.
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("timeout")) { MaxPoolSize = 1 }.ConnectionString;
        await using var factory = await StartAsync(statementTimeout: "1", lockTimeout: "0.5", connectionString);

        await WhileLockedAsync(connectionString, TimeSpan.FromSeconds(2.5), async () =>
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RegulationDbContext>().Database.MigrateWithoutTimeoutsAsync(TestContext.Current.CancellationToken);
            return true;
        }, table: "\"__EFMigrationsHistory\"");

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
            var limits = await db.Database.SqlQueryRaw<string>(
                "SELECT current_setting('statement_timeout') || ' ' || current_setting('lock_timeout') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal("1s 500ms", limits);
        }
    }

    private async Task<RegulationApiFactory> StartAsync(string statementTimeout, string lockTimeout, string? connectionString = null)
    {
        // A database of its own: the lock would hold up every other test's requests.
        var factory = new RegulationApiFactory(connectionString ?? await postgres.CreateDatabaseAsync("timeout"), new Dictionary<string, string?>
        {
            ["Database:StatementTimeoutSeconds"] = statementTimeout,
            ["Database:LockTimeoutSeconds"] = lockTimeout,
        });
        await factory.WaitUntilReadyAsync();
        return factory;
    }

    /// <summary>Holds an ACCESS EXCLUSIVE lock on the table, as a migration altering it would, until disposed.</summary>
    private static async Task<NpgsqlConnection> LockAsync(string connectionString, string table = "records")
    {
        // Unpooled: disposing closes the session, which ends its transaction and so releases the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>Starts <paramref name="work"/> while the table is locked, and releases the lock after <paramref name="hold"/>.</summary>
    private static async Task<T> WhileLockedAsync<T>(string connectionString, TimeSpan hold, Func<Task<T>> work, string table = "records")
    {
        Task<T> running;
        await using (await LockAsync(connectionString, table))
        {
            running = work();
            await Task.Delay(hold, TestContext.Current.CancellationToken);
            if (running.IsCompleted)
            {
                // Cut by a timeout (which the await shows), or never held up by the lock at all.
                await running;
                Assert.Fail("The work finished while the table was locked.");
            }
        }

        return await running;
    }
}
