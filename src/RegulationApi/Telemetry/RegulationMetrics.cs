using System.Diagnostics.Metrics;
using RegulationApi.Data;

namespace RegulationApi.Telemetry;

/// <summary>
/// The service's own metrics, on one meter (<see cref="MeterName"/>): the search index, the output cache, the rate
/// limits and the database. Recorded where each happens; /metrics shows them with Prometheus names (README.md).
/// </summary>
public sealed class RegulationMetrics
{
    public const string MeterName = "RegulationApi";

    // Seconds: from a small index rebuilt after one write to a million records read at start-up.
    private static readonly double[] SecondsBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Histogram<double> _indexBuildDuration;
    private readonly Histogram<double> _changeLag;
    private readonly Counter<long> _outputCacheHits;
    private readonly Counter<long> _rateLimitRejections;
    private volatile int _indexRecords;

    public RegulationMetrics(IMeterFactory meters, DatabaseHealth database)
    {
        // From the host's factory: the meter is this host's, and disposed with it.
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("regulation.index.records", () => _indexRecords, "{record}",
            "Records in the search index that requests read.");
        meter.CreateObservableGauge("regulation.database.down", () => database.IsDown ? 1 : 0, null,
            "1 while the database is known to be unreachable (data requests answer 503), else 0.");
        _indexBuildDuration = meter.CreateHistogram<double>("regulation.index.build.duration", "s",
            "Time to read the records and build a search index, until it serves.", tags: null, advice: SecondsAdvice);
        _changeLag = meter.CreateHistogram<double>("regulation.index.change_lag", "s",
            "Time from a committed change (an import or a curator's write) until the index that holds it serves.", tags: null, advice: SecondsAdvice);
        _outputCacheHits = meter.CreateCounter<long>("regulation.output_cache.hits", "{response}",
            "Responses the output cache answered (200 or 304) without running the endpoint.");
        _rateLimitRejections = meter.CreateCounter<long>("regulation.rate_limit.rejections", "{request}",
            "Requests refused with 429 by a rate limit, by policy (reads, writes).");
    }

    private static InstrumentAdvice<double> SecondsAdvice { get; } = new() { HistogramBucketBoundaries = SecondsBuckets };

    /// <summary>
    /// A new index is live: its size and build time, and, when it follows a change this service saw happen (not its
    /// first build), the lag from that change's commit.
    /// </summary>
    public void IndexSwapped(int records, TimeSpan buildTime, TimeSpan? changeLag)
    {
        _indexRecords = records;
        _indexBuildDuration.Record(buildTime.TotalSeconds);
        if (changeLag is { } lag)
        {
            // The database's clock and this one may differ a little: a change is never searchable before it is made.
            _changeLag.Record(Math.Max(0, lag.TotalSeconds));
        }
    }

    public void OutputCacheHit() => _outputCacheHits.Add(1);

    public void RateLimitRejected(string? policy) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy ?? "none"));
}
