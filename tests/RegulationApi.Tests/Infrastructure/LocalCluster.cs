using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using Npgsql;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL cluster from the machine's binaries (scripts/local-postgres.sh), which a test may stop and start.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private LocalCluster(string directory, int port, string connectionString)
    {
        Directory = directory;
        Port = port;
        ConnectionString = connectionString;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The database 'regulations' the script creates.</summary>
    public string ConnectionString { get; }

    public string ServerConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString;

    public static async Task<LocalCluster> StartAsync(string purpose)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"regulationapi-{purpose}-" + Guid.NewGuid().ToString("N")[..8]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output, error) = await RunScriptAsync("start", directory, port.ToString());
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the tests: no Docker engine answered, and a local cluster could not be started " +
                $"(scripts/local-postgres.sh said: {error.Trim()}). Install PostgreSQL (apt-get install postgresql), " +
                "start Docker, or set REGULATIONAPI_TEST_DB to a connection string of a server the tests may create databases on.");
        }

        return new LocalCluster(directory, port, output.Trim());
    }

    /// <summary>Stops the server ("fast": open connections are cut, as in a crash or a restart).</summary>
    public Task StopAsync() => RunScriptAsync("stop", Directory);

    public async Task StartAgainAsync()
    {
        var (exitCode, _, error) = await RunScriptAsync("start", Directory, Port.ToString());
        Assert.True(exitCode == 0, "restarting PostgreSQL failed: " + error);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>The folder of the machine's PostgreSQL programs (pg_dump, psql ...), as scripts/local-postgres.sh finds them.</summary>
    public static async Task<string> BinDirectoryAsync()
    {
        var result = await RunScriptAsync("bin");
        Assert.True(result.ExitCode == 0, "no PostgreSQL programs found: " + result);
        return result.Output.Trim();
    }

    /// <summary>scripts/local-postgres.sh: generous, since on a machine without PostgreSQL it installs it with apt-get first.</summary>
    public static Task<CommandResult> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(PostgresFixture.RepositoryRoot, "scripts", "local-postgres.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return CommandResult.RunAsync(start, TimeSpan.FromMinutes(10));
    }
}
