using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>The served OpenAPI document passes Spectral's OpenAPI ruleset (clients/typescript/.spectral.yaml) without a finding.</summary>
public sealed class SpectralTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    /// <summary>Where the document is left for .ci/run, which lints it again so that CI's log shows the result.</summary>
    public static string DumpPath { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "artifacts", "openapi", "v1.json");

    [Fact]
    public async Task Document_LintedBySpectralOas_HasNoErrorsWarningsOrHints()
    {
        // Arrange: the document as served, written out
        await NpmProject.EnsureInstalledAsync();
        var document = await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(DumpPath)!);
        await File.WriteAllTextAsync(DumpPath, document, TestContext.Current.CancellationToken);

        var results = Path.Combine(Path.GetTempPath(), $"regulationapi-spectral-{Guid.NewGuid():N}.json");

        try
        {
            // Act
            var lint = await NpmProject.RunToolAsync("spectral",
                ["lint", DumpPath, "--ruleset", ".spectral.yaml", "--fail-severity", "hint", "--format", "json", "--output", results]);

            // Assert: every finding, of any severity, is listed in the failure message
            Assert.True(File.Exists(results), "Spectral wrote no results: " + lint);
            var findings = Findings(await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken));
            Assert.True(findings.Count == 0 && lint.ExitCode == 0,
                $"Spectral found {findings.Count} problem(s) in the OpenAPI document:\n{string.Join("\n", findings)}\n\n{lint}");
        }
        finally
        {
            File.Delete(results);
        }
    }

    private static List<string> Findings(string json)
    {
        string[] severities = ["error", "warning", "info", "hint"];
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(f =>
            $"{severities[f.GetProperty("severity").GetInt32()]} {f.GetProperty("code")} at " +
            $"{string.Join(".", f.GetProperty("path").EnumerateArray().Select(p => p.ToString()))} " +
            $"(line {f.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1}): {f.GetProperty("message")}")];
    }
}
