using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(RegulationApi.Tests.Infrastructure.PostgresFixture))]

namespace RegulationApi.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL server for the whole test run, from the first of: the connection string in
/// REGULATIONAPI_TEST_DB; a Testcontainers container where a Docker engine answers; a throwaway cluster
/// started from the machine's own binaries (scripts/local-postgres.sh). Tests never skip: with none of these,
/// they fail with a message that says how to provide one.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgreSqlContainer? _container;
    private string? _clusterDir;
    private RegulationApiFactory? _seeded;
    private (RegulationApiFactory Factory, Uri Address)? _listening;
    private readonly SemaphoreSlim _seedLock = new(1, 1);
    private readonly SemaphoreSlim _listenLock = new(1, 1);

    /// <summary>The server's connection string (database 'postgres').</summary>
    public string ServerConnectionString { get; private set; } = "";

    public string Provider { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("REGULATIONAPI_TEST_DB") is { Length: > 0 } configured)
        {
            ServerConnectionString = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
            Provider = "REGULATIONAPI_TEST_DB";
            return;
        }

        try
        {
            _container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _container.StartAsync();
            ServerConnectionString = new NpgsqlConnectionStringBuilder(_container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
            Provider = "Testcontainers";
            return;
        }
        catch (DockerUnavailableException)
        {
            _container = null;
        }

        ServerConnectionString = await StartLocalClusterAsync();
        Provider = "local cluster in " + _clusterDir;
    }

    public async ValueTask DisposeAsync()
    {
        if (_listening is { } listening)
        {
            await listening.Factory.DisposeAsync();
        }

        if (_seeded is not null)
        {
            await _seeded.DisposeAsync();
        }

        // Sent after the last test ended (each test fails for those sent while it ran); thrown after the cleanup below.
        var undeclared = DeclaredResponses.Drain();

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_clusterDir is not null)
        {
            await LocalCluster.RunScriptAsync("stop", _clusterDir);
            try
            {
                Directory.Delete(_clusterDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }

        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(DeclaredResponsesOnlyAttribute.Message(undeclared, "after the last test"));
        }
    }

    /// <summary>The service over a database holding exactly the seed; shared by read-only tests.</summary>
    public async Task<RegulationApiFactory> SeededApiAsync()
    {
        await _seedLock.WaitAsync();
        try
        {
            if (_seeded is null)
            {
                var factory = new RegulationApiFactory(await CreateDatabaseAsync("seeded"));
                await factory.WaitUntilReadyAsync();
                _seeded = factory;
            }

            return _seeded;
        }
        finally
        {
            _seedLock.Release();
        }
    }

    /// <summary>
    /// The service over its own seeded database, listening on a loopback port, for clients in other processes
    /// (the generated TypeScript client) and for requests over a real socket.
    /// </summary>
    public async Task<Uri> ListeningApiAsync()
    {
        await _listenLock.WaitAsync();
        try
        {
            if (_listening is null)
            {
                var factory = new RegulationApiFactory(await CreateDatabaseAsync("listening"));
                var address = factory.Listen();
                await factory.WaitUntilReadyAsync();
                _listening = (factory, address);
            }

            return _listening.Value.Address;
        }
        finally
        {
            _listenLock.Release();
        }
    }

    /// <summary>A new empty database on the server, for tests that write.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"regapi_{purpose}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    private async Task<string> StartLocalClusterAsync()
    {
        var cluster = await LocalCluster.StartAsync("tests");
        _clusterDir = cluster.Directory;
        return cluster.ServerConnectionString;
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RegulationApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RegulationApi.sln not found above " + AppContext.BaseDirectory);
    }
}
