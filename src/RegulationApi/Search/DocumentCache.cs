using System.Collections.Concurrent;

namespace RegulationApi.Search;

/// <summary>
/// Stored record documents recently sent, by seq, for the current index version: the buffer pool of the API. It
/// caches records, not responses (every request still matches, counts, pages and writes its own body). When the index
/// moves on, the cache moves with it and lets go of the records that changed, so it never serves a stale document.
/// </summary>
public sealed class DocumentCache(long version, long capacityBytes)
{
    private readonly ConcurrentDictionary<int, string> _documents = new();
    private long _bytes;
    private long _version = version;

    public long Version => Volatile.Read(ref _version);

    /// <summary>To the index version that changed these records.</summary>
    public void MoveTo(long version, IEnumerable<int> changed)
    {
        Volatile.Write(ref _version, version);
        foreach (var seq in changed)
        {
            _documents.TryRemove(seq, out _);
        }
    }

    public bool TryGet(int seq, out string document) => _documents.TryGetValue(seq, out document!);

    /// <summary>A document read for index version <paramref name="version"/>: kept only while that is the cache's version.</summary>
    public void Add(int seq, string document, long version)
    {
        if (capacityBytes == 0 || version != Version)
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
            if (version != Version)
            {
                // The index moved on meanwhile: the document may be older than the change that moved it.
                _documents.TryRemove(seq, out _);
            }
        }
    }
}
