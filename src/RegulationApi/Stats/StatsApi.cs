using Microsoft.AspNetCore.Http.HttpResults;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Search;

namespace RegulationApi.Stats;

/// <summary>Records in one year; <c>Year</c> is null for records whose year is unknown.</summary>
public sealed record YearCount(int? Year, long Count);

/// <summary>Counts by year, ascending, the unknown year last; <c>Total</c> is their sum.</summary>
public sealed record YearStatsResponse(IReadOnlyList<YearCount> Items, long Total);

/// <summary>A jurisdiction present in the knowledge base.</summary>
/// <param name="Code">ISO 3166-1 alpha-2 or ISO 3166-2 code.</param>
/// <param name="Name">Its name, zh and en.</param>
/// <param name="Parent">The country of a province or state (US-NY → US, CA-BC → CA, RU-IRK → RU); null for a country and for the EU.</param>
/// <param name="Count">Records whose jurisdiction is exactly this code.</param>
public sealed record JurisdictionResponse(string Code, Dictionary<string, string> Name, string? Parent, long Count);

public sealed record JurisdictionsResponse(IReadOnlyList<JurisdictionResponse> Items);

public static class StatsApi
{
    public static RouteGroupBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Statistics").WithApiConventions().WithRateLimits().WithResponseCaching();

        group.MapGet("/stats/years", GetYearStats)
            .WithName(nameof(GetYearStats))
            .WithSummary("Record counts by year")
            .WithDescription("Counts of the records matching the filters of /api/v1/records (without sort, limit or cursor), by year of the primary date.");

        group.MapGet("/jurisdictions", GetJurisdictions)
            .WithName(nameof(GetJurisdictions))
            .WithSummary("Jurisdictions present")
            .WithDescription("Every jurisdiction that has records, with its names and the number of records whose jurisdiction is exactly that code.");

        return group;
    }

    public static Ok<YearStatsResponse> GetYearStats([AsParameters] RecordFilterRequest request, RecordSearch search)
    {
        var index = search.Index;
        using var scratch = new RankScratch();
        var tally = index.Tally(index.Match(request.ToFilter(), scratch), ["year"]);
        var items = tally.Years.OrderBy(y => y.Key).Select(y => new YearCount(y.Key, y.Value)).ToList();
        if (tally.NoYear > 0)
        {
            items.Add(new YearCount(null, tally.NoYear));
        }

        return TypedResults.Ok(new YearStatsResponse(items, items.Sum(c => c.Count)));
    }

    public static Ok<JurisdictionsResponse> GetJurisdictions(RecordSearch search)
    {
        var index = search.Index;
        using var scratch = new RankScratch();
        var counts = index.Tally(index.Match(RecordFilter.None, scratch), ["jurisdiction"]).Jurisdictions;
        var items = counts
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => Jurisdictions.All.TryGetValue(c.Key, out var j)
                ? new JurisdictionResponse(c.Key, new() { ["zh"] = j.Zh, ["en"] = j.En }, j.Parent, c.Value)
                : new JurisdictionResponse(c.Key, [], c.Key.Contains('-') ? c.Key.Split('-')[0] : null, c.Value))
            .ToList();
        return TypedResults.Ok(new JurisdictionsResponse(items));
    }
}
