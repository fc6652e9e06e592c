using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegulationApi.Data;

namespace RegulationApi.Search;

/// <summary>How often to look for imports made by another process (section "Search").</summary>
public sealed class SearchOptions
{
    public double PollSeconds { get; set; } = 2;
}

/// <summary>
/// Holds the index that requests read. A refresh builds a whole new index from the database and swaps it in, so a
/// request always sees one consistent snapshot; cached responses are evicted with the old one.
/// </summary>
public sealed class SearchIndexHost(IServiceScopeFactory scopes, ILogger<SearchIndexHost> logger, IOutputCacheStore? outputCache = null)
{
    public const string CacheTag = "records";

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile SearchIndex _current = SearchIndex.Empty;

    public SearchIndex Current => _current;

    /// <summary>Set once the service runs: the import command, which serves nothing, never builds an index.</summary>
    public bool IsServing { get; set; }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
            var index = await SearchIndexLoader.LoadAsync(db, cancellationToken);
            _current = index;
            if (outputCache is not null)
            {
                await outputCache.EvictByTagAsync(CacheTag, cancellationToken);
            }

            logger.LogInformation("Search index version {Version}: {Count} records, {Terms} terms, built in {Elapsed:0.0} s",
                index.Version, index.Size, index.Terms.Count, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// The index to answer a request from. Reading the data version first makes an unreachable database a 503 here
    /// too, and starts a rebuild as soon as another process has imported; until it is done the previous snapshot answers.
    /// </summary>
    public async Task<SearchIndex> CurrentCheckedAsync(RegulationDbContext db, CancellationToken cancellationToken)
    {
        var version = await db.DataVersions.Select(v => (long?)v.Version).MaxAsync(cancellationToken) ?? 0;
        var current = _current;
        if (version != current.Version && IsServing && _refreshing.CurrentCount > 0)
        {
            _ = Task.Run(() => RefreshAsync(CancellationToken.None).ContinueWith(
                t => logger.LogWarning(t.Exception, "Refreshing the search index failed"), TaskContinuationOptions.OnlyOnFaulted));
        }

        return current;
    }

    /// <summary>Rebuilds when another process has imported (the data version moved on).</summary>
    public async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        var version = await db.DataVersions.Select(v => (long?)v.Version).MaxAsync(cancellationToken) ?? 0;
        if (version != _current.Version)
        {
            await RefreshAsync(cancellationToken);
        }
    }
}

/// <summary>Watches the data version so that imports by the command line reach a running service.</summary>
public sealed class SearchIndexWatcher(SearchIndexHost host, Import.DatabaseState state, IOptions<SearchOptions> options, ILogger<SearchIndexWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!state.Initialized)
            {
                continue;
            }

            try
            {
                await host.RefreshIfChangedAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not check the data version: {Message}", e.Message);
            }
        }
    }
}
