using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Search;
using RegulationApi.Tests.Curation;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Search;

/// <summary>
/// The index following the change log on a real database: curators' changes searchable within the poll, a repeal
/// moving the end day of the record it names (and back when the repealer goes), cursors surviving changes, small
/// segments merged and the main one rebuilt, with answers right all along.
/// </summary>
public sealed class LiveIndexTests(PostgresFixture postgres)
{
    private const string Target = "cn-ndrc-2021-1283";
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed class Service(RegulationApiFactory factory, string key) : IAsyncDisposable
    {
        public RegulationApiFactory Factory { get; } = factory;
        public HttpClient Client { get; } = factory.CreateClient();
        public SearchIndexHost Index => Factory.Services.GetRequiredService<SearchIndexHost>();

        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonNode? body = null, string? ifMatch = null) =>
            CurationDatabase.SendAsync(Client, key, method, url, body, ifMatch);

        public async Task<JsonObject> NewRegulationAsync(string id, string word)
        {
            var record = await CurationDatabase.NewRegulationAsync(Client, id);
            record["title"]!["en"] = $"Notice on the {word} mining halt";
            return record;
        }

        public async Task CreateAsync(JsonObject record) =>
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/v1/records", record)).StatusCode);

        public async Task<List<string>> IdsAsync(string query) => [.. (await Client.GetJsonAsync("/api/v1/records?" + query)).Ids()];

        public Task UntilAsync(string query, Func<List<string>, bool> holds, string what) =>
            Wait.UntilAsync(async () => holds(await IdsAsync(query)), TimeSpan.FromSeconds(20), what);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }

    private async Task<Service> StartAsync(string name, Dictionary<string, string?>? settings = null)
    {
        var factory = new RegulationApiFactory(await postgres.CreateDatabaseAsync(name), settings);
        await factory.WaitUntilReadyAsync();
        var key = "rak_test_" + Guid.NewGuid().ToString("N");
        await CurationDatabase.AddKeyAsync(factory, "curator-live", key);
        return new Service(factory, key);
    }

    [Fact]
    public async Task Writes_AreSearchable_AsChangeSegments_ThatMergeAsTheyPileUp()
    {
        await using var service = await StartAsync("live_merge", new() { ["Search:MaxChangeSegments"] = "3", ["Search:CompactAfterRecords"] = "100000" });
        var main = service.Index.Current.Main;
        var size = service.Index.Current.Size;

        for (var i = 0; i < 8; i++)
        {
            await service.CreateAsync(await service.NewRegulationAsync($"test-live-{i}", $"qorvex{i}"));
            await service.UntilAsync($"q=qorvex{i}", ids => ids.SequenceEqual([$"test-live-{i}"]), $"record {i} searchable");
        }

        var index = service.Index.Current;
        Assert.Same(main, index.Main);
        Assert.InRange(index.Segments.Count, 2, 1 + 3);
        Assert.Equal(size + 8, index.Size);
        Assert.Equal(size + 8, (await service.Client.GetJsonAsync("/api/v1/records?limit=1")).GetProperty("total").GetInt64());
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal([$"test-live-{i}"], await service.IdsAsync($"q=qorvex{i}"));
        }
    }

    [Fact]
    public async Task ChangedAndDeletedRecords_LeaveTheOlderSegments()
    {
        await using var service = await StartAsync("live_replace");
        var response = await service.Client.GetAsync("/api/v1/records/" + Target, Token);
        var record = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!.AsObject();
        record.Remove("updatedAt");
        record["title"]!["en"] = "Notice on the plumvex rectification of virtual currency mining";

        Assert.Equal(HttpStatusCode.OK, (await service.SendAsync(HttpMethod.Put, "/api/v1/records/" + Target, record, response.Headers.ETag!.Tag)).StatusCode);
        await service.UntilAsync("q=plumvex", ids => ids.SequenceEqual([Target]), "the new title searchable");
        // Once only, with its new title: the main segment's copy is gone.
        Assert.Single(await service.IdsAsync("q=mining&limit=100"), Target);
        Assert.Equal(service.Index.Current.Size, (await service.Client.GetJsonAsync("/api/v1/records?limit=1")).GetProperty("total").GetInt64());

        await service.CreateAsync(await service.NewRegulationAsync("test-doomed", "draxilon"));
        await service.UntilAsync("q=draxilon", ids => ids.Count == 1, "created");
        var created = await service.Client.GetAsync("/api/v1/records/test-doomed", Token);
        Assert.Equal(HttpStatusCode.NoContent, (await service.SendAsync(HttpMethod.Delete, "/api/v1/records/test-doomed", ifMatch: created.Headers.ETag!.Tag)).StatusCode);
        await service.UntilAsync("q=draxilon", ids => ids.Count == 0, "deleted record gone from search");
    }

    [Fact]
    public async Task Repeal_EndsTheTargetsForce_AndDeletingTheRepealer_RestoresIt()
    {
        await using var service = await StartAsync("live_repeal");
        const string inForce = "inForceOn=2030-01-01&jurisdiction=CN&limit=100";
        Assert.Contains(Target, await service.IdsAsync(inForce));

        var repealer = await service.NewRegulationAsync("test-repealer", "repealvex");
        repealer["dates"] = new JsonObject { ["issued"] = "2029-06-01", ["published"] = null, ["effective"] = "2029-07-01", ["repealed"] = null };
        repealer["year"] = 2029;
        repealer["relations"] = new JsonArray(new JsonObject { ["type"] = "repeals", ["target"] = Target });
        await service.CreateAsync(repealer);

        await service.UntilAsync(inForce, ids => !ids.Contains(Target) && ids.Contains("test-repealer"), "the target out of force after the repeal");
        Assert.Contains(Target, await service.IdsAsync("inForceOn=2029-06-30&jurisdiction=CN&limit=100"));

        var stored = await service.Client.GetAsync("/api/v1/records/test-repealer", Token);
        Assert.Equal(HttpStatusCode.NoContent, (await service.SendAsync(HttpMethod.Delete, "/api/v1/records/test-repealer", ifMatch: stored.Headers.ETag!.Tag)).StatusCode);
        await service.UntilAsync(inForce, ids => ids.Contains(Target) && !ids.Contains("test-repealer"), "the target in force again");
    }

    [Fact]
    public async Task Cursor_TakenBeforeAChange_GoesOnAfterTheLastRecordSent()
    {
        await using var service = await StartAsync("live_cursor");
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await service.Client.GetJsonAsync("/api/v1/records?jurisdiction=CN&limit=7" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            all.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var first = await service.Client.GetJsonAsync("/api/v1/records?jurisdiction=CN&limit=7");
        var next = first.GetProperty("nextCursor").GetString()!;
        // A change elsewhere: a new record, newest of all, so before the cursor's place.
        var record = await service.NewRegulationAsync("test-newest", "novumvex");
        record["dates"] = new JsonObject { ["issued"] = "2031-01-01", ["published"] = null, ["effective"] = null, ["repealed"] = null };
        record["year"] = 2031;
        await service.CreateAsync(record);
        await service.UntilAsync("q=novumvex", ids => ids.Count == 1, "created");

        var rest = new List<string>();
        cursor = next;
        while (cursor is not null)
        {
            using var response = await service.Client.GetAsync("/api/v1/records?jurisdiction=CN&limit=7&cursor=" + Uri.EscapeDataString(cursor), Token);
            var body = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var page = JsonDocument.Parse(body).RootElement;
            Assert.Equal(all.Count + 1, page.GetProperty("total").GetInt64());
            rest.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
        }

        // Exactly the records after the first page, each once: the new one sorts before them and is not among them.
        Assert.Equal(all.Skip(7), rest);
    }

    [Fact]
    public async Task ManyChanges_RebuildTheMainSegment_InTheBackground_WithTheSameAnswers()
    {
        await using var service = await StartAsync("live_compact", new() { ["Search:CompactAfterRecords"] = "3" });
        var main = service.Index.Current.Main;
        var before = service.Index.Current.Size;
        // Past the threshold, which is a tenth of the main segment when that is more.
        var count = Math.Max(3, before / 10) + 1;
        for (var i = 0; i < count; i++)
        {
            await service.CreateAsync(await service.NewRegulationAsync($"test-compact-{i}", $"compvex{i}"));
        }

        // Writes that came in while it was rebuilt are a change segment on top of the new main one.
        await Wait.UntilAsync(() => service.Index.Current.Main != main && service.Index.Current.Main.Size > before && service.Index.Current.Size == before + count,
            TimeSpan.FromSeconds(30), "the main segment rebuilt with the changes in it");
        for (var i = 0; i < count; i++)
        {
            Assert.Equal([$"test-compact-{i}"], await service.IdsAsync($"q=compvex{i}"));
        }
    }
}
