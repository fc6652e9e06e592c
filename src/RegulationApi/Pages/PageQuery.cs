using Microsoft.AspNetCore.Http.Extensions;
using RegulationApi.Infrastructure;

namespace RegulationApi.Pages;

/// <summary>
/// The state of a search as its query string, for building the links of a page: a facet value toggled, a year chosen,
/// the next page. Every link drops the cursor (a new filter starts at its first page) unless it sets one.
/// </summary>
public sealed class PageQuery
{
    /// <summary>List parameters: a facet link adds or removes one value of the comma-separated list.</summary>
    public static readonly string[] ListParameters = ["kind", "jurisdiction", "topic", "status", "level", "courtLevel", "outcome", "appliesIn"];

    private readonly List<KeyValuePair<string, string>> _pairs;

    public PageQuery(IQueryCollection query)
    {
        // One pair per parameter, lists joined, so a toggle sees every value of a repeated list parameter.
        _pairs = query
            .Select(p => new KeyValuePair<string, string>(Canonical(p.Key), string.Join(',', p.Value.Where(v => !string.IsNullOrEmpty(v)))))
            .Where(p => p.Value.Length > 0)
            .ToList();
    }

    private PageQuery(List<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    public string? this[string name] => _pairs.FirstOrDefault(p => p.Key == name).Value;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public IReadOnlyList<string> Values(string name) => QueryValue.Split(this[name] is { } v ? [v] : null);

    public bool Has(string name, string value) => Values(name).Contains(value, StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy with <paramref name="name"/> set (or removed when null), the cursor dropped.</summary>
    public PageQuery With(string name, string? value, bool keepCursor = false)
    {
        var pairs = _pairs.Where(p => p.Key != name && (keepCursor || p.Key != "cursor")).ToList();
        if (value is not null)
        {
            pairs.Add(new(name, value));
        }

        return new PageQuery(pairs);
    }

    public PageQuery Without(params string[] names) => new(_pairs.Where(p => !names.Contains(p.Key) && p.Key != "cursor").ToList());

    /// <summary>The value added to, or removed from, a list parameter.</summary>
    public PageQuery Toggle(string name, string value)
    {
        var values = Values(name).ToList();
        if (values.RemoveAll(v => v.Equals(value, StringComparison.OrdinalIgnoreCase)) == 0)
        {
            values.Add(value);
        }

        return With(name, values.Count == 0 ? null : string.Join(',', values));
    }

    /// <summary>This query's page: "/" plus the query string ("/" alone when empty).</summary>
    public string Href(string path = "/") => path + new QueryBuilder(_pairs).ToQueryString();

    /// <summary>The same filtered set from the API, for exports and the JSON link: without the page's language.</summary>
    public string ApiHref(string? format = null)
    {
        var pairs = _pairs.Where(p => p.Key != "lang" && (format is null || (p.Key != "cursor" && p.Key != "limit"))).ToList();
        if (format is not null)
        {
            pairs.Add(new("format", format));
        }

        return "/api/v1/records" + new QueryBuilder(pairs).ToQueryString();
    }

    /// <summary>The parameter name as the API spells it (its names match case-insensitively).</summary>
    private static string Canonical(string name) =>
        Known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private static readonly string[] Known =
    [
        "q", "kind", "jurisdiction", "year", "yearFrom", "yearTo", "from", "to", "topic", "status", "level", "courtLevel", "outcome",
        "authority", "inForceOn", "appliesIn", "sort", "limit", "cursor", "facets", "updatedSince", "format", "lang",
    ];
}
