using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

public sealed class RecordShapeTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private static readonly string[] RecordFields =
    [
        "id", "kind", "jurisdiction", "title", "summary", "keyPoints", "documentNumber", "authorities", "level", "dates",
        "year", "status", "topics", "ruling", "relations", "sources", "verification", "notes", "updatedAt",
    ];

    private static readonly string[] RulingFields =
        ["caseNumber", "court", "courtLevel", "procedure", "causeOfAction", "decided", "outcome", "legalBasis", "amountInDispute"];

    [Fact]
    public async Task Records_EveryOne_HasEveryFieldOfTheContract()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100");
        Assert.All(items, record =>
        {
            Assert.Equal(RecordFields.Order(), record.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(["effective", "issued", "published", "repealed"], record.GetProperty("dates").EnumerateObject().Select(p => p.Name).Order());
            Assert.NotEmpty(record.GetProperty("sources").EnumerateArray());
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", record.GetProperty("updatedAt").GetString());
            if (record.GetProperty("kind").GetString() == "ruling")
            {
                Assert.Equal(RulingFields.Order(), record.GetProperty("ruling").EnumerateObject().Select(p => p.Name).Order());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, record.GetProperty("ruling").ValueKind);
            }

            // The primary date gives the year whenever there is one.
            if (record.PrimaryDate() is { } date)
            {
                Assert.Equal(date.Year, record.Year());
            }
        });
    }

    [Fact]
    public async Task GetRecord_Known_ReturnsTheSameRecordAsTheList()
    {
        var listed = (await Client.AllPagesAsync("/api/v1/records?limit=100")).Single(i => i.GetProperty("id").GetString() == "cn-ndrc-2021-1283");
        var record = await Client.GetJsonAsync("/api/v1/records/cn-ndrc-2021-1283");
        Assert.Equal(listed.GetRawText(), record.GetRawText());
    }

    [Fact]
    public async Task GetRecord_Unknown_Is404Problem()
    {
        var problem = await (await Client.FetchAsync("/api/v1/records/cn-no-such-record")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("cn-no-such-record", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Related_Repeal_IsReadFromBothSides()
    {
        var of237 = await Client.GetJsonAsync("/api/v1/records/cn-pboc-2021-237/related");
        var incoming = of237.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("record").GetProperty("id").GetString() == "cn-pboc-2026-42");
        Assert.Equal("incoming", incoming.GetProperty("direction").GetString());
        Assert.Equal("repeals", incoming.GetProperty("type").GetString());

        var of42 = await Client.GetJsonAsync("/api/v1/records/cn-pboc-2026-42/related");
        var outgoing = of42.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("record").GetProperty("id").GetString() == "cn-pboc-2021-237");
        Assert.Equal("outgoing", outgoing.GetProperty("direction").GetString());
        Assert.Equal("repeals", outgoing.GetProperty("type").GetString());
        Assert.Equal("repealed", outgoing.GetProperty("record").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Related_EveryStoredRelation_AppearsOnBothRecords()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100");
        foreach (var record in items)
        {
            var id = record.GetProperty("id").GetString()!;
            var related = (await Client.GetJsonAsync($"/api/v1/records/{id}/related")).GetProperty("items").EnumerateArray().ToList();
            foreach (var relation in record.GetProperty("relations").EnumerateArray())
            {
                var (type, target) = (relation.GetProperty("type").GetString(), relation.GetProperty("target").GetString()!);
                Assert.Contains(related, r => r.GetProperty("direction").GetString() == "outgoing" && r.GetProperty("type").GetString() == type
                                              && r.GetProperty("record").GetProperty("id").GetString() == target);
                var back = (await Client.GetJsonAsync($"/api/v1/records/{target}/related")).GetProperty("items").EnumerateArray();
                Assert.Contains(back, r => r.GetProperty("direction").GetString() == "incoming" && r.GetProperty("type").GetString() == type
                                           && r.GetProperty("record").GetProperty("id").GetString() == id);
            }

            Assert.Equal(record.GetProperty("relations").GetArrayLength(), related.Count(r => r.GetProperty("direction").GetString() == "outgoing"));
        }
    }

    [Fact]
    public async Task Related_UnknownRecord_Is404Problem()
    {
        await (await Client.FetchAsync("/api/v1/records/cn-no-such-record/related")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
