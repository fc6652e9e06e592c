using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Telemetry;

namespace RegulationApi.Search;

/// <summary>
/// Holds the index that requests read. A refresh builds a whole new index from the database and swaps it in, so a
/// request always sees one consistent snapshot; cached responses are evicted with the old one.
/// </summary>
public sealed class SearchIndexHost(
    IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<SearchOptions> options, ILogger<SearchIndexHost> logger,
    RegulationMetrics metrics, IOutputCacheStore? outputCache = null)
{
    public const string CacheTag = "records";

    /// <summary>From this many records, a rebuild is followed by a full compacting collection.</summary>
    private const int AggressiveCollectionSize = 100_000;

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile SearchIndex _current = SearchIndex.Empty;

    public SearchIndex Current => _current;

    private volatile DocumentCache _documents = new(0, 0);

    /// <summary>The document cache of the current index version.</summary>
    public DocumentCache Documents => _documents;

    /// <summary>Set once the service runs: the import command, which serves nothing, never builds an index.</summary>
    public bool IsServing { get; set; }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var index = await Task.Run(() =>
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
                db.Database.OpenConnection();
                try
                {
                    return SearchIndexLoader.Load((NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);
                }
                finally
                {
                    db.Database.CloseConnection();
                }
            }, cancellationToken);
            _documents = new DocumentCache(index.Version, options.Value.DocumentCacheMegabytes * 1024L * 1024L);
            var previous = _current;
            _current = index;
            // Building an index leaves garbage (and the previous index) in the oldest generation, where nothing else
            // would collect it soon. A large one (hundreds of megabytes): given back now, compacted. A small one, which
            // a stream of curators' writes rebuilds every second: a background collection, which stalls no request.
            if (index.Size >= AggressiveCollectionSize)
            {
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            else
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
            }
            if (outputCache is not null)
            {
                await outputCache.EvictByTagAsync(CacheTag, cancellationToken);
            }

            // Searchable now, stale answers evicted. A change's lag counts from a rebuild that followed it, not from
            // the first build, whose data may be days old.
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var changeLag = previous != SearchIndex.Empty && index.Version != previous.Version && index.ChangedAt is { } changedAt
                ? DateTime.UtcNow - changedAt
                : (TimeSpan?)null;
            metrics.IndexSwapped(index.Size, elapsed, changeLag);

            logger.LogInformation(
                "Search index version {Version}: {Count} records, {Terms} terms ({TermMb:0} MB, {Dense} as bitsets), title terms {TitleMb:0} MB, filters {FilterMb:0} MB; heap {HeapMb:0} MB; built in {Elapsed:0.0} s",
                index.Version, index.Size, index.Terms.Count, index.Terms.Values.Sum(t => t.Bytes) / 1e6, index.Terms.Values.Count(t => t.IsDense),
                index.TitleTerms.Values.Sum(t => t.Bytes) / 1e6, index.Filters.Values.Sum(t => t.Bytes) / 1e6,
                GC.GetGCMemoryInfo().HeapSizeBytes / 1e6, elapsed.TotalSeconds);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Rebuilds when another process has imported (the data version moved on).</summary>
    public async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        long version;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
            version = await db.DataVersions.Select(v => (long?)v.Version).MaxAsync(cancellationToken) ?? 0;
        }

        // A refresh that was under way may have reached this version already.
        await _refreshing.WaitAsync(cancellationToken);
        var current = _current.Version;
        _refreshing.Release();
        if (version != current)
        {
            await RefreshAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Keeps one connection that LISTENs for changes (<see cref="ChangeNotifications"/>): a notification rebuilds the index
/// at once, whichever process wrote. After a lost connection it listens again and catches up with what it missed.
/// </summary>
public sealed class SearchIndexWatcher(
    SearchIndexHost host, DatabaseState state, IConfiguration configuration,
    Microsoft.Extensions.Options.IOptions<SearchOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DedicatedConnection.HoldAsync(configuration, async (connection, cancellationToken) =>
        {
            var notified = false;
            connection.Notification += (_, _) => notified = true;
            await ChangeNotifications.ListenAsync(connection, cancellationToken);

            // Whatever changed while nobody listened.
            notified = true;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (notified && state.Initialized)
                {
                    notified = false;
                    await host.RefreshIfChangedAsync(cancellationToken);
                    // Changes arriving meanwhile wait (their notifications are kept) and are taken together.
                    await Task.Delay(options.Value.RebuildIntervalMilliseconds, cancellationToken);
                }

                await connection.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }, lost: _ => { /* The health probe says so (DatabaseHealthProbe); listen again shortly. */ }, stoppingToken);
}
