namespace RegulationApi.Search;

/// <summary>The orders a page of records can be in; relevance needs a query.</summary>
public enum RecordSort
{
    Relevance,
    Date,
    DateAscending,
}
