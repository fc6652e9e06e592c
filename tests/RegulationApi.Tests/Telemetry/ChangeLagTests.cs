using System.Diagnostics;
using System.Net;
using Npgsql;
using RegulationApi.Tests.Curation;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Telemetry;

/// <summary>A curator's write, and the metrics of the index rebuilt after it: the lag from its commit, the new size.</summary>
public sealed class ChangeLagTests(CurationDatabase api) : IClassFixture<CurationDatabase>
{
    [Fact]
    public async Task ChangeLag_AfterACuratorsWrite_IsMeasuredFromItsCommitToTheRebuiltIndex()
    {
        var before = await Scrape.TakeAsync(api.Client);
        Assert.Equal(0, before.Total("regulation_index_change_lag_seconds_count"));
        var builds = before.Value("regulation_index_build_duration_seconds_count");
        var record = await api.NewRegulationAsync("test-telemetry-lag");
        var totalBefore = (await api.Client.GetJsonAsync("/api/v1/records")).GetProperty("total").GetInt64();

        var watch = Stopwatch.StartNew();
        var created = await api.SendAsync(HttpMethod.Post, "/api/v1/records", record);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Scrape after = null!;
        await Wait.UntilAsync(async () => (after = await Scrape.TakeAsync(api.Client)).Total("regulation_index_change_lag_seconds_count") >= 1,
            TimeSpan.FromSeconds(30), "the change lag of the rebuild that follows the write");
        var elapsed = watch.Elapsed;

        // One change, one rebuild: its lag is after the commit and before this test saw it, so within the test's own clock.
        Assert.Equal(1, after.Value("regulation_index_change_lag_seconds_count"));
        var lag = after.Value("regulation_index_change_lag_seconds_sum");
        Assert.InRange(lag, 0, elapsed.TotalSeconds);
        Assert.Equal(builds + 1, after.Value("regulation_index_build_duration_seconds_count"));
        Assert.Equal(await CountAsync(api.Factory.ConnectionString), after.Value("regulation_index_records"));
        Assert.Equal(before.Value("regulation_index_records") + 1, after.Value("regulation_index_records"));
        // Searchable, as the metric says: the list's exact total counts it.
        Assert.Equal(totalBefore + 1, (await api.Client.GetJsonAsync("/api/v1/records")).GetProperty("total").GetInt64());
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM records WHERE deleted_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
