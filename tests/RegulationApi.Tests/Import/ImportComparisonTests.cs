using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Model;
using RegulationApi.Tests.Curation;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Import;

/// <summary>
/// What the streamed comparison (chunk by chunk against the stored records, duplicates and relation targets in SQL)
/// must keep: beside a curator's changes, across chunks, and all-or-nothing when records went straight into the table.
/// </summary>
public sealed class ImportComparisonTests(CurationDatabase api) : IClassFixture<CurationDatabase>, IDisposable
{
    private const string SeedId = "cn-fsdc-2021-05-21";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("regulationapi-compare-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Reimport_Unchanged_WritesNoRevisionAndMovesNeitherStampsNorDataVersion()
    {
        var file = WriteRecords(
            TestRecords.Regulation("test-cmp-same-a", new RelationDocument("implements", SeedId)),
            TestRecords.Regulation("test-cmp-same-b", new RelationDocument("cites", "test-cmp-same-a")),
            TestRecords.Ruling("test-cmp-same-ruling", 9466500m, new RelationDocument("applies", "cn-civil-code-art-153")));
        Assert.Equal(new ImportResult(1, 3, 3, 0, 0), await ImportAsync(file));
        var before = await StateAsync("test-cmp-same-");

        var again = await ImportAsync(file);

        Assert.Equal(new ImportResult(1, 3, 0, 0, 3), again);
        Assert.Equal(before, await StateAsync("test-cmp-same-"));
    }

    [Fact]
    public async Task Reimport_Unchanged_KeepsACuratorsEditAndDeletion()
    {
        var file = WriteRecords(TestRecords.Regulation("test-cmp-curated-edit"), TestRecords.Regulation("test-cmp-curated-gone"));
        await ImportAsync(file);
        var (edited, etag) = await api.GetAsync("test-cmp-curated-edit");
        edited["notes"] = "Checked by a curator.";
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "/api/v1/records/test-cmp-curated-edit", edited, ifMatch: etag)).StatusCode);
        var (_, goneTag) = await api.GetAsync("test-cmp-curated-gone");
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-cmp-curated-gone", ifMatch: goneTag)).StatusCode);
        var before = await StateAsync("test-cmp-curated-");

        var result = await ImportAsync(file);

        Assert.Equal(new ImportResult(1, 2, 0, 0, 2), result);
        Assert.Equal("Checked by a curator.", (await api.GetAsync("test-cmp-curated-edit")).Record["notes"]!.GetValue<string>());
        await (await api.Client.FetchAsync("/api/v1/records/test-cmp-curated-gone")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync("test-cmp-curated-"));
    }

    [Fact]
    public async Task Import_RelationToRecordDeletedByACurator_IsRefused()
    {
        await ImportAsync(WriteRecords(TestRecords.Regulation("test-cmp-deleted-target")));
        var (_, etag) = await api.GetAsync("test-cmp-deleted-target");
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/v1/records/test-cmp-deleted-target", ifMatch: etag)).StatusCode);
        var file = WriteRecords(TestRecords.Regulation("test-cmp-deleted-source", new RelationDocument("cites", SeedId), new RelationDocument("cites", "test-cmp-deleted-target")));

        var exception = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(file));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-cmp-deleted-source", "relations[1]"), (error.File, error.RecordId, error.Field));
        Assert.Contains("test-cmp-deleted-target", error.Message);
        Assert.Empty(await IdsAsync("test-cmp-deleted-source"));
    }

    [Fact]
    public async Task Import_SeveralChunks_RelationsToStoredRecordsNotInTheFileAndToLaterChunks_AreAccepted()
    {
        // A record stored by an earlier import, named only by relations of this one.
        await ImportAsync(WriteRecords(TestRecords.Regulation("test-cmp-chunks-stored")));
        var count = ImportStaging.ChunkSize * 2 + 7;
        var records = Enumerable.Range(0, count).Select(i => (JsonNode)TestRecords.Regulation($"test-cmp-chunks-{i:D4}",
            new RelationDocument("cites", i == 0 ? $"test-cmp-chunks-{count - 1:D4}" : "test-cmp-chunks-stored"),
            new RelationDocument("implements", SeedId))).ToArray();

        var result = await ImportAsync(WriteRecords(records));

        Assert.Equal(new ImportResult(1, count, count, 0, 0), result);
        Assert.Equal(count + 1, (await IdsAsync("test-cmp-chunks-")).Count);
        Assert.Equal([$"cites test-cmp-chunks-{count - 1:D4}", $"implements {SeedId}"], await RelationsAsync("test-cmp-chunks-0000"));
        Assert.Equal(["cites test-cmp-chunks-stored", $"implements {SeedId}"], await RelationsAsync($"test-cmp-chunks-{count - 1:D4}"));
    }

    [Fact]
    public async Task Import_IdRepeatedInALaterChunk_WritesNothing()
    {
        // The first occurrence is new (written to the table within the transaction), the repeat comes chunks later,
        // beside a change to a stored record: all of it is rolled back.
        await ImportAsync(WriteRecords(TestRecords.Regulation("test-cmp-repeat-stored")));
        var before = await StateAsync("test-cmp-repeat-");
        var changed = TestRecords.Regulation("test-cmp-repeat-stored");
        changed["title"]!["en"] = "Changed title";
        var records = new List<JsonNode> { changed };
        records.AddRange(Enumerable.Range(0, ImportStaging.ChunkSize + 10).Select(i => (JsonNode)TestRecords.Regulation($"test-cmp-repeat-{i:D4}")));
        records.Add(TestRecords.Regulation("test-cmp-repeat-0003"));
        var file = WriteRecords([.. records]);

        var exception = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(file));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-cmp-repeat-0003", "id"), (error.File, error.RecordId, error.Field));
        Assert.Equal(["test-cmp-repeat-stored"], await IdsAsync("test-cmp-repeat-"));
        Assert.Equal(before, await StateAsync("test-cmp-repeat-"));
        Assert.NotEqual("Changed title", (await api.GetAsync("test-cmp-repeat-stored")).Record["title"]!["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_BadRecordInALaterChunk_WritesNothing()
    {
        var counts = await StateAsync("test-cmp-bad-");
        var records = Enumerable.Range(0, ImportStaging.ChunkSize + 3).Select(i => (JsonNode)TestRecords.Regulation($"test-cmp-bad-{i:D4}")).ToList();
        var invalid = TestRecords.Regulation("test-cmp-bad-invalid");
        invalid["level"] = "decree";
        records.Add(invalid);
        var file = WriteRecords([.. records]);

        var exception = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(file));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-cmp-bad-invalid", "level"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await IdsAsync("test-cmp-bad-"));
        Assert.Equal(counts, await StateAsync("test-cmp-bad-"));
    }

    private string WriteRecords(params JsonNode[] records)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, new JsonArray(records.Select(r => r.DeepClone()).ToArray()).ToJsonString());
        return path;
    }

    private async Task<ImportResult> ImportAsync(string file)
    {
        using var scope = api.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync([file], Token);
    }

    private async Task<List<string>> IdsAsync(string prefix)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        return await db.Records.Where(r => r.Id.StartsWith(prefix)).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(Token);
    }

    private async Task<List<string>> RelationsAsync(string id)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        return (await db.Relations.Where(r => r.SourceId == id).Select(r => r.Type + " " + r.TargetId).ToListAsync(Token)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>What a write would move: the data version, and the prefix's rows, stamps, revisions and relations.</summary>
    private async Task<string> StateAsync(string prefix)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        var version = await db.Database.SqlQueryRaw<long>("SELECT coalesce((SELECT version FROM data_version), 0) AS \"Value\"").SingleAsync(Token);
        var rows = await db.Records.Where(r => r.Id.StartsWith(prefix)).OrderBy(r => r.Id)
            .Select(r => r.Id + " " + r.UpdatedAt + " " + r.DeletedAt + " " + r.ContentHash + " " + r.Document).ToListAsync(Token);
        var revisions = await db.Revisions.CountAsync(v => v.RecordId.StartsWith(prefix), Token);
        var relations = await db.Relations.CountAsync(x => x.SourceId.StartsWith(prefix), Token);
        return $"version {version}; revisions {revisions}; relations {relations}; " + string.Join("\n", rows);
    }
}
