namespace RegulationApi.Search;

/// <summary>Where a page starts, in the order of a sort: a rank, or for relevance a tier and a rank.</summary>
public readonly record struct PagePosition(int Tier, int Rank);
