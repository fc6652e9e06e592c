using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>The knowledge base matches the fact sheet (shared/research/facts.md).</summary>
public sealed class SeedContentTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private Task<JsonElement> GetAsync(string id) => Client.GetJsonAsync("/api/v1/records/" + id);

    [Theory]
    [InlineData("cn-fsdc-2021-05-21", "regulation", "CN")]
    [InlineData("cn-associations-2021-05-18", "regulation", "CN")]
    [InlineData("cn-pboc-2021-237", "regulation", "CN")]
    [InlineData("cn-pboc-2026-42", "regulation", "CN")]
    [InlineData("cn-ndrc-2021-1283", "regulation", "CN")]
    [InlineData("cn-ndrc-2021-catalogue-amendment", "regulation", "CN")]
    [InlineData("cn-ndrc-2024-catalogue", "regulation", "CN")]
    [InlineData("cn-sc-2021-06-18", "regulation", "CN-SC")]
    [InlineData("cn-yn-2021-mining-power-management", "regulation", "CN-YN")]
    [InlineData("cn-xj-changji-2021-mining-halt", "regulation", "CN-XJ")]
    [InlineData("cn-nm-2021-eight-measures", "regulation", "CN-NM")]
    [InlineData("cn-qh-2021-mining-shutdown", "regulation", "CN-QH")]
    [InlineData("kz-law-193-vii", "regulation", "KZ")]
    [InlineData("kz-digital-mining-fee-2022", "regulation", "KZ")]
    [InlineData("cn-civil-code-art-153", "regulation", "CN")]
    [InlineData("cn-ruling-bj-dongcheng-2021-6309", "ruling", "CN-BJ")]
    [InlineData("cn-ruling-bj-chaoyang-2021-fengfujiuxin", "ruling", "CN-BJ")]
    [InlineData("cn-ruling-xj-high-2023-retrial", "ruling", "CN-XJ")]
    [InlineData("cn-ruling-nb-haishu-2023-transformers", "ruling", "CN-ZJ")]
    [InlineData("cn-ruling-xm-huli-2023", "ruling", "CN-FJ")]
    [InlineData("cn-ruling-hn-guiyang", "ruling", "CN-HN")]
    public async Task Seed_Record_IsPresentWithItsKindAndJurisdiction(string id, string kind, string jurisdiction)
    {
        var record = await GetAsync(id);
        Assert.Equal(kind, record.GetProperty("kind").GetString());
        Assert.Equal(jurisdiction, record.GetProperty("jurisdiction").GetString());
    }

    [Fact]
    public async Task Seed_237_IsRepealedBy42On20260206()
    {
        var notice = await GetAsync("cn-pboc-2021-237");
        Assert.Equal("银发〔2021〕237号", notice.GetProperty("documentNumber").GetString());
        Assert.Equal("repealed", notice.GetProperty("status").GetString());
        Assert.Equal("2026-02-06", notice.GetProperty("dates").GetProperty("repealed").GetString());
        Assert.Equal("2021-09-15", notice.GetProperty("dates").GetProperty("issued").GetString());
        Assert.Equal("2021-09-24", notice.GetProperty("dates").GetProperty("published").GetString());
        Assert.Equal(10, notice.GetProperty("authorities").GetArrayLength());

        var repeal = await GetAsync("cn-pboc-2026-42");
        Assert.Equal("银发〔2026〕42号", repeal.GetProperty("documentNumber").GetString());
        Assert.Contains(repeal.GetProperty("relations").EnumerateArray(),
            r => r.GetProperty("type").GetString() == "repeals" && r.GetProperty("target").GetString() == "cn-pboc-2021-237");
        Assert.Equal(8, repeal.GetProperty("authorities").GetArrayLength());
    }

    [Fact]
    public async Task Seed_1283_HasOnlyTheConfirmedDepartments()
    {
        var notice = await GetAsync("cn-ndrc-2021-1283");
        Assert.Equal("发改运行〔2021〕1283号", notice.GetProperty("documentNumber").GetString());
        Assert.Equal("2021-09-03", notice.GetProperty("dates").GetProperty("issued").GetString());
        Assert.Equal("2021-09-24", notice.GetProperty("dates").GetProperty("published").GetString());
        Assert.Equal("partial", notice.GetProperty("verification").GetString());
        Assert.Equal(3, notice.GetProperty("authorities").GetArrayLength());
        Assert.False(string.IsNullOrWhiteSpace(notice.StringOrNull("notes")));
    }

    [Fact]
    public async Task Seed_CatalogueAmendment_HasNoInventedOrderNumber()
    {
        var amendment = await GetAsync("cn-ndrc-2021-catalogue-amendment");
        Assert.Equal(JsonValueKind.Null, amendment.GetProperty("documentNumber").ValueKind);
        Assert.Equal("2022-01-10", amendment.GetProperty("dates").GetProperty("published").GetString());
        Assert.Equal(JsonValueKind.Null, amendment.GetProperty("dates").GetProperty("effective").ValueKind);
    }

    [Fact]
    public async Task Seed_ProvincialMeasures_ImplementTheNationalCall()
    {
        foreach (var id in new[] { "cn-sc-2021-06-18", "cn-nm-2021-eight-measures", "cn-qh-2021-mining-shutdown", "cn-yn-2021-mining-power-management", "cn-xj-changji-2021-mining-halt" })
        {
            var record = await GetAsync(id);
            Assert.Contains(record.GetProperty("relations").EnumerateArray(),
                r => r.GetProperty("type").GetString() == "implements" && r.GetProperty("target").GetString() == "cn-fsdc-2021-05-21");
            Assert.Equal(JsonValueKind.Null, record.GetProperty("documentNumber").ValueKind);
        }
    }

    [Fact]
    public async Task Seed_FirstRulings_ApplyWhatTheyRestOn_WithOnlyTheConfirmedCaseNumberAndDates()
    {
        // The seven rulings of the first fact sheet, with the decision dates that fact sheet 2 confirmed.
        var decided = new Dictionary<string, string?>
        {
            ["cn-ruling-xj-high-2023-retrial"] = null, ["cn-ruling-nb-haishu-2023-transformers"] = null,
            ["cn-ruling-bj-chaoyang-2021-fengfujiuxin"] = null, ["cn-ruling-bj-3rd-intermediate-2022-fengfujiuxin"] = "2022-07-07",
            ["cn-ruling-bj-dongcheng-2021-6309"] = "2021-10-25", ["cn-ruling-xm-huli-2023"] = null, ["cn-ruling-hn-guiyang"] = null,
        };
        foreach (var (id, date) in decided)
        {
            var ruling = await GetAsync(id);
            var details = ruling.GetProperty("ruling");
            var caseNumber = details.StringOrNull("caseNumber");
            // The only case number the sources confirm.
            Assert.True(caseNumber is null || caseNumber == "(2021)京0101民初6309号", $"{id} has {caseNumber}");
            Assert.Equal(date, details.StringOrNull("decided"));
            Assert.NotEmpty(ruling.GetProperty("relations").EnumerateArray());
        }

        var dongcheng = await GetAsync("cn-ruling-bj-dongcheng-2021-6309");
        Assert.Equal("(2021)京0101民初6309号", dongcheng.GetProperty("ruling").GetProperty("caseNumber").GetString());
        Assert.Contains(dongcheng.GetProperty("relations").EnumerateArray(), r => r.GetProperty("target").GetString() == "cn-civil-code-art-9");
        Assert.Contains(dongcheng.GetProperty("relations").EnumerateArray(), r => r.GetProperty("target").GetString() == "cn-civil-code-art-153");
        // Both dates reported for the Chaoyang judgment, and neither asserted.
        var chaoyang = await GetAsync("cn-ruling-bj-chaoyang-2021-fengfujiuxin");
        Assert.Contains("2021-12-14", chaoyang.StringOrNull("notes"));
        Assert.Contains("2021-12-15", chaoyang.StringOrNull("notes"));
    }

    [Theory]
    [InlineData("cn-ruling-xj-high-2023-retrial", 9466500, "high", "article-only")]
    [InlineData("cn-ruling-nb-haishu-2023-transformers", 3366000, "basic", "article-only")]
    [InlineData("cn-ruling-bj-dongcheng-2021-6309", 5300000, "basic", "confirmed")]
    [InlineData("cn-ruling-xm-huli-2023", 392000, "basic", "confirmed")]
    [InlineData("cn-ruling-hn-guiyang", 570000, "basic", "partial")]
    public async Task Seed_RulingAmounts_AreThoseOfTheSources(string id, int amount, string courtLevel, string verification)
    {
        var ruling = await GetAsync(id);
        var details = ruling.GetProperty("ruling");
        Assert.Equal(amount, details.GetProperty("amountInDispute").GetProperty("amount").GetDecimal());
        Assert.Equal("CNY", details.GetProperty("amountInDispute").GetProperty("currency").GetString());
        Assert.Equal(courtLevel, details.GetProperty("courtLevel").GetString());
        Assert.Equal(verification, ruling.GetProperty("verification").GetString());
    }

    [Fact]
    public async Task Seed_Guiyang_HasNoDecisionDate_AndTheYearOfItsReport()
    {
        var ruling = await GetAsync("cn-ruling-hn-guiyang");
        Assert.Equal(JsonValueKind.Null, ruling.GetProperty("ruling").GetProperty("decided").ValueKind);
        Assert.Equal(2025, ruling.GetProperty("year").GetInt32());
        Assert.Contains("2025-11-21", ruling.StringOrNull("notes"));
        Assert.Equal("桂阳县人民法院", ruling.GetProperty("ruling").GetProperty("court").GetProperty("zh").GetString()!.Replace("湖南省", ""));
        Assert.Contains(ruling.GetProperty("relations").EnumerateArray(), r => r.GetProperty("target").GetString() == "cn-pboc-2021-237");
    }

    [Fact]
    public async Task Seed_KazakhstanLaw_HasItsNumberAndDates()
    {
        var law = await GetAsync("kz-law-193-vii");
        Assert.Contains("193-VII", law.GetProperty("documentNumber").GetString());
        Assert.Equal("2023-02-06", law.GetProperty("dates").GetProperty("issued").GetString());
        Assert.Equal("2023-04-01", law.GetProperty("dates").GetProperty("effective").GetString());
        Assert.True(law.GetProperty("title").TryGetProperty("ru", out _));
        Assert.Contains("electricity", law.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Seed_FsdcReadout_IsHistorical()
    {
        var readout = await GetAsync("cn-fsdc-2021-05-21");
        Assert.Equal("historical", readout.GetProperty("status").GetString());
        Assert.Equal("2021-05-21", readout.GetProperty("dates").GetProperty("issued").GetString());
        Assert.Equal("party-or-state-council-statement", readout.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Seed_EveryRecord_IsSourcedAndSaysWhatIsUncertain()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100");
        Assert.All(items, record =>
        {
            Assert.All(record.GetProperty("sources").EnumerateArray(), s => Assert.True(Uri.IsWellFormedUriString(s.GetProperty("url").GetString(), UriKind.Absolute)));
            Assert.True(record.GetProperty("title").TryGetProperty("en", out _));
            if (record.GetProperty("verification").GetString() != "confirmed")
            {
                Assert.False(string.IsNullOrWhiteSpace(record.StringOrNull("notes")));
            }

            if (record.GetProperty("verification").GetString() == "article-only")
            {
                Assert.Contains(record.GetProperty("sources").EnumerateArray(), s => s.GetProperty("type").GetString() == "article");
            }
        });
    }
}
