namespace RegulationApi.Search;

/// <summary>The search index and its document cache (section "Search").</summary>
public sealed class SearchOptions
{
    /// <summary>Megabytes of stored documents kept in memory; 0 reads every page from the database.</summary>
    public int DocumentCacheMegabytes { get; set; } = 16;

    /// <summary>
    /// How often the index looks for changes in the database it reads, when no notification wakes it sooner (a hot
    /// standby never sends one).
    /// </summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>
    /// Where the main segment is kept on disk between runs (<see cref="IndexSnapshot"/>), one file per database; empty:
    /// never, every start builds the index from every record.
    /// </summary>
    public string SnapshotDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "regulationapi");

    /// <summary>Beyond this many segments of changes, the small ones are merged into one.</summary>
    public int MaxChangeSegments { get; set; } = 8;

    /// <summary>
    /// When the records applied as changes pass this many (or a tenth of the main segment, if more), the main segment
    /// is rebuilt from the database in the background, while the current one goes on serving.
    /// </summary>
    public int CompactAfterRecords { get; set; } = 20_000;
}
