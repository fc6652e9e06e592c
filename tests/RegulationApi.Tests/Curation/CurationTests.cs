using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Import;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Curation;

/// <summary>POST, PUT and DELETE with API keys, If-Match, revisions and restoring: nothing a curator does is lost.</summary>
public sealed class CurationTests(CurationDatabase api) : IClassFixture<CurationDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_WithoutKey_Is401Problem_AndChangesNothing()
    {
        var record = await api.NewRegulationAsync("test-no-key");
        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", record, key: null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.FetchAsync("/api/v1/records/test-no-key")).StatusCode);
    }

    [Theory]
    [InlineData("rak_not_a_key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Write_WithUnknownKey_Is401(string key)
    {
        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-bad-key"), key: key);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Write_WithRevokedKey_Is401()
    {
        var revoked = "rak_revoked_" + Guid.NewGuid().ToString("N");
        await api.AddKeyAsync("revoked-" + Guid.NewGuid().ToString("N")[..8], revoked, revoked: true);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-revoked-key"), key: revoked);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.FetchAsync("/api/v1/records/test-revoked-key")).StatusCode);
    }

    [Fact]
    public async Task Create_ValidRecord_Is201WithLocationAndETag_AndARevision()
    {
        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-create"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/records/test-create", response.Headers.Location?.OriginalString);
        var (stored, etag) = await api.GetAsync("test-create");
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Equal(stored.ToJsonString(), JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!.ToJsonString());
        Assert.NotNull(stored["updatedAt"]);

        var revisions = (await api.Client.GetJsonAsync("/api/v1/records/test-create/revisions")).GetProperty("items");
        var only = Assert.Single(revisions.EnumerateArray());
        Assert.Equal(("created", "curator-test", 1), (only.GetProperty("action").GetString(), only.GetProperty("changedBy").GetString(), only.GetProperty("revision").GetInt32()));
        Assert.Contains("title", only.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Create_InvalidRecord_Is400NamingTheField_AndWritesNothing()
    {
        var record = await api.NewRegulationAsync("test-create-invalid");
        record["topics"] = new JsonArray("mining", "astrology");

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", record);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "topics[1]");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.FetchAsync("/api/v1/records/test-create-invalid")).StatusCode);
    }

    [Fact]
    public async Task Create_UnknownFieldOrRelationTarget_Is400()
    {
        var unknownField = await api.NewRegulationAsync("test-create-unknown-field");
        unknownField["colour"] = "red";
        await (await api.SendAsync(HttpMethod.Post, "/api/v1/records", unknownField)).AssertProblemAsync(HttpStatusCode.BadRequest, "colour");

        var danglingRelation = await api.NewRegulationAsync("test-create-dangling");
        danglingRelation["relations"] = new JsonArray(new JsonObject { ["type"] = "cites", ["target"] = "no-such-record" });
        await (await api.SendAsync(HttpMethod.Post, "/api/v1/records", danglingRelation)).AssertProblemAsync(HttpStatusCode.BadRequest, "relations[0]");
    }

    [Fact]
    public async Task Create_ExistingId_Is409()
    {
        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("cn-pboc-2021-237"));
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/records") { Content = new StringContent("id=x") };
        request.Headers.Authorization = new("Bearer", api.Key);
        await (await api.Client.SendAsync(request, Token)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Replace_WithoutIfMatch_Is428_WithStaleETag_Is412_AndChangesNothing()
    {
        var (record, etag) = await api.GetAsync("cn-sc-2021-06-18");
        record["status"] = "expired";

        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-sc-2021-06-18", record)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-sc-2021-06-18", record, ifMatch: "\"stale\""))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(etag, (await api.GetAsync("cn-sc-2021-06-18")).ETag);
    }

    [Fact]
    public async Task Replace_WithCurrentETag_KeepsThePreviousVersion()
    {
        var (original, etag) = await api.GetAsync("cn-nm-2021-eight-measures");
        var changed = original.DeepClone().AsObject();
        changed["summary"]!["en"] = "A corrected English summary.";

        var response = await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-nm-2021-eight-measures", changed, ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (now, newEtag) = await api.GetAsync("cn-nm-2021-eight-measures");
        Assert.NotEqual(etag, newEtag);
        Assert.Equal(newEtag, response.Headers.ETag?.Tag);
        Assert.Equal("A corrected English summary.", now["summary"]!["en"]!.GetValue<string>());

        var revisions = (await api.Client.GetJsonAsync("/api/v1/records/cn-nm-2021-eight-measures/revisions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2, 1], revisions.Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal(["updated", "imported"], revisions.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal(["summary"], revisions[0].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.True(JsonNode.DeepEquals(original["summary"], JsonNode.Parse(revisions[1].GetProperty("record").GetProperty("summary").GetRawText())));

        // The same ETag cannot be used twice: the second writer must see the first one's change.
        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-nm-2021-eight-measures", original, ifMatch: etag))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Replace_IdInBodyDiffers_Is400_UnknownId_Is404()
    {
        var (record, etag) = await api.GetAsync("cn-ndrc-2021-1283");
        record["id"] = "another-id";
        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-ndrc-2021-1283", record, ifMatch: etag)).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/no-such-record", record, ifMatch: etag)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_UnchangedContent_MakesNoRevision()
    {
        await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-unchanged-put"));
        var (record, etag) = await api.GetAsync("test-unchanged-put");

        var response = await api.SendAsync(HttpMethod.Put, "/api/v1/records/test-unchanged-put", record, ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Single((await api.Client.GetJsonAsync("/api/v1/records/test-unchanged-put/revisions")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Delete_ThenRestore_BringsTheRecordBack()
    {
        await api.SendAsync(HttpMethod.Post, "/api/v1/records", await api.NewRegulationAsync("test-delete"));
        var (record, etag) = await api.GetAsync("test-delete");

        await (await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-delete")).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var deleted = await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-delete", ifMatch: etag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var gone = await (await api.Client.FetchAsync("/api/v1/records/test-delete")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("deleted", gone.GetProperty("detail").GetString());
        await (await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-delete", ifMatch: etag)).AssertProblemAsync(HttpStatusCode.NotFound);

        var history = (await api.Client.GetJsonAsync("/api/v1/records/test-delete/revisions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["deleted", "created"], history.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("record").ValueKind);

        var restored = await api.SendAsync(HttpMethod.Post, "/api/v1/records/test-delete/restore");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var (back, _) = await api.GetAsync("test-delete");
        record.Remove("updatedAt");
        back.Remove("updatedAt");
        Assert.Equal(record.ToJsonString(), back.ToJsonString());
        Assert.Equal(["restored", "deleted", "created"],
            (await api.Client.GetJsonAsync("/api/v1/records/test-delete/revisions")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        await (await api.SendAsync(HttpMethod.Post, "/api/v1/records/test-delete/restore")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_RecordOthersPointTo_Is409()
    {
        var (_, etag) = await api.GetAsync("cn-pboc-2021-237");
        var response = await api.SendAsync(HttpMethod.Delete, "/api/v1/records/cn-pboc-2021-237", ifMatch: etag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cn-pboc-2026-42", problem.GetProperty("detail").GetString());
        await api.GetAsync("cn-pboc-2021-237");
    }

    [Fact]
    public async Task Created_Record_ReachesSearch()
    {
        var record = await api.NewRegulationAsync("test-searchable");
        record["title"]!["en"] = "Notice on the zyxwvutian mining halt";
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, "/api/v1/records", record)).StatusCode);

        // The index is rebuilt after the change is announced: milliseconds at this size.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement page;
        do
        {
            page = await api.Client.GetJsonAsync("/api/v1/records?q=zyxwvutian");
        }
        while (page.GetProperty("total").GetInt64() == 0 && DateTime.UtcNow < deadline && await Task.Delay(50, Token).ContinueWith(_ => true, Token));

        Assert.Equal(["test-searchable"], page.Ids());
    }

    [Fact]
    public async Task Reimport_OfAnUnchangedSeed_KeepsTheCuratorsEdit()
    {
        var (record, etag) = await api.GetAsync("cn-xj-changji-2021-mining-halt");
        record["notes"] = "Checked again by a curator.";
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "/api/v1/records/cn-xj-changji-2021-mining-halt", record, ifMatch: etag)).StatusCode);

        using (var scope = api.Factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync(SeedFolder.Files, Token);
            Assert.Equal(0, result.Updated);
        }

        Assert.Equal("Checked again by a curator.", (await api.GetAsync("cn-xj-changji-2021-mining-halt")).Record["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revisions_OfUnknownRecord_Is404_OfImportedRecord_IsItsOneVersion()
    {
        await (await api.Client.FetchAsync("/api/v1/records/no-such-record/revisions")).AssertProblemAsync(HttpStatusCode.NotFound);
        var items = (await api.Client.GetJsonAsync("/api/v1/records/cn-civil-code-art-8/revisions")).GetProperty("items");
        var only = Assert.Single(items.EnumerateArray());
        Assert.Equal(("imported", "import"), (only.GetProperty("action").GetString(), only.GetProperty("changedBy").GetString()));
        Assert.Equal("cn-civil-code-art-8", only.GetProperty("record").GetProperty("id").GetString());
    }
}
