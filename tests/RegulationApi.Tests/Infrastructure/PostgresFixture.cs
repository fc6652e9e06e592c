using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
            await RunScriptAsync("stop", _clusterDir);
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
        _clusterDir = Path.Combine(Path.GetTempPath(), "regulationapi-tests-" + Guid.NewGuid().ToString("N")[..8]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output, error) = await RunScriptAsync("start", _clusterDir, port.ToString());
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the tests: no Docker engine answered, and a local cluster could not be started " +
                $"(scripts/local-postgres.sh said: {error.Trim()}). Install PostgreSQL (apt-get install postgresql), " +
                "start Docker, or set REGULATIONAPI_TEST_DB to a connection string of a server the tests may create databases on.");
        }

        return new NpgsqlConnectionStringBuilder(output.Trim()) { Database = "postgres" }.ConnectionString;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "local-postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
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
