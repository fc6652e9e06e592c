using Npgsql;

namespace RegulationApi.Data;

public static class DedicatedConnection
{
    /// <summary>
    /// For a connection a service holds open for as long as it runs (the listener, the health probe): outside the pool,
    /// with TCP keepalives, so that a lost server is noticed on an idle connection too.
    /// </summary>
    public static string StringFor(IConfiguration configuration) =>
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Regulations")) { Pooling = false, KeepAlive = 1 }.ConnectionString;

    /// <summary>
    /// Holds such a connection while the service runs: <paramref name="use"/> gets it open and keeps it busy; when the
    /// connection is lost, <paramref name="lost"/> hears why and it is opened again half a second later.
    /// </summary>
    public static async Task HoldAsync(
        IConfiguration configuration, Func<NpgsqlConnection, CancellationToken, Task> use, Action<Exception> lost, CancellationToken stoppingToken)
    {
        var connectionString = StringFor(configuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await use(connection, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                lost(e);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
