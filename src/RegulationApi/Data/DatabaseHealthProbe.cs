using Npgsql;

namespace RegulationApi.Data;

/// <summary>
/// Keeps one idle connection to the database: a dropped connection marks the database down at once (so nothing is
/// served from the output cache or the index alone), and it is marked up again as soon as it answers. A request that
/// met a failure marks it down too; the next ping that is answered marks it up again, so one failed request is not a
/// lasting outage.
/// </summary>
public sealed class DatabaseHealthProbe(DatabaseHealth health, IConfiguration configuration, ILogger<DatabaseHealthProbe> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DedicatedConnection.HoldAsync(configuration, async (connection, cancellationToken) =>
        {
            health.IsDown = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                // An idle wait notices a closed socket at once; the ping notices a server that stopped answering.
                if (!await connection.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(cancellationToken);
                    health.IsDown = false;
                }
            }
        }, lost: e =>
        {
            if (!health.IsDown)
            {
                logger.LogWarning("Lost the database ({Message}); answering 503 until it is back", e.Message);
            }

            health.IsDown = true;
        }, stoppingToken);
}
