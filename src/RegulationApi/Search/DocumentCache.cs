using System.Collections.Concurrent;

namespace RegulationApi.Search;

/// <summary>Size of the record-document cache (section "Search").</summary>
public sealed class SearchOptions
{
    /// <summary>Megabytes of stored documents kept in memory; 0 reads every page from the database.</summary>
    public int DocumentCacheMegabytes { get; set; } = 16;

    /// <summary>
    /// While changes keep coming, at most one rebuild of the index per this many milliseconds: search follows a
    /// stream of curators' writes within about this delay, instead of rebuilding after every one of them.
    /// </summary>
    public int RebuildIntervalMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Stored record documents recently sent, by seq, for one index version: the buffer pool of the API. It caches
/// records, not responses (every request still matches, counts, pages and writes its own body), and a new index
/// version starts a new cache, so an import never leaves a stale document behind.
/// </summary>
public sealed class DocumentCache(long version, long capacityBytes)
{
    private readonly ConcurrentDictionary<int, string> _documents = new();
    private long _bytes;

    public long Version { get; } = version;

    public bool TryGet(int seq, out string document) => _documents.TryGetValue(seq, out document!);

    public void Add(int seq, string document)
    {
        if (capacityBytes == 0)
        {
            return;
        }

        if (Interlocked.Read(ref _bytes) > capacityBytes)
        {
            // Full: start over rather than track recency; the hot records come back at once.
            _documents.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }

        if (_documents.TryAdd(seq, document))
        {
            Interlocked.Add(ref _bytes, document.Length * 2L);
        }
    }
}
