using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>
/// The OpenAPI document checked in at src/RegulationApi/openapi/v1.json (the build writes it) is the one the service
/// serves, so that a contract change shows in review and a stale file fails CI (which builds without rewriting it).
/// </summary>
public sealed class CheckedInDocumentTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    public static string CheckedInPath { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "src", "RegulationApi", "openapi", "v1.json");

    [Fact]
    public async Task CheckedInDocument_IsTheServedDocument()
    {
        // Arrange
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(CheckedInPath, TestContext.Current.CancellationToken))!.AsObject();

        // Act
        var served = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!.AsObject();

        // Assert: the same, member for member and in the same order; only the served one names the origin it was asked at
        Assert.NotNull(served["servers"]);
        Assert.Null(checkedIn["servers"]);
        served.Remove("servers");
        var expected = Lines(checkedIn);
        var actual = Lines(served);
        var first = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .FirstOrDefault(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i], -1);
        if (first >= 0)
        {
            Assert.Fail($"{CheckedInPath} is not the served document (rebuild src/RegulationApi, which rewrites it, and commit it). " +
                        $"First difference at line {first + 1}:\n checked in: {Line(expected, first)}\n served:     {Line(actual, first)}");
        }
    }

    [Fact]
    public async Task RecordExample_IsTheSeedRecordAsServed()
    {
        // Arrange: the record the examples name, as GET /api/v1/records/{id} serves it
        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        var example = document["components"]!["schemas"]!["RecordDocument"]!["example"]!.AsObject();
        var id = (string)example["id"]!;
        var served = JsonNode.Parse(await Client.GetStringAsync($"/api/v1/records/{id}", TestContext.Current.CancellationToken))!.AsObject();

        // Assert: everything but the time it was written, which is the example's own
        Assert.Equal("cn-ndrc-2021-1283", id);
        Assert.Contains(SeedFolder.Records, r => r.Document.Id == id);
        example.Remove("updatedAt");
        served.Remove("updatedAt");
        Assert.Equal(served.ToJsonString(), example.ToJsonString());
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string[] Lines(JsonNode node) => node.ToJsonString(Indented).Split('\n');

    private static string Line(string[] lines, int index) => index < lines.Length ? lines[index].Trim() : "(end of document)";
}
