using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;
using RegulationApi.Tests.Records;

namespace RegulationApi.Tests.Curation;

/// <summary>updatedSince and sort=updated: every creation, change and deletion since an instant, so a client can mirror the knowledge base.</summary>
public sealed class ChangeFeedTests(CurationDatabase api) : IClassFixture<CurationDatabase>
{
    private static string Since(DateTime instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));

    [Fact]
    public async Task ChangeFeed_ListsCreatedChangedAndDeleted_InOrderOfChange_WithTombstones()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var seedCount = (await api.Client.AllPagesAsync($"/api/v1/records?updatedSince={Since(before)}&limit=100")).Count;

        await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-feed-a"));
        await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-feed-b"));
        var (b, etag) = await api.GetAsync("test-feed-b");
        b["notes"] = "Changed after creation.";
        await api.SendAsync(HttpMethod.Put, "/api/v1/records/test-feed-b", b, ifMatch: etag);
        var (_, etagA) = await api.GetAsync("test-feed-a");
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-feed-a", ifMatch: etagA)).StatusCode);

        var changes = await api.Client.AllPagesAsync($"/api/v1/records?updatedSince={Since(before)}&sort=updated&limit=1");
        var ours = changes.Where(c => c.GetProperty("id").GetString() is "test-feed-a" or "test-feed-b").ToList();
        Assert.Equal(seedCount + 2, changes.Count);
        Assert.Equal(["test-feed-b", "test-feed-a"], ours.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("Changed after creation.", ours[0].GetProperty("notes").GetString());
        Assert.True(ours[1].GetProperty("deleted").GetBoolean());
        Assert.False(ours[1].TryGetProperty("title", out _));
        var stamps = changes.Select(c => DateTime.Parse(c.GetProperty("updatedAt").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.Equal(stamps.Order(), stamps);
    }

    /// <summary>
    /// Four curators writing at once while a client follows the feed from the last stamp it saw: every change reaches
    /// it exactly once, and the stamps it reads never go back (a stamp is taken under the write lock, after every
    /// committed one, so no change can commit later with an earlier stamp and be skipped).
    /// </summary>
    [Fact]
    public async Task ChangeFeed_FollowedDuringConcurrentWrites_DeliversEveryChangeOnce_InStampOrder()
    {
        var since = Since(DateTime.UtcNow);
        var seen = new List<(string Id, string UpdatedAt)>();
        var writing = Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync($"test-feed-w{writer}-{i}"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }, TestContext.Current.CancellationToken)));

        // The client: every page from its last stamp, then again from the newest stamp it has seen.
        async Task FollowAsync()
        {
            // Its own walk: the total of a feed that grows while it is read is that of the first page only.
            var url = $"/api/v1/records?updatedSince={since}&sort=updated&limit=7";
            var last = since;
            while (url is not null)
            {
                var page = await api.Client.GetJsonAsync(url);
                foreach (var change in page.GetProperty("items").EnumerateArray())
                {
                    var updatedAt = change.GetProperty("updatedAt").GetString()!;
                    seen.Add((change.GetProperty("id").GetString()!, updatedAt));
                    last = Uri.EscapeDataString(updatedAt);
                }

                url = page.GetProperty("nextCursor").GetString() is { } cursor ? $"/api/v1/records?updatedSince={since}&sort=updated&limit=7&cursor={Uri.EscapeDataString(cursor)}" : null;
            }

            since = last;
        }

        while (!writing.IsCompleted)
        {
            await FollowAsync();
        }

        await writing;
        await FollowAsync();

        var ours = seen.Where(c => c.Id.StartsWith("test-feed-w", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, ours.Count);
        Assert.Equal(40, ours.Select(c => c.Id).Distinct().Count());
        Assert.Equal(seen.Select(c => DateTime.Parse(c.UpdatedAt).ToUniversalTime()).Order(), seen.Select(c => DateTime.Parse(c.UpdatedAt).ToUniversalTime()));
    }

    [Fact]
    public async Task ChangeFeed_FromTheLastStamp_HasOnlyLaterChanges()
    {
        var all = await api.Client.AllPagesAsync("/api/v1/records?sort=updated&limit=50");
        var last = all[^1].GetProperty("updatedAt").GetString()!;

        var page = await api.Client.GetJsonAsync($"/api/v1/records?updatedSince={Uri.EscapeDataString(last)}");
        Assert.Equal(0, page.GetProperty("total").GetInt64());

        await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-feed-later"));
        page = await api.Client.GetJsonAsync($"/api/v1/records?updatedSince={Uri.EscapeDataString(last)}");
        Assert.Equal(["test-feed-later"], page.Ids());
    }

    [Theory]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("updatedSince=2026-11-24", "updatedSince")]
    [InlineData("updatedSince=2026-11-24T12:00:00", "updatedSince")]
    [InlineData("updatedSince=2026-11-24T12:00:00Z&sort=date", "sort")]
    [InlineData("updatedSince=2026-11-24T12:00:00Z&q=挖矿", "q")]
    [InlineData("sort=updated&kind=ruling", "kind")]
    [InlineData("updatedSince=2026-11-24T12:00:00Z&format=csv", "format")]
    [InlineData("updatedSince=2020-01-01T00:00:00Z&cursor=abc", "cursor")]
    public async Task ChangeFeed_BadCombination_Is400NamingIt(string query, string parameter)
    {
        await (await api.Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task ChangeFeed_CursorOfAnotherInstant_Is400()
    {
        var page = await api.Client.GetJsonAsync("/api/v1/records?updatedSince=2020-01-01T00:00:00Z&limit=1");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        await (await api.Client.FetchAsync($"/api/v1/records?updatedSince=2021-01-01T00:00:00Z&limit=1&cursor={cursor}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
        Assert.Equal(JsonValueKind.Array, (await api.Client.GetJsonAsync($"/api/v1/records?updatedSince=2020-01-01T00:00:00Z&limit=1&cursor={cursor}"))
            .GetProperty("items").ValueKind);
    }
}
