using Npgsql;

namespace RegulationApi.Data;

/// <summary>
/// Keeps one idle connection to the database: a dropped connection marks the database down at once (so nothing is
/// served from the output cache or the index alone), and it is marked up again as soon as it answers.
/// </summary>
public sealed class DatabaseHealthProbe(DatabaseHealth health, IConfiguration configuration, ILogger<DatabaseHealthProbe> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = DedicatedConnection.StringFor(configuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                health.IsDown = false;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // An idle wait notices a closed socket at once; the ping notices a server that stopped answering.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!health.IsDown)
                {
                    logger.LogWarning("Lost the database ({Message}); answering 503 until it is back", e.Message);
                }

                health.IsDown = true;
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
