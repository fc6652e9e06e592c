using System.Runtime.CompilerServices;
using System.Text.Json;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Search;

namespace RegulationApi.Pages;

/// <summary>Builds the search page's view from one index snapshot: results, facets, the jurisdiction tree, the year chart.</summary>
public static class SearchViews
{
    /// <summary>The facets shown as lists, in this order (jurisdiction is the tree, year the chart).</summary>
    private static readonly string[] ListFacets = ["kind", "topic", "status", "level", "courtLevel", "outcome"];

    public static SearchView Build(Texts l, PageQuery query, RecordSearchRequest request, RecordFilter filter, SearchIndex index, SearchPage page, string? next, RankScratch scratch)
    {
        var highlighter = new Highlighter(request.Q);
        var items = page.Documents
            .Select(Parse)
            .Select(r => Item(l, r, highlighter))
            .ToList();

        // Every page of a cursor walk, in either language, shows the same facets and chart: counted once per snapshot.
        var counts = index.Memo.GetOrAdd("page", filter, () => PageCounts.Of(index, page.Matches, scratch));
        var tally = counts.Tally;
        var facets = ListFacets.Select(field => new FacetGroup(field, l.FacetName(field), Values(l, query, field, field switch
        {
            "kind" => tally.Kinds,
            "topic" => tally.Topics,
            "status" => tally.Statuses,
            "level" => tally.Levels,
            "courtLevel" => tally.CourtLevels,
            _ => tally.Outcomes,
        }))).Where(g => g.Values.Count > 0).ToList();

        return new SearchView(
            l, query, request.Q, request.Sort, page.Total, items,
            next is null ? null : query.With("cursor", next).Href(),
            request.Cursor is null ? null : query.Without().Href(),
            facets, Tree(l, query, tally.Jurisdictions), Chart(query, counts), Active(l, query),
            query.With("lang", l.Other, keepCursor: true).Href());
    }

    /// <summary>
    /// Documents parsed once while the document cache holds them: a cached document is one string instance for one
    /// version of a record, and its parsed form goes when the string does.
    /// </summary>
    private static readonly ConditionalWeakTable<string, RecordDocument> Parsed = new();

    private static RecordDocument Parse(string document) =>
        Parsed.GetValue(document, d => JsonSerializer.Deserialize(d, RecordJsonContext.Default.RecordDocument)!);

    private static ResultItem Item(Texts l, RecordDocument r, Highlighter highlighter)
    {
        var title = RecordText.Title(r, l.Language);
        var summary = RecordText.In(r.Summary, l.Language);
        return new ResultItem(
            r.Id, $"/records/{Uri.EscapeDataString(r.Id)}" + (l.IsChinese ? "?lang=zh" : "?lang=en"), title, highlighter.Segments(title.Text),
            RecordText.Original(r, l.Language), r.Kind, l.Kind(r.Kind), l.Jurisdiction(r.Jurisdiction), RecordText.DateText(r, l),
            RecordText.Number(r), r.Status, l.Status(r.Status), r.Verification, l.VerificationName(r.Verification),
            summary is null ? [] : highlighter.Snippet(summary.Text), summary?.Lang);
    }

    /// <summary>Values by count, largest first; the selected ones always shown, so they can be removed.</summary>
    private static List<FacetValue> Values(Texts l, PageQuery query, string field, Dictionary<string, long> counts)
    {
        var selected = query.Values(field);
        return counts.Select(c => (c.Key, c.Value))
            .Concat(selected.Where(s => !counts.ContainsKey(s)).Select(s => (Key: s, Value: 0L)))
            .OrderByDescending(c => c.Item2).ThenBy(c => c.Item1, StringComparer.Ordinal)
            .Select(c => new FacetValue(c.Item1, l.Value(field, c.Item1), c.Item2, selected.Contains(c.Item1), query.Toggle(field, c.Item1).Href()))
            .ToList();
    }

    /// <summary>Countries with the count of all their records (CN: China and its provinces), each with its subdivisions.</summary>
    private static List<JurisdictionNode> Tree(Texts l, PageQuery query, Dictionary<string, long> counts)
    {
        var selected = query.Values("jurisdiction").Select(j => j.ToUpperInvariant()).ToHashSet();
        static string CountryOf(string code) =>
            Jurisdictions.All.TryGetValue(code, out var j) && j.Parent is { } parent ? parent : code.Split('-')[0];

        var codes = counts.Keys.Concat(selected).Distinct().ToList();
        FacetValue Value(string code, long count) =>
            new(code, l.Jurisdiction(code), count, selected.Contains(code), query.Toggle("jurisdiction", code).Href());

        return codes.GroupBy(CountryOf)
            .Select(g => new JurisdictionNode(
                Value(g.Key, g.Sum(c => counts.GetValueOrDefault(c))),
                g.Where(c => c != g.Key).OrderByDescending(c => counts.GetValueOrDefault(c)).ThenBy(c => c, StringComparer.Ordinal)
                    .Select(c => Value(c, counts.GetValueOrDefault(c))).ToList()))
            .OrderByDescending(n => n.Country.Count).ThenBy(n => n.Country.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The counts a search page shows: the facets, and per kind the counts by year (the chart's stacks).</summary>
    private sealed record PageCounts(Tally Tally, List<string> Kinds, Dictionary<string, Dictionary<int, long>> YearsByKind)
    {
        public static PageCounts Of(SearchIndex index, Matches matches, RankScratch scratch)
        {
            var tally = index.Tally(matches);
            var kinds = Vocabulary.Kinds.Where(k => tally.Kinds.ContainsKey(k)).ToList();
            // The set intersected with each kind, tallied by year.
            var byKind = kinds.ToDictionary(k => k, k => index.Tally(index.With(matches, "kind:" + k, scratch), ["year"]).Years);
            return new PageCounts(tally, kinds, byKind);
        }
    }

    private static YearChartModel Chart(PageQuery query, PageCounts counts)
    {
        var (tally, kinds, byKind) = counts;
        var selectedYear = QueryValue.ParseInt(query["year"]);
        var bars = new List<YearBar>();
        if (tally.Years.Count > 0)
        {
            // Every year from the first to the last, so gaps show as gaps.
            for (var year = tally.Years.Keys.Min(); year <= tally.Years.Keys.Max(); year++)
            {
                var parts = kinds.Select(k => (k, byKind[k].GetValueOrDefault(year))).ToList();
                var href = query.Without("year", "yearFrom", "yearTo").With("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture)).Href();
                bars.Add(new YearBar(year, parts, tally.Years.GetValueOrDefault(year), href, selectedYear == year));
            }
        }

        return new YearChartModel(bars, kinds, tally.NoYear);
    }

    /// <summary>The filters in force, each a link that removes it.</summary>
    private static List<FacetValue> Active(Texts l, PageQuery query)
    {
        var active = new List<FacetValue>();
        foreach (var field in PageQuery.ListParameters)
        {
            foreach (var value in query.Values(field))
            {
                var label = field == "appliesIn" ? $"{l.InRegion}: {l.Jurisdiction(value.ToUpperInvariant())}" : $"{l.FacetName(field)}: {l.Value(field, field == "jurisdiction" ? value.ToUpperInvariant() : value)}";
                active.Add(new FacetValue(value, label, 0, true, query.Toggle(field, value).Href()));
            }
        }

        foreach (var (field, en, zh) in new[]
                 {
                     ("q", "Query", "检索词"), ("year", "Year", "年份"), ("yearFrom", "From year", "起始年份"), ("yearTo", "To year", "截止年份"),
                     ("from", "From", "起始日期"), ("to", "To", "截止日期"), ("authority", "Authority", "机关"), ("inForceOn", "In force on", "生效日期"),
                 })
        {
            if (query[field] is { } value)
            {
                active.Add(new FacetValue(value, $"{l.T(en, zh)}: {value}", 0, true, query.Without(field).Href()));
            }
        }

        return active;
    }
}
