
namespace RegulationApi.Search;

/// <summary>How many records of the filtered set have this value; <c>Value</c> is null for records without one (year).</summary>
public sealed record FacetCount(string? Value, long Count);

public static class Facets
{
    public static readonly string[] Fields = ["year", "jurisdiction", "kind", "topic", "status", "level", "courtLevel", "outcome"];

    /// <summary>Years ascending with the unknown year last; other fields by count, largest first, then by value.</summary>
    public static Dictionary<string, List<FacetCount>> From(Tally tally, IEnumerable<string> fields) =>
        fields.Distinct().ToDictionary(field => field, field => field switch
        {
            "year" => tally.Years.OrderBy(y => y.Key).Select(y => new FacetCount(y.Key.ToString(), y.Value))
                .Concat(tally.NoYear > 0 ? [new FacetCount(null, tally.NoYear)] : []).ToList(),
            "jurisdiction" => ByCount(tally.Jurisdictions),
            "kind" => ByCount(tally.Kinds),
            "topic" => ByCount(tally.Topics),
            "level" => ByCount(tally.Levels),
            "courtLevel" => ByCount(tally.CourtLevels),
            "outcome" => ByCount(tally.Outcomes),
            _ => ByCount(tally.Statuses),
        });

    private static List<FacetCount> ByCount(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value)).ToList();
}
