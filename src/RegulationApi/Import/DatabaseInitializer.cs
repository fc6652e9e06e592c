using Microsoft.Extensions.Options;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Search;

namespace RegulationApi.Import;

/// <summary>
/// Migrates and seeds the database at start-up. When the database is unreachable the service still starts
/// (reads answer 503, /health/ready says so) and keeps trying in the background; an invalid seed stops it.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    IHostEnvironment environment,
    DatabaseState state,
    SearchIndexHost index,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retries;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryInitializeAsync(cancellationToken))
        {
            return;
        }

        _retries = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.RetrySeconds), _stopping.Token).ConfigureAwait(false);
                try
                {
                    if (await TryInitializeAsync(_stopping.Token))
                    {
                        return;
                    }
                }
                catch (ImportException)
                {
                    lifetime.StopApplication();
                    return;
                }
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retries is not null)
        {
            await Task.WhenAny(_retries, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Migrates and seeds; false when the database cannot be reached yet.</summary>
    private async Task<bool> TryInitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await InitializeAsync(scope.ServiceProvider, options.Value, environment, logger, cancellationToken);
            await index.LoadAsync(cancellationToken);
            // From now on the index follows the database's changes itself.
            index.IsServing = true;
            state.Initialized = true;
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The database cannot be reached yet ({Message}); retrying in the background", e.Message);
            return false;
        }
        catch (ImportException e)
        {
            logger.LogCritical("The seed is invalid: {Message}", e.Message);
            throw;
        }
    }

    public static async Task InitializeAsync(IServiceProvider services, DatabaseOptions options, IHostEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<RegulationDbContext>();
        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateWithoutTimeoutsAsync(cancellationToken);
        }

        if (!options.SeedOnStartup)
        {
            return;
        }

        var folder = SeedFiles.Folder(options, environment);
        if (folder is null)
        {
            logger.LogWarning("No seed folder found from {ContentRoot}; set Database:SeedPath", environment.ContentRootPath);
            return;
        }

        var files = SeedFiles.Expand([folder]);
        await services.GetRequiredService<RecordImporter>().ImportAsync(files, cancellationToken);
    }
}
