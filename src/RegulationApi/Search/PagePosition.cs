namespace RegulationApi.Search;

/// <summary>
/// Where a page starts: after the record with this day and id (in the sort's order, within relevance tier
/// <see cref="Tier"/>), or at the start when <see cref="Id"/> is null. It names a record rather than a place in one
/// snapshot, so a cursor still pages after the index has changed.
/// </summary>
public readonly record struct PagePosition(int Tier, int Day, string? Id)
{
    public static PagePosition Start { get; } = new(0, 0, null);
}
