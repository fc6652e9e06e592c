using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Telemetry;

namespace RegulationApi.Search;

/// <summary>
/// Holds the index that requests read, and keeps it level with the database's change log. The whole index is built
/// once, at start-up; after that each batch of committed changes (read by updated_at) becomes a small segment of its
/// own, and the records it replaces are removed from the older segments. Small segments are merged now and then, and
/// when the changes grow large the main segment is rebuilt in the background while the current snapshot serves.
/// Every swap is one new immutable <see cref="SearchIndex"/>: a request reads one consistent snapshot.
/// </summary>
public sealed class SearchIndexHost(
    IServiceScopeFactory scopes, IOptions<SearchOptions> options, ILogger<SearchIndexHost> logger,
    RegulationMetrics metrics, IOutputCacheStore? outputCache = null)
{
    public const string CacheTag = "records";

    /// <summary>From this many records, a build of the main segment is followed by a full compacting collection.</summary>
    private const int AggressiveCollectionSize = 100_000;

    private readonly SemaphoreSlim _applying = new(1, 1);
    private volatile SearchIndex _current = SearchIndex.Empty;
    private volatile DocumentCache _documents = new(0, 0);
    private volatile bool _loaded;
    private Task? _compaction;

    public SearchIndex Current => _current;

    /// <summary>The document cache of the current index version.</summary>
    public DocumentCache Documents => _documents;

    /// <summary>Set once the service runs: the import command, which serves nothing, never builds an index.</summary>
    public bool IsServing { get; set; }

    /// <summary>Whether this start read the main segment from disk (<see cref="IndexSnapshot"/>) rather than building it.</summary>
    public bool ReadFromSnapshot { get; private set; }

    /// <summary>When the index last found itself level with the database it reads (UTC): its age is the time since.</summary>
    public DateTime? CaughtUpAt { get; private set; }

    /// <summary>Builds the whole index from the database, applies what was committed meanwhile, and serves it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var index = await Task.Run(() => WithConnection(connection => ReadOrLoad(connection, cancellationToken)), cancellationToken);
        if (!ReadFromSnapshot)
        {
            KeepSnapshot(index);
        }

        await _applying.WaitAsync(cancellationToken);
        try
        {
            var (caughtUp, changed) = await Task.Run(() => WithConnection(connection => CatchUp(index, connection, cancellationToken)), cancellationToken);
            _documents = new DocumentCache(caughtUp.Version, options.Value.DocumentCacheMegabytes * 1024L * 1024L);
            await SwapAsync(caughtUp, changed, started, cancellationToken);
            _loaded = true;
        }
        finally
        {
            _applying.Release();
        }

        Collect(index.Main.Size);
    }

    /// <summary>The main segment kept on disk when it is this database's and not ahead of it (<see cref="ReadFromSnapshot"/>), else one built from every record.</summary>
    private SearchIndex ReadOrLoad(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (SnapshotPath(connection) is { } path)
        {
            var started = TimeProvider.System.GetTimestamp();
            SearchIndexLoader.ChangePoint point;
            using (var transaction = LongTransaction(connection, System.Data.IsolationLevel.ReadCommitted))
            {
                point = SearchIndexLoader.ReadPoint(connection);
                transaction.Commit();
            }

            // A database restored to an earlier state is behind the snapshot: then the snapshot is not this database's.
            if (IndexSnapshot.TryRead(path, _identity!) is { } kept && kept.Version <= point.Version && !(kept.Watermark > point.Watermark))
            {
                logger.LogInformation("Search index read from {Path} in {Elapsed:0.0} s: {Count} records, version {Version}",
                    path, TimeProvider.System.GetElapsedTime(started).TotalSeconds, kept.Size, kept.Version);
                ReadFromSnapshot = true;
                return kept;
            }
        }

        return SearchIndexLoader.Load(connection, cancellationToken);
    }

    private string? _identity;

    /// <summary>The snapshot file of this database, or null when snapshots are off.</summary>
    private string? SnapshotPath(NpgsqlConnection connection)
    {
        if (string.IsNullOrEmpty(options.Value.SnapshotDirectory))
        {
            return null;
        }

        // The cluster (a standby shares its primary's), the database and its records table: a database made again
        // under the same name is another.
        _identity ??= Identity(connection);
        return IndexSnapshot.PathFor(options.Value.SnapshotDirectory, _identity);
    }

    private string Identity(NpgsqlConnection connection)
    {
        const string database = "current_database() || '/' || 'records'::regclass::oid::text";
        try
        {
            using var command = new NpgsqlCommand($"SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || {database}", connection);
            return (string)command.ExecuteScalar()!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A role that may not read the cluster's identity: the server's address stands in for it.
            logger.LogDebug("pg_control_system() is not readable ({Message}): the snapshot is keyed by host and database", e.MessageText);
            using var command = new NpgsqlCommand($"SELECT {database}", connection);
            return connection.Host + ":" + connection.Port + "/" + (string)command.ExecuteScalar()!;
        }
    }

    /// <summary>Writes a freshly built main segment to disk in the background, for the next start.</summary>
    private void KeepSnapshot(SearchIndex index)
    {
        if (_identity is null || string.IsNullOrEmpty(options.Value.SnapshotDirectory))
        {
            return;
        }

        var (path, identity) = (IndexSnapshot.PathFor(options.Value.SnapshotDirectory, _identity), _identity);
        _ = Task.Run(() =>
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                IndexSnapshot.Write(path, identity, index);
                logger.LogInformation("Search index kept in {Path} in {Elapsed:0.0} s", path, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("The search index could not be kept in {Path} ({Message}); the next start builds it again", path, e.Message);
            }
        });
    }

    /// <summary>Applies the changes committed since the current snapshot, if any: what the follower calls, and an import in this process.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            return;
        }

        await _applying.WaitAsync(cancellationToken);
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var current = _current;
            var (index, changed) = await Task.Run(() => WithConnection(connection => CatchUp(current, connection, cancellationToken)), cancellationToken);
            if (index != current)
            {
                await SwapAsync(index, changed, started, cancellationToken);
            }

            CaughtUpAt = DateTime.UtcNow;
            var changes = index.Segments.Skip(1).Sum(s => s.LiveCount);
            if (changes >= Math.Max(options.Value.CompactAfterRecords, index.Main.Size / 10) && _compaction is null or { IsCompleted: true })
            {
                _compaction = Task.Run(() => CompactAsync(CancellationToken.None), CancellationToken.None);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>Rebuilds the main segment from every record while the current snapshot serves, then catches up and swaps.</summary>
    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var fresh = await Task.Run(() => WithConnection(connection => SearchIndexLoader.Load(connection, cancellationToken)), cancellationToken);
            KeepSnapshot(fresh);
            await _applying.WaitAsync(cancellationToken);
            try
            {
                var (index, changed) = await Task.Run(() => WithConnection(connection => CatchUp(fresh, connection, cancellationToken)), cancellationToken);
                await SwapAsync(index, changed, started, cancellationToken);
            }
            finally
            {
                _applying.Release();
            }

            Collect(fresh.Main.Size);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database went away meanwhile: the next batch of changes starts another.
            logger.LogWarning("Rebuilding the main search segment failed ({Message}); the current index goes on serving", e.Message);
        }
    }

    /// <summary>
    /// The index with the changes committed since <paramref name="index"/>'s point (and the seqs they touched), read in one
    /// repeatable-read snapshot; the same index when nothing changed. Synchronous, on a worker thread (as the loader).
    /// </summary>
    private (SearchIndex Index, int[] Changed) CatchUp(SearchIndex index, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = LongTransaction(connection, System.Data.IsolationLevel.RepeatableRead);
        var point = SearchIndexLoader.ReadPoint(connection);
        if (point.Version == index.Version && point.Watermark == index.Watermark)
        {
            return (index, []);
        }

        // The records created, changed, deleted or restored since, and those whose end day they set, before and after.
        var changed = Seqs(connection, "SELECT seq FROM records WHERE updated_at > $1", index.Watermark ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        var touched = new HashSet<int>(changed);
        foreach (var seq in changed)
        {
            foreach (var live in index.Segments)
            {
                if (live.Segment.RankOf(seq) is var rank and >= 0 && !live.Removed.Contains(rank)
                    && live.Segment.EndingTargets.TryGetValue(seq, out var targets))
                {
                    touched.UnionWith(targets);
                }
            }
        }

        touched.UnionWith(Seqs(connection,
            "SELECT t.seq FROM record_relations x JOIN records s ON s.id = x.source_id JOIN records t ON t.id = x.target_id " +
            "WHERE x.type IN ('repeals', 'supersedes') AND s.seq = ANY($1)", changed));
        var seqs = touched.ToArray();
        var next = index.With(SearchIndexLoader.LoadSegment(connection, seqs, cancellationToken), seqs, point.Version, point.ChangedAt, point.Watermark);
        if (next.Segments.Count - 1 > options.Value.MaxChangeSegments)
        {
            next = Merge(next, connection, cancellationToken);
        }

        transaction.Commit();
        return (next, seqs);
    }

    /// <summary>
    /// The small change segments read again as one. The largest is kept as it is when it holds most of the changes
    /// (a large import), so that merging costs about as much as the writes it follows.
    /// </summary>
    private static SearchIndex Merge(SearchIndex index, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var changes = index.Segments.Skip(1).ToList();
        var largest = changes.MaxBy(s => s.LiveCount)!;
        var kept = largest.LiveCount * 2 > changes.Sum(s => s.LiveCount) ? largest : null;
        var seqs = changes.Where(s => s != kept).SelectMany(SearchIndex.LiveSeqs).ToArray();
        var merged = new List<LiveSegment> { index.Segments[0] };
        if (kept is not null)
        {
            merged.Add(kept);
        }

        merged.Add(new LiveSegment(SearchIndexLoader.LoadSegment(connection, seqs, cancellationToken), RankSet.Empty));
        return new SearchIndex(merged, index.Version, index.ChangedAt, index.Watermark);
    }

    private async Task SwapAsync(SearchIndex index, int[] changed, long started, CancellationToken cancellationToken)
    {
        var previous = _current;
        _documents.MoveTo(index.Version, changed);
        _current = index;
        if (outputCache is not null && index.Version != previous.Version)
        {
            await outputCache.EvictByTagAsync(CacheTag, cancellationToken);
        }

        // Searchable now, stale answers evicted. A change's lag counts from its commit, not for the first build,
        // whose data may be days old.
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var changeLag = previous != SearchIndex.Empty && index.Version != previous.Version && index.ChangedAt is { } changedAt
            ? DateTime.UtcNow - changedAt
            : (TimeSpan?)null;
        metrics.IndexSwapped(index.Size, elapsed, changeLag);
        CaughtUpAt = DateTime.UtcNow;
        var main = index.Main;
        logger.Log(changed.Length > 0 && previous != SearchIndex.Empty && index.Main == previous.Main ? LogLevel.Debug : LogLevel.Information,
            "Search index version {Version}: {Count} records in {Segments} segments ({Changed} records changed); main segment {Main} records, " +
            "{Terms} terms ({TermMb:0} MB); heap {HeapMb:0} MB; in {Elapsed:0.000} s",
            index.Version, index.Size, index.Segments.Count, changed.Length, main.Size, main.Terms.Count,
            main.Terms.Values.Sum(t => t.Bytes) / 1e6, GC.GetGCMemoryInfo().HeapSizeBytes / 1e6, elapsed.TotalSeconds);
    }

    /// <summary>
    /// Building a main segment leaves garbage (and the previous segment) in the oldest generation, where nothing else
    /// would collect it soon. A large one (hundreds of megabytes): given back now, compacted; a small one: in the background.
    /// </summary>
    private static void Collect(int size)
    {
        if (size >= AggressiveCollectionSize)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        else
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        }
    }

    private T WithConnection<T>(Func<NpgsqlConnection, T> read)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        db.Database.OpenConnection();
        try
        {
            return read((NpgsqlConnection)db.Database.GetDbConnection());
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>
    /// A transaction under none of the service's timeouts (<see cref="LongRunning"/>), as the loader's: an import of many
    /// records is read back in one go, and a migration's lock is waited for rather than failed on.
    /// </summary>
    private static NpgsqlTransaction LongTransaction(NpgsqlConnection connection, System.Data.IsolationLevel isolation)
    {
        var transaction = connection.BeginTransaction(isolation);
        using var command = new NpgsqlCommand(LongRunning.InTransaction, connection, transaction);
        command.ExecuteNonQuery();
        return transaction;
    }

    private static int[] Seqs(NpgsqlConnection connection, string sql, object parameter)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        using var reader = command.ExecuteReader();
        var seqs = new List<int>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt32(0));
        }

        return [.. seqs];
    }
}

/// <summary>
/// Keeps the index level with the database it reads: it looks for changes every <see cref="SearchOptions.PollMilliseconds"/>,
/// and at once when a change notification (<see cref="ChangeNotifications"/>) arrives. A hot standby sends none (it
/// refuses LISTEN), so there polling alone finds each change soon after the standby replays it.
/// </summary>
public sealed class IndexFollower(
    SearchIndexHost host, DatabaseState state, IConfiguration configuration, IOptions<SearchOptions> options, ILogger<IndexFollower> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DedicatedConnection.HoldAsync(configuration, async (connection, cancellationToken) =>
        {
            var interval = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
            var listening = await ChangeNotifications.TryListenAsync(connection, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (state.Initialized)
                {
                    await host.CatchUpAsync(cancellationToken);
                }

                if (listening)
                {
                    // A notification ends the wait at once; changes arriving meanwhile are taken together.
                    await connection.WaitAsync(interval, cancellationToken);
                }
                else
                {
                    await Task.Delay(interval, cancellationToken);
                }
            }
        }, lost: e =>
        {
            // A lost database is the health probe's to report (DatabaseHealthProbe); anything else is a fault here.
            if (e is not (NpgsqlException or TimeoutException or OperationCanceledException))
            {
                logger.LogError(e, "Following the database's changes failed; trying again");
            }
        }, stoppingToken);
}
