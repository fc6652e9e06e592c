using System.Collections.Concurrent;
using System.Text.Json;

namespace RegulationApi.Search;

/// <summary>
/// Tallies already computed on one index snapshot, by filter: a search page, every page of its cursor walk and both
/// languages count the same set, and a snapshot never changes, so its counts stay exact until it is replaced.
/// Bounded: emptied when full, since an index is replaced on every change anyway.
/// </summary>
public sealed class TallyMemo
{
    private const int Capacity = 1024;
    private readonly ConcurrentDictionary<string, object> _entries = new(StringComparer.Ordinal);

    /// <summary>The value kept for this filter and purpose, computed (once per snapshot, racing callers aside) when absent.</summary>
    public T GetOrAdd<T>(string purpose, RecordFilter filter, Func<T> compute) where T : class
    {
        var key = purpose + JsonSerializer.Serialize(filter);
        if (_entries.TryGetValue(key, out var found))
        {
            return (T)found;
        }

        var value = compute();
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = value;
        return value;
    }
}
