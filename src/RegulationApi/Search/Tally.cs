namespace RegulationApi.Search;

/// <summary>Counts of a filtered set by field value, for facets and per-year statistics.</summary>
public sealed record Tally(
    Dictionary<int, long> Years, long NoYear, Dictionary<string, long> Jurisdictions,
    Dictionary<string, long> Kinds, Dictionary<string, long> Topics, Dictionary<string, long> Statuses)
{
    public Dictionary<string, long> Levels { get; init; } = [];

    /// <summary>Rulings by court level (records without one are not counted).</summary>
    public Dictionary<string, long> CourtLevels { get; init; } = [];

    /// <summary>Rulings by outcome (records without one are not counted).</summary>
    public Dictionary<string, long> Outcomes { get; init; } = [];
}

public static class TallySums
{
    /// <summary>The counts of two disjoint sets together: the segments of one index snapshot.</summary>
    public static Tally Plus(this Tally a, Tally b) => new(
        Sum(a.Years, b.Years), a.NoYear + b.NoYear, Sum(a.Jurisdictions, b.Jurisdictions), Sum(a.Kinds, b.Kinds),
        Sum(a.Topics, b.Topics), Sum(a.Statuses, b.Statuses))
    {
        Levels = Sum(a.Levels, b.Levels),
        CourtLevels = Sum(a.CourtLevels, b.CourtLevels),
        Outcomes = Sum(a.Outcomes, b.Outcomes),
    };

    private static Dictionary<TKey, long> Sum<TKey>(Dictionary<TKey, long> a, Dictionary<TKey, long> b) where TKey : notnull
    {
        if (b.Count == 0)
        {
            return a;
        }

        var sum = new Dictionary<TKey, long>(a, a.Comparer);
        foreach (var (key, count) in b)
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }
}
