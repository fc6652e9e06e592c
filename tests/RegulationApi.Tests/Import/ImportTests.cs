using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Model;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Import;

/// <summary>
/// The service over a database of its own (migrated and seeded at start-up), and a temporary folder for the files
/// a test imports. One per test class: tests in a class run one after another, and each uses its own id prefix.
/// </summary>
public sealed class ImportDatabase(PostgresFixture postgres) : IAsyncLifetime
{
    public RegulationApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("regulationapi-import-");

    public async ValueTask InitializeAsync()
    {
        Factory = new RegulationApiFactory(await postgres.CreateDatabaseAsync("import"));
        await Factory.WaitUntilReadyAsync();
        Client = Factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Folder.Delete(recursive: true);
    }

    /// <summary>Writes <paramref name="content"/> to a new file in the folder and returns its full path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder.FullName, $"{name}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes the records as a JSON array to a new file and returns its full path.</summary>
    public string WriteRecords(string name, params JsonNode[] records) =>
        WriteFile(name, new JsonArray(records.Select(r => r.DeepClone()).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public async Task<ImportResult> ImportAsync(params string[] files)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync(files, TestContext.Current.CancellationToken);
    }

    public async Task<ImportException> ImportFailsAsync(params string[] files)
    {
        using var scope = Factory.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<RecordImporter>();
        return await Assert.ThrowsAsync<ImportException>(() => importer.ImportAsync(files, TestContext.Current.CancellationToken));
    }

    /// <summary>Stored records whose id starts with <paramref name="prefix"/>, in id order.</summary>
    public async Task<List<string>> IdsAsync(string prefix)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        return await db.Records.Where(r => r.Id.StartsWith(prefix)).OrderBy(r => r.Id).Select(r => r.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The rows the importer writes: records, those with a ruling part, relations.</summary>
    public async Task<(int Records, int Rulings, int Relations)> RowCountsAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        var token = TestContext.Current.CancellationToken;
        return (await db.Records.CountAsync(token), await db.Records.CountAsync(r => r.CaseNumber != null || r.Court != null, token), await db.Relations.CountAsync(token));
    }

    /// <summary>The relations stored on <paramref name="id"/>, as "type target", ordered.</summary>
    public async Task<List<string>> StoredRelationsAsync(string id)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        var relations = await db.Relations.Where(r => r.SourceId == id).Select(r => r.Type + " " + r.TargetId)
            .ToListAsync(TestContext.Current.CancellationToken);
        return relations.Order(StringComparer.Ordinal).ToList();
    }

    public Task<JsonElement> GetRecordAsync(string id) => Client.GetJsonAsync($"/api/v1/records/{id}");

    public static DateTime UpdatedAt(JsonElement record) =>
        DateTime.Parse(record.GetProperty("updatedAt").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
}

/// <summary>Record JSON as a seed file holds it, built from a valid document so a test changes only what it is about.</summary>
public static class TestRecords
{
    public static JsonObject Regulation(string id, params RelationDocument[] relations) =>
        ToJson(new RecordDocument
        {
            Id = id,
            Kind = "regulation",
            Jurisdiction = "CN-SC",
            Title = new() { ["zh"] = "关于清理关停虚拟货币“挖矿”项目的通知", ["en"] = "Notice on clearing and shutting down virtual currency mining projects" },
            Summary = new() { ["en"] = "A provincial notice ordering mining projects to be shut down.", ["zh"] = "要求清理关停虚拟货币“挖矿”项目的省级通知。" },
            KeyPoints = [new() { ["en"] = "Power supply to mining projects stops.", ["zh"] = "停止向“挖矿”项目供电。" }],
            DocumentNumber = null,
            Authorities = [new() { ["zh"] = "四川省发展和改革委员会", ["en"] = "Sichuan Development and Reform Commission" }],
            Level = "local-normative-document",
            Dates = new RecordDates { Issued = new DateOnly(2021, 6, 18) },
            Year = 2021,
            Status = "unknown",
            Topics = ["mining", "electricity"],
            Relations = [.. relations],
            Sources = [new SourceDocument { Url = "https://www.example.gov.cn/notice/2021-06-18.html", Title = "Provincial notice", Type = "official" }],
            Verification = "confirmed",
        });

    public static JsonObject Ruling(string id, decimal amount, params RelationDocument[] relations) =>
        ToJson(new RecordDocument
        {
            Id = id,
            Kind = "ruling",
            Jurisdiction = "CN-BJ",
            Title = new() { ["zh"] = "委托合同纠纷一审民事判决书", ["en"] = "Entrustment contract dispute, first-instance judgment" },
            Level = "court-judgment",
            Year = 2021,
            Status = "unknown",
            Topics = ["mining", "contract-validity"],
            Ruling = new RulingDocument
            {
                CaseNumber = "(2021)京0101民初6309号",
                Court = new() { ["zh"] = "北京市东城区人民法院", ["en"] = "Beijing Dongcheng District People's Court" },
                CourtLevel = "basic",
                Procedure = "first-instance",
                Outcome = "contract-void",
                LegalBasis = ["Civil Code art. 153(2)"],
                AmountInDispute = new MoneyDocument(amount, "CNY"),
            },
            Relations = [.. relations],
            Sources = [new SourceDocument { Url = "https://wenshu.court.gov.cn/", Title = "China Judgments Online", Type = "official" }],
            Verification = "partial",
            Notes = "The decision date is not given by the sources; 2021 comes from the case number.",
        });

    private static JsonObject ToJson(RecordDocument document)
    {
        var json = JsonSerializer.SerializeToNode(document, RecordJson.Import)!.AsObject();
        json.Remove("updatedAt");
        return json;
    }
}

public sealed class ImportTests(ImportDatabase api) : IClassFixture<ImportDatabase>
{
    private const string SeedId = "cn-fsdc-2021-05-21";

    [Fact]
    public async Task Import_FileWithOneInvalidRecord_WritesNothing()
    {
        // Arrange: one record already imported, then a file that would add two, change it, and has one invalid record
        await api.ImportAsync(api.WriteRecords("before", TestRecords.Regulation("test-invalid-existing")));
        var before = await api.GetRecordAsync("test-invalid-existing");
        var counts = await api.RowCountsAsync();

        var changed = TestRecords.Regulation("test-invalid-existing", new RelationDocument("implements", SeedId));
        changed["title"]!["en"] = "Changed title";
        var invalid = TestRecords.Regulation("test-invalid-bad");
        invalid["topics"] = new JsonArray("crypto");
        var file = api.WriteRecords("mixed",
            TestRecords.Regulation("test-invalid-new-a"), changed, invalid, TestRecords.Regulation("test-invalid-new-b"));

        // Act
        var exception = await api.ImportFailsAsync(file);

        // Assert: the error names the file, the record and the field; nothing was inserted or changed
        var error = Assert.Single(exception.Errors);
        Assert.Equal(new ImportError(file, "test-invalid-bad", "topics[0]", error.Message), error);
        Assert.Contains(file, exception.Message);
        Assert.Contains("'test-invalid-bad'", exception.Message);
        Assert.Contains("topics[0]", exception.Message);

        Assert.Equal(["test-invalid-existing"], await api.IdsAsync("test-invalid-"));
        Assert.Equal(counts, await api.RowCountsAsync());
        var after = await api.GetRecordAsync("test-invalid-existing");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Empty(await api.StoredRelationsAsync("test-invalid-existing"));
    }

    [Fact]
    public async Task Import_SeveralInvalidRecords_ReportsEveryOne()
    {
        var badUrl = TestRecords.Regulation("test-several-url");
        badUrl["sources"]![0]!["url"] = "www.example.gov.cn/notice.html";
        var badLevel = TestRecords.Regulation("test-several-level");
        badLevel["level"] = "decree";
        var file = api.WriteRecords("several", badUrl, TestRecords.Regulation("test-several-ok"), badLevel);

        var exception = await api.ImportFailsAsync(file);

        Assert.Equal(
            [(file, "test-several-url", "sources[0].url"), (file, "test-several-level", "level")],
            exception.Errors.Select(e => (e.File, e.RecordId, e.Field)));
        Assert.Empty(await api.IdsAsync("test-several-"));
    }

    [Fact]
    public async Task Import_InvalidDate_NamesFileRecordAndFieldAndWritesNothing()
    {
        var invalid = TestRecords.Regulation("test-date-bad");
        invalid["dates"]!["issued"] = "2021-13-01";
        var file = api.WriteRecords("date", TestRecords.Regulation("test-date-ok"), invalid);

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-date-bad", "dates.issued"), (error.File, error.RecordId, error.Field));
        Assert.Equal("must be a full date written YYYY-MM-DD, or null", error.Message);
        Assert.Contains($"{file}: record 'test-date-bad': dates.issued: ", exception.Message);
        Assert.Empty(await api.IdsAsync("test-date-"));
    }

    [Fact]
    public async Task Import_UnknownField_NamesFileRecordAndFieldAndWritesNothing()
    {
        var invalid = TestRecords.Regulation("test-unknown-field-bad");
        invalid["summery"] = "misspelt summary";
        var file = api.WriteRecords("unknown-field", invalid, TestRecords.Regulation("test-unknown-field-ok"));

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-unknown-field-bad", "summery"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-unknown-field-"));
    }

    [Fact]
    public async Task Import_UnknownNestedField_NamesItsPath()
    {
        var invalid = TestRecords.Regulation("test-nested-field-bad");
        invalid["dates"]!["issuedOn"] = "2021-06-18";
        var file = api.WriteRecords("nested-field", invalid);

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-nested-field-bad", "dates.issuedOn"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-nested-field-"));
    }

    [Fact]
    public async Task Import_MissingRequiredField_NamesFileRecordAndFieldAndWritesNothing()
    {
        var invalid = TestRecords.Regulation("test-missing-bad");
        invalid.Remove("title");
        var file = api.WriteRecords("missing", TestRecords.Regulation("test-missing-ok"), invalid);

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-missing-bad", "title", "is required"), (error.File, error.RecordId, error.Field, error.Message));
        Assert.Empty(await api.IdsAsync("test-missing-"));
    }

    [Fact]
    public async Task Import_SourceWithoutTitle_IsAcceptedAndServedWithNullTitle()
    {
        var record = TestRecords.Regulation("test-untitled-source");
        ((JsonObject)record["sources"]![0]!).Remove("title");
        await api.ImportAsync(api.WriteRecords("untitled", record));

        var source = (await api.GetRecordAsync("test-untitled-source")).GetProperty("sources")[0];
        Assert.Equal(JsonValueKind.Null, source.GetProperty("title").ValueKind);
    }

    [Fact]
    public async Task Import_NumberWrittenAsString_IsRefused()
    {
        var invalid = TestRecords.Regulation("test-numstring-bad");
        invalid["year"] = "2021";
        var file = api.WriteRecords("numstring", invalid);

        var error = Assert.Single((await api.ImportFailsAsync(file)).Errors);

        Assert.Equal(("test-numstring-bad", "year"), (error.RecordId, error.Field));
        Assert.DoesNotContain("System.", error.Message);
        Assert.Empty(await api.IdsAsync("test-numstring-"));
    }

    [Fact]
    public async Task Import_TitleWithUnknownLanguage_NamesTheKey()
    {
        var invalid = TestRecords.Regulation("test-language-bad");
        invalid["title"]!["english"] = "A title";
        var file = api.WriteRecords("language", invalid);

        var error = Assert.Single((await api.ImportFailsAsync(file)).Errors);

        Assert.Equal(("test-language-bad", "title.english"), (error.RecordId, error.Field));
    }

    [Fact]
    public async Task Import_SameRecordWithKeysReordered_ChangesNothing()
    {
        var record = TestRecords.Regulation("test-reorder");
        var file = api.WriteRecords("reorder-1", record);
        await api.ImportAsync(file);
        var before = await api.GetRecordAsync("test-reorder");

        // Arrange the same content with every object's keys in reverse order.
        var reversed = Reverse(JsonNode.Parse(record.ToJsonString())!);
        var result = await api.ImportAsync(api.WriteRecords("reorder-2", reversed));

        Assert.Equal((0, 0, 1), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(before.GetRawText(), (await api.GetRecordAsync("test-reorder")).GetRawText());

        static JsonNode Reverse(JsonNode node) => node switch
        {
            JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Reverse(p.Value.DeepClone())))),
            JsonArray array => new JsonArray(array.Select(n => n is null ? null : Reverse(n.DeepClone())).ToArray()),
            _ => node.DeepClone(),
        };
    }

    [Fact]
    public async Task Import_NullForRequiredField_NamesFieldAndWritesNothing()
    {
        var invalid = TestRecords.Regulation("test-null-bad");
        invalid["status"] = null;
        var file = api.WriteRecords("null", invalid);

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-null-bad", "status"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-null-"));
    }

    [Fact]
    public async Task Import_ElementNotAnObject_NamesItsPositionAndWritesNothing()
    {
        var file = api.WriteFile("not-object",
            $"[{TestRecords.Regulation("test-not-object-ok").ToJsonString()}, \"test-not-object-text\"]");

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "#1"), (error.File, error.RecordId));
        Assert.Empty(await api.IdsAsync("test-not-object-"));
    }

    [Fact]
    public async Task Import_FileHoldingOneRecordObject_ImportsIt()
    {
        var file = api.WriteFile("object", TestRecords.Regulation("test-object-single").ToJsonString());

        var result = await api.ImportAsync(file);

        Assert.Equal((1, 1), (result.Records, result.Inserted));
        Assert.Equal(["test-object-single"], await api.IdsAsync("test-object-"));
    }

    [Fact]
    public async Task Import_OneRecordObjectInvalid_NamesFileRecordAndFieldAndWritesNothing()
    {
        var invalid = TestRecords.Regulation("test-object-invalid");
        invalid["level"] = "decree";
        var file = api.WriteFile("object-invalid", invalid.ToJsonString());

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-object-invalid", "level"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-object-invalid"));
    }

    [Fact]
    public async Task Import_FileNeitherRecordNorArray_NamesFileAndWritesNothing()
    {
        var file = api.WriteFile("scalar", "\"test-scalar\"");

        var exception = await api.ImportFailsAsync(file);

        Assert.Equal([new ImportError(file, null, null, "must hold a record (a JSON object) or a JSON array of records")], exception.Errors);
    }

    [Fact]
    public async Task Import_Folder_ReadsEveryJsonFileBelowIt()
    {
        var folder = Directory.CreateTempSubdirectory("regulationapi-folder-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "xx", "regulations"));
            File.WriteAllText(Path.Combine(folder.FullName, "xx", "regulations", "b.json"), TestRecords.Regulation("test-folder-b").ToJsonString());
            File.WriteAllText(Path.Combine(folder.FullName, "a.json"), TestRecords.Regulation("test-folder-a").ToJsonString());
            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a record");

            var result = await api.ImportAsync([.. SeedFiles.Expand([folder.FullName])]);

            Assert.Equal((2, 2), (result.Files, result.Inserted));
            Assert.Equal(["test-folder-a", "test-folder-b"], await api.IdsAsync("test-folder-"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Import_InvalidJson_NamesFileAndWritesNothing()
    {
        var valid = api.WriteRecords("valid-json", TestRecords.Regulation("test-json-ok"));
        var truncated = TestRecords.Regulation("test-json-truncated").ToJsonString();
        var broken = api.WriteFile("broken-json", "[" + truncated[..(truncated.Length / 2)]);

        var exception = await api.ImportFailsAsync(valid, broken);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((broken, null, null), (error.File, error.RecordId, error.Field));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Empty(await api.IdsAsync("test-json-"));
    }

    [Fact]
    public async Task Import_MissingFile_NamesFileAndWritesNothing()
    {
        var valid = api.WriteRecords("present", TestRecords.Regulation("test-absent-ok"));
        var absent = Path.Combine(api.Folder.FullName, "absent.json");

        var exception = await api.ImportFailsAsync(valid, absent);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((absent, null, null), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-absent-"));
    }

    [Fact]
    public async Task Import_DuplicateIdInOneFile_IsRefused()
    {
        var file = api.WriteRecords("duplicate",
            TestRecords.Regulation("test-duplicate-a"), TestRecords.Regulation("test-duplicate-b"), TestRecords.Regulation("test-duplicate-a"));

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-duplicate-a", "id"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-duplicate-"));
    }

    [Fact]
    public async Task Import_DuplicateIdAcrossFiles_IsRefusedNamingTheLaterFile()
    {
        var first = api.WriteRecords("duplicate-first", TestRecords.Regulation("test-duplicate-files-a"));
        var second = api.WriteRecords("duplicate-second", TestRecords.Regulation("test-duplicate-files-b"), TestRecords.Regulation("test-duplicate-files-a"));

        var exception = await api.ImportFailsAsync(first, second);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((second, "test-duplicate-files-a", "id"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-duplicate-files-"));
    }

    [Fact]
    public async Task Import_RelationToUnknownTarget_IsRefusedNamingTheRelation()
    {
        var counts = await api.RowCountsAsync();
        var file = api.WriteRecords("unknown-target",
            TestRecords.Regulation("test-target-unknown-ok"),
            TestRecords.Regulation("test-target-unknown-bad", new RelationDocument("implements", "test-target-unknown-nowhere")));

        var exception = await api.ImportFailsAsync(file);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((file, "test-target-unknown-bad", "relations[0]"), (error.File, error.RecordId, error.Field));
        Assert.Contains("test-target-unknown-nowhere", error.Message);
        Assert.Empty(await api.IdsAsync("test-target-unknown-"));
        Assert.Equal(counts, await api.RowCountsAsync());
    }

    [Fact]
    public async Task Import_RelationToRecordInDatabase_IsAccepted()
    {
        var file = api.WriteRecords("seed-target", TestRecords.Regulation("test-target-seed", new RelationDocument("implements", SeedId)));

        var result = await api.ImportAsync(file);

        Assert.Equal(new ImportResult(1, 1, 1, 0, 0), result);
        Assert.Equal([$"implements {SeedId}"], await api.StoredRelationsAsync("test-target-seed"));
        var related = await api.Client.GetJsonAsync($"/api/v1/records/{SeedId}/related");
        var incoming = Assert.Single(related.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("record").GetProperty("id").GetString() == "test-target-seed");
        Assert.Equal("incoming", incoming.GetProperty("direction").GetString());
        Assert.Equal("implements", incoming.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Import_RelationToRecordLaterInSameImport_IsAccepted()
    {
        var first = api.WriteRecords("batch-first", TestRecords.Regulation("test-target-batch-a", new RelationDocument("cites", "test-target-batch-b")));
        var second = api.WriteRecords("batch-second", TestRecords.Regulation("test-target-batch-b"));

        var result = await api.ImportAsync(first, second);

        Assert.Equal(new ImportResult(2, 2, 2, 0, 0), result);
        Assert.Equal(["test-target-batch-a", "test-target-batch-b"], await api.IdsAsync("test-target-batch-"));
        Assert.Equal(["cites test-target-batch-b"], await api.StoredRelationsAsync("test-target-batch-a"));
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondImportChangesNothing()
    {
        // Arrange
        var file = api.WriteRecords("twice",
            TestRecords.Regulation("test-twice-a", new RelationDocument("implements", SeedId)),
            TestRecords.Regulation("test-twice-b", new RelationDocument("cites", "test-twice-a")),
            TestRecords.Ruling("test-twice-ruling", 9466500m, new RelationDocument("applies", "cn-civil-code-art-153")));
        var first = await api.ImportAsync(file);
        var before = new List<string>();
        foreach (var id in new[] { "test-twice-a", "test-twice-b", "test-twice-ruling" })
        {
            before.Add((await api.GetRecordAsync(id)).GetRawText());
        }

        var counts = await api.RowCountsAsync();

        // Act
        var second = await api.ImportAsync(file);

        // Assert
        Assert.Equal(new ImportResult(1, 3, 3, 0, 0), first);
        Assert.Equal(new ImportResult(1, 3, 0, 0, 3), second);
        Assert.Equal(counts, await api.RowCountsAsync());
        var after = new List<string>();
        foreach (var id in new[] { "test-twice-a", "test-twice-b", "test-twice-ruling" })
        {
            after.Add((await api.GetRecordAsync(id)).GetRawText());
        }

        // The whole record, updatedAt included, is as the first import left it.
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Import_FileWithoutYear_IsUnchangedWhenImportedAgainWithYear()
    {
        // The contract lets a seed file omit year where the primary date gives it.
        var withoutYear = TestRecords.Regulation("test-year-omitted");
        withoutYear.Remove("year");
        await api.ImportAsync(api.WriteRecords("without-year", withoutYear));
        var before = await api.GetRecordAsync("test-year-omitted");

        var result = await api.ImportAsync(api.WriteRecords("with-year", TestRecords.Regulation("test-year-omitted")));

        Assert.Equal(new ImportResult(1, 1, 0, 0, 1), result);
        Assert.Equal(2021, before.GetProperty("year").GetInt32());
        Assert.Equal(before.GetRawText(), (await api.GetRecordAsync("test-year-omitted")).GetRawText());
    }

    [Fact]
    public async Task Import_ChangedVersion_UpdatesRecordAndReplacesItsRelations()
    {
        // Arrange: A points to a seed record and to B; C points to A
        await api.ImportAsync(api.WriteRecords("v1",
            TestRecords.Regulation("test-changed-a", new RelationDocument("implements", SeedId), new RelationDocument("cites", "test-changed-b")),
            TestRecords.Regulation("test-changed-b"),
            TestRecords.Regulation("test-changed-c", new RelationDocument("cites", "test-changed-a"))));
        var before = await api.GetRecordAsync("test-changed-a");
        var counts = await api.RowCountsAsync();

        var changed = TestRecords.Regulation("test-changed-a", new RelationDocument("supersedes", "test-changed-b"));
        changed["title"]!["en"] = "Notice on shutting down mining projects (revised)";
        changed["status"] = "amended";

        // Act
        var result = await api.ImportAsync(api.WriteRecords("v2", changed));

        // Assert: new content, a later updatedAt, only the new relations, and C's relation to A kept
        Assert.Equal(new ImportResult(1, 1, 0, 1, 0), result);
        var after = await api.GetRecordAsync("test-changed-a");
        Assert.Equal("Notice on shutting down mining projects (revised)", after.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("amended", after.GetProperty("status").GetString());
        Assert.True(ImportDatabase.UpdatedAt(after) > ImportDatabase.UpdatedAt(before),
            $"updatedAt {after.GetProperty("updatedAt")} should be later than {before.GetProperty("updatedAt")}");
        Assert.Equal(
            [("supersedes", "test-changed-b")],
            after.GetProperty("relations").EnumerateArray().Select(r => (r.GetProperty("type").GetString(), r.GetProperty("target").GetString())));
        Assert.Equal(["supersedes test-changed-b"], await api.StoredRelationsAsync("test-changed-a"));
        Assert.Equal(["cites test-changed-a"], await api.StoredRelationsAsync("test-changed-c"));
        Assert.Equal((counts.Records, counts.Rulings, counts.Relations - 1), await api.RowCountsAsync());

        var related = await api.Client.GetJsonAsync("/api/v1/records/test-changed-a/related");
        Assert.Equal(
            [("outgoing", "supersedes", "test-changed-b"), ("incoming", "cites", "test-changed-c")],
            related.GetProperty("items").EnumerateArray().Select(i => (
                i.GetProperty("direction").GetString(), i.GetProperty("type").GetString(), i.GetProperty("record").GetProperty("id").GetString())));
    }

    [Fact]
    public async Task Import_ChangedVersion_LeavesOtherRecordsOfTheFileUntouched()
    {
        var file = api.WriteRecords("partly-v1", TestRecords.Regulation("test-partly-a"), TestRecords.Regulation("test-partly-b"));
        await api.ImportAsync(file);
        var untouched = await api.GetRecordAsync("test-partly-b");
        var changed = TestRecords.Regulation("test-partly-a");
        changed["keyPoints"]!.AsArray().Add(new JsonObject { ["en"] = "A second key point." });

        var result = await api.ImportAsync(api.WriteRecords("partly-v2", changed, TestRecords.Regulation("test-partly-b")));

        Assert.Equal(new ImportResult(1, 2, 0, 1, 1), result);
        Assert.Equal(2, (await api.GetRecordAsync("test-partly-a")).GetProperty("keyPoints").GetArrayLength());
        Assert.Equal(untouched.GetRawText(), (await api.GetRecordAsync("test-partly-b")).GetRawText());
    }

    [Fact]
    public async Task Import_ChangedRuling_ReplacesRulingPart()
    {
        await api.ImportAsync(api.WriteRecords("ruling-v1", TestRecords.Ruling("test-ruling-changed", 100000m)));
        var counts = await api.RowCountsAsync();

        var result = await api.ImportAsync(api.WriteRecords("ruling-v2",
            TestRecords.Ruling("test-ruling-changed", 9466500m, new RelationDocument("applies", "cn-civil-code-art-153"))));

        Assert.Equal(new ImportResult(1, 1, 0, 1, 0), result);
        var ruling = (await api.GetRecordAsync("test-ruling-changed")).GetProperty("ruling");
        Assert.Equal(9466500m, ruling.GetProperty("amountInDispute").GetProperty("amount").GetDecimal());
        Assert.Equal("basic", ruling.GetProperty("courtLevel").GetString());
        Assert.Equal(["applies cn-civil-code-art-153"], await api.StoredRelationsAsync("test-ruling-changed"));
        Assert.Equal((counts.Records, counts.Rulings, counts.Relations + 1), await api.RowCountsAsync());
    }

    [Fact]
    public async Task Import_TwoFilesSecondWithInvalidRecord_WritesNothingFromEither()
    {
        var counts = await api.RowCountsAsync();
        var first = api.WriteRecords("two-first", TestRecords.Regulation("test-two-files-a"), TestRecords.Regulation("test-two-files-b"));
        var invalid = TestRecords.Ruling("test-two-files-bad", 100m);
        invalid["ruling"]!["amountInDispute"]!["currency"] = "RMB";
        var second = api.WriteRecords("two-second", TestRecords.Regulation("test-two-files-c"), invalid);

        var exception = await api.ImportFailsAsync(first, second);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((second, "test-two-files-bad", "ruling.amountInDispute.currency"), (error.File, error.RecordId, error.Field));
        Assert.Empty(await api.IdsAsync("test-two-files-"));
        Assert.Equal(counts, await api.RowCountsAsync());
    }
}
