namespace RegulationApi.Search;

/// <summary>A validated set of filters; lists are sorted so that equal filters are equal records.</summary>
public sealed record RecordFilter(
    string? Q, string[] Kinds, string[] Jurisdictions, int? Year, int? YearFrom, int? YearTo,
    DateOnly? From, DateOnly? To, string[] Topics, string[] Statuses, string? Authority, DateOnly? InForceOn, string[] AppliesIn)
{
    public static RecordFilter None { get; } = new(null, [], [], null, null, null, null, null, [], [], null, null, []);

    public string[] Levels { get; init; } = [];

    public string[] CourtLevels { get; init; } = [];

    public string[] Outcomes { get; init; } = [];
}
