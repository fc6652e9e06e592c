using RegulationApi.Model;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Import;

/// <summary><c>RegulationApi import FILE...</c>, run as its own process from the built service.</summary>
public sealed class ImportCommandTests(ImportDatabase api) : IClassFixture<ImportDatabase>
{
    [Fact]
    public async Task ImportCommand_ValidFile_ExitsZeroWithSummary()
    {
        var file = api.WriteRecords("command-valid",
            TestRecords.Regulation("test-command-valid-a", new RelationDocument("implements", "cn-fsdc-2021-05-21")),
            TestRecords.Ruling("test-command-valid-ruling", 9466500m, new RelationDocument("applies", "cn-civil-code-art-153")));

        var (exitCode, output, error) = await RunImportAsync(file);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains("Imported 2 records from 1 files: 2 new, 0 changed, 0 unchanged.", output);
        Assert.Equal(["test-command-valid-a", "test-command-valid-ruling"], await api.IdsAsync("test-command-valid-"));
        Assert.Equal("(2021)京0101民初6309号",
            (await api.GetRecordAsync("test-command-valid-ruling")).GetProperty("ruling").GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task ImportCommand_SameFileTwice_SecondRunReportsUnchanged()
    {
        var file = api.WriteRecords("command-twice", TestRecords.Regulation("test-command-twice-a"), TestRecords.Regulation("test-command-twice-b"));
        var first = await RunImportAsync(file);
        Assert.True(first.ExitCode == 0, $"first run: exit code {first.ExitCode}; stderr: {first.Error}");
        var before = (await api.GetRecordAsync("test-command-twice-a")).GetRawText();

        var (exitCode, output, error) = await RunImportAsync(file);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains("Imported 2 records from 1 files: 0 new, 0 changed, 2 unchanged.", output);
        Assert.Equal(before, (await api.GetRecordAsync("test-command-twice-a")).GetRawText());
    }

    [Fact]
    public async Task ImportCommand_InvalidFile_ExitsNonZeroNamingFileRecordAndFieldAndWritesNothing()
    {
        var counts = await api.RowCountsAsync();
        var invalid = TestRecords.Regulation("test-command-invalid-bad");
        invalid["sources"]![0]!["url"] = "www.example.gov.cn/notice.html";
        var file = api.WriteRecords("command-invalid", TestRecords.Regulation("test-command-invalid-ok"), invalid);

        var (exitCode, output, error) = await RunImportAsync(file);

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains($"{file}: record 'test-command-invalid-bad': sources[0].url: ", error);
        Assert.DoesNotContain("Imported", output);
        Assert.Empty(await api.IdsAsync("test-command-invalid-"));
        Assert.Equal(counts, await api.RowCountsAsync());
    }

    [Fact]
    public async Task ImportCommand_SecondFileInvalid_ExitsNonZeroAndWritesNeitherFile()
    {
        var valid = api.WriteRecords("command-first", TestRecords.Regulation("test-command-files-a"));
        var broken = api.WriteFile("command-broken", "[ { \"id\": \"test-command-files-b\", ");

        var (exitCode, output, error) = await RunImportAsync(valid, broken);

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains(broken, error);
        Assert.DoesNotContain(valid, error);
        Assert.Empty(await api.IdsAsync("test-command-files-"));
    }

    [Fact]
    public async Task ImportCommand_NoFile_ExitsNonZeroWithUsage()
    {
        var (exitCode, output, error) = await RunImportAsync();

        Assert.True(exitCode != 0, $"exit code {exitCode}; stdout: {output}");
        Assert.Contains("usage: RegulationApi import FILE-OR-FOLDER...", error);
    }

    [Fact]
    public async Task ImportCommand_StartedFromAnotherFolder_ReadsItsOwnSettings()
    {
        // Without its appsettings.json every category logs at Information, EF Core's SQL commands included (and the
        // service, every request); the content root is the program's folder, not the working directory.
        var file = api.WriteRecords("command-elsewhere", TestRecords.Regulation("test-command-elsewhere"));

        var (exitCode, output, error) = await ServiceCommand.RunInAsync(Path.GetTempPath(), api.Factory.ConnectionString, "import", file);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains("Imported 1 records from 1 files: 1 new", output);
        Assert.DoesNotContain("Executed DbCommand", error);
    }

    [Fact]
    public async Task ImportCommand_WhileTheServiceRuns_ReachesItsSearchWithoutRestart()
    {
        Assert.Equal(0, (await api.Client.GetJsonAsync("/api/v1/records?q=quillwort")).GetProperty("total").GetInt64());
        var record = TestRecords.Regulation("test-command-notify");
        record["title"]!["en"] = "Notice on quillwort wetlands";

        var (exitCode, _, error) = await RunImportAsync(api.WriteRecords("notify", record));
        Assert.True(exitCode == 0, error);

        // The import notifies every running service, which rebuilds its index and drops its cached answers.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long total;
        do
        {
            total = (await api.Client.GetJsonAsync("/api/v1/records?q=quillwort")).GetProperty("total").GetInt64();
            if (total == 1)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(1, total);
    }

    /// <summary>Runs <c>dotnet RegulationApi.dll import FILES</c> against this class's database.</summary>
    private Task<CommandResult> RunImportAsync(params string[] files) =>
        ServiceCommand.RunAsync(api.Factory.ConnectionString, ["import", .. files]);
}
