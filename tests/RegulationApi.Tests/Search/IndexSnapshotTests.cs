using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Search;
using RegulationApi.Tests.Curation;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Search;

/// <summary>
/// The main segment kept on disk: a restart reads it and applies what changed since (here a record created while the
/// service was down), with the same answers as a build from every record; a damaged file is ignored.
/// </summary>
public sealed class IndexSnapshotTests(PostgresFixture postgres) : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;
    private readonly string _directory = Directory.CreateTempSubdirectory("regulationapi-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<RegulationApiFactory> StartAsync(string connectionString, string? directory = null)
    {
        var factory = new RegulationApiFactory(connectionString, new Dictionary<string, string?> { ["Search:SnapshotDirectory"] = directory ?? _directory });
        await factory.WaitUntilReadyAsync();
        return factory;
    }

    private static async Task<(long Total, List<string> Ids)> AnswerAsync(HttpClient client, string query)
    {
        var page = await client.GetJsonAsync("/api/v1/records?limit=100&" + query);
        return (page.GetProperty("total").GetInt64(), [.. page.Ids()]);
    }

    [Fact]
    public async Task Restart_ReadsTheSnapshot_AndAppliesTheChangesMadeSince()
    {
        var connectionString = await postgres.CreateDatabaseAsync("snapshot");
        await using (var first = await StartAsync(connectionString))
        {
            Assert.False(first.Services.GetRequiredService<SearchIndexHost>().ReadFromSnapshot);
            await Wait.UntilAsync(() => Directory.EnumerateFiles(_directory, "index-*.bin").Any(), TimeSpan.FromSeconds(20), "the snapshot written");
        }

        // A change made while no service runs: a record created with a second service that keeps no snapshot.
        await using (var writer = await StartAsync(connectionString, directory: ""))
        {
            var key = "rak_test_" + Guid.NewGuid().ToString("N");
            await CurationDatabase.AddKeyAsync(writer, "curator-snapshot", key);
            using var client = writer.CreateClient();
            var record = await CurationDatabase.NewRegulationAsync(client, "test-after-snapshot");
            record["title"]!["en"] = "Notice on the snapvex mining halt";
            Assert.Equal(HttpStatusCode.Created, (await CurationDatabase.SendAsync(client, key, HttpMethod.Post, "/api/v1/records", record)).StatusCode);
        }

        await using var restarted = await StartAsync(connectionString);
        await using var rebuilt = await StartAsync(connectionString, directory: "");
        Assert.True(restarted.Services.GetRequiredService<SearchIndexHost>().ReadFromSnapshot);
        using var fromSnapshot = restarted.CreateClient();
        using var fromRecords = rebuilt.CreateClient();
        Assert.Equal(["test-after-snapshot"], (await AnswerAsync(fromSnapshot, "q=snapvex")).Ids);
        foreach (var query in new[] { "", "q=mining", "jurisdiction=CN&sort=date-asc", "inForceOn=2022-01-01", "q=挖矿&sort=relevance", "kind=ruling" })
        {
            Assert.Equal(await AnswerAsync(fromRecords, query), await AnswerAsync(fromSnapshot, query), new AnswerComparer());
        }
    }

    [Fact]
    public async Task DamagedSnapshot_IsIgnored_AndTheIndexBuiltFromTheRecords()
    {
        var connectionString = await postgres.CreateDatabaseAsync("snapshot_damaged");
        await using (var first = await StartAsync(connectionString))
        {
            await Wait.UntilAsync(() => Directory.EnumerateFiles(_directory, "index-*.bin").Any(), TimeSpan.FromSeconds(20), "the snapshot written");
        }

        var file = Directory.EnumerateFiles(_directory, "index-*.bin").Single();
        var bytes = await File.ReadAllBytesAsync(file, Token);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)], Token);

        await using var restarted = await StartAsync(connectionString);
        Assert.False(restarted.Services.GetRequiredService<SearchIndexHost>().ReadFromSnapshot);
        using var client = restarted.CreateClient();
        Assert.Equal(restarted.Services.GetRequiredService<SearchIndexHost>().Current.Size, (await AnswerAsync(client, "")).Total);
        Assert.True((await AnswerAsync(client, "")).Total > 100);
    }

    private sealed class AnswerComparer : IEqualityComparer<(long Total, List<string> Ids)>
    {
        public bool Equals((long Total, List<string> Ids) x, (long Total, List<string> Ids) y) => x.Total == y.Total && x.Ids.SequenceEqual(y.Ids);

        public int GetHashCode((long Total, List<string> Ids) obj) => obj.Total.GetHashCode();
    }
}
