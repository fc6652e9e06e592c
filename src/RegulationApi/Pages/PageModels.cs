using RegulationApi.Curation;
using RegulationApi.Model;

namespace RegulationApi.Pages;

/// <summary>Text in a language, marked with its lang attribute on the page.</summary>
public sealed record LangText(string Text, string Lang);

/// <summary>One value of a facet: its count in the filtered set and the link that adds or removes it.</summary>
public sealed record FacetValue(string Value, string Label, long Count, bool Selected, string Href);

public sealed record FacetGroup(string Field, string Name, IReadOnlyList<FacetValue> Values);

/// <summary>A country with the count of all its records, and its provinces or states beneath it.</summary>
public sealed record JurisdictionNode(FacetValue Country, IReadOnlyList<FacetValue> Children);

/// <summary>One year's bar: its count per kind, the link to filter to it.</summary>
public sealed record YearBar(int Year, IReadOnlyList<(string Kind, long Count)> Parts, long Total, string Href, bool Selected);

public sealed record YearChartModel(IReadOnlyList<YearBar> Bars, IReadOnlyList<string> Kinds, long UnknownYear);

public sealed record ResultItem(
    string Id, string Href, LangText Title, IReadOnlyList<TextSegment> TitleSegments, LangText? Original, string Kind, string KindLabel,
    string Jurisdiction, string? Date, string? Number, string Status, string StatusLabel, string Verification, string VerificationLabel,
    IReadOnlyList<TextSegment> Snippet, string? SnippetLang);

public sealed record SearchView(
    Texts L, PageQuery Query, string? Q, string? Sort, long Total, IReadOnlyList<ResultItem> Items, string? NextHref, string? FirstHref,
    IReadOnlyList<FacetGroup> Facets, IReadOnlyList<JurisdictionNode> JurisdictionTree, YearChartModel Chart,
    IReadOnlyList<FacetValue> Active, string SwitchHref);

/// <summary>What the frame of every page shows: the title, the language switch, and where "skip to" leads.</summary>
public sealed record PageFrame(Texts L, string Title, string SwitchHref, string? SkipTo = null);

/// <summary>A problem with one parameter, for the 400 page.</summary>
public sealed record ParameterProblem(string Parameter, string Message);

public sealed record ErrorView(Texts L, int Status, string Title, string Message, IReadOnlyList<ParameterProblem> Problems, string SwitchHref);

/// <summary>A record linked to the page's record, read from the page's record's side.</summary>
public sealed record RelatedItem(string Type, bool Outgoing, RecordDocument Record);

public sealed record RecordView(
    Texts L, RecordDocument Record, IReadOnlyList<RelatedItem> Related, IReadOnlyList<RevisionItem> Revisions, string SelfUrl, string SwitchHref);
