using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>inForceOn and appliesIn: which rules applied where on a date, following repeals and supersessions.</summary>
public sealed class PointInTimeTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private async Task<List<string>> IdsAsync(string query) =>
        (await Client.AllPagesAsync("/api/v1/records?limit=100&" + query)).Select(i => i.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task InForceOn_PbocNotice_RepealedBy42OnFebruary6th2026()
    {
        var before = await IdsAsync("inForceOn=2026-02-05&appliesIn=CN");
        var after = await IdsAsync("inForceOn=2026-02-07&appliesIn=CN");

        Assert.Contains("cn-pboc-2021-237", before);
        Assert.DoesNotContain("cn-pboc-2026-42", before);
        Assert.Contains("cn-pboc-2026-42", after);
        Assert.DoesNotContain("cn-pboc-2021-237", after);
    }

    [Fact]
    public async Task InForceOn_RepealDate_IsTheFirstDayOfTheNewRule()
    {
        var onTheDay = await IdsAsync("inForceOn=2026-02-06&appliesIn=CN");
        Assert.Contains("cn-pboc-2026-42", onTheDay);
        Assert.DoesNotContain("cn-pboc-2021-237", onTheDay);
    }

    [Fact]
    public async Task InForceOn_KazakhstanLaw193_FromApril1st2023()
    {
        var before = await IdsAsync("inForceOn=2023-03-31&appliesIn=KZ");
        var after = await IdsAsync("inForceOn=2023-04-01&appliesIn=KZ");

        Assert.DoesNotContain("kz-law-193-vii", before);
        Assert.Contains("kz-digital-mining-fee-2022", before);
        Assert.Contains("kz-law-135-vii", before);
        Assert.Contains("kz-law-193-vii", after);
        Assert.All(after, id => Assert.StartsWith("kz-", id));
    }

    [Fact]
    public async Task InForceOn_IssuedButNotYetEffective_DoesNotMatch()
    {
        // Law 193-VII was signed on 2023-02-06 and took effect on 2023-04-01.
        Assert.DoesNotContain("kz-law-193-vii", await IdsAsync("inForceOn=2023-02-07"));
    }

    [Fact]
    public async Task InForceOn_SupersededCatalogue_EndsWhenTheNewOneTakesEffect()
    {
        var before = await IdsAsync("inForceOn=2024-01-31&appliesIn=CN");
        var after = await IdsAsync("inForceOn=2024-02-01&appliesIn=CN");

        Assert.Contains("cn-ndrc-2021-catalogue-amendment", before);
        Assert.DoesNotContain("cn-ndrc-2024-catalogue", before);
        Assert.Contains("cn-ndrc-2024-catalogue", after);
        Assert.DoesNotContain("cn-ndrc-2021-catalogue-amendment", after);
    }

    [Fact]
    public async Task InForceOn_SichuanOnJuly1st2021_AnswersTheComplianceQuestion()
    {
        var ids = await IdsAsync("inForceOn=2021-07-01&appliesIn=CN-SC");

        Assert.Contains("cn-sc-2021-06-18", ids);
        Assert.Contains("cn-fsdc-2021-05-21", ids);
        Assert.Contains("cn-civil-code-art-153", ids);
        Assert.DoesNotContain("cn-pboc-2021-237", ids); // issued 2021-09-15
        Assert.DoesNotContain("cn-ndrc-2021-1283", ids); // issued 2021-09-03
        Assert.DoesNotContain(ids, id => id.StartsWith("cn-yn-", StringComparison.Ordinal) || id.StartsWith("cn-nm-2022", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InForceOn_NeverMatchesRulingsOrUndatedRecords()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100&inForceOn=2030-01-01");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("regulation", i.GetProperty("kind").GetString()));
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetString() == "cn-qh-2021-mining-shutdown");
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("dates").GetProperty("repealed").ValueKind));
    }

    [Fact]
    public async Task AppliesIn_Province_MatchesItselfAndChina()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100&appliesIn=CN-SC");
        var jurisdictions = items.Select(i => i.GetProperty("jurisdiction").GetString()).Distinct().Order().ToList();
        Assert.Equal(["CN", "CN-SC"], jurisdictions);
        var counts = (await Client.GetJsonAsync("/api/v1/jurisdictions")).GetProperty("items").EnumerateArray()
            .ToDictionary(j => j.GetProperty("code").GetString()!, j => j.GetProperty("count").GetInt32());
        var total = counts["CN"] + counts["CN-SC"];
        Assert.Equal(total, items.Count);
    }

    [Fact]
    public async Task AppliesIn_Country_DoesNotReachDownToProvinces()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=100&appliesIn=cn");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("CN", i.GetProperty("jurisdiction").GetString()));
    }

    [Fact]
    public async Task AppliesIn_Several_IsTheUnion()
    {
        var both = await IdsAsync("appliesIn=CN-SC,KZ");
        Assert.Contains("kz-law-193-vii", both);
        Assert.Contains("cn-sc-2022-186", both);
        Assert.Contains("cn-ndrc-2021-1283", both);
    }

    [Fact]
    public async Task StatsYears_AcceptsThePointInTimeFilters()
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?inForceOn=2023-04-01&appliesIn=KZ");
        var records = await IdsAsync("inForceOn=2023-04-01&appliesIn=KZ");

        Assert.Equal(records.Count, stats.GetProperty("total").GetInt64());
        Assert.Superset(new HashSet<string> { "kz-law-193-vii", "kz-digital-mining-fee-2022", "kz-law-135-vii" }, records.ToHashSet());
        // Order 384/НҚ was repealed on 2023-03-30.
        Assert.DoesNotContain("kz-order-2020-384-nk", records);
    }

    [Fact]
    public async Task InForceOn_RussiasRegionalBans_From20250101_AndIrkutskYearRound()
    {
        Assert.DoesNotContain("ru-gov-2024-regional-mining-ban", await IdsAsync("inForceOn=2024-12-31&appliesIn=RU"));
        Assert.Contains("ru-gov-2024-regional-mining-ban", await IdsAsync("inForceOn=2025-01-01&appliesIn=RU"));
        // The year-round ban is Irkutsk Region's: found there, with the federal rules above it, and not elsewhere in Russia.
        var irkutsk = await IdsAsync("inForceOn=2025-06-01&appliesIn=RU-IRK");
        Assert.Contains("ru-gov-2025-irkutsk-year-round-ban", irkutsk);
        Assert.Contains("ru-gov-2024-regional-mining-ban", irkutsk);
        Assert.Contains("ru-law-2020-259-fz", irkutsk);
        Assert.DoesNotContain("ru-gov-2025-irkutsk-year-round-ban", await IdsAsync("inForceOn=2025-06-01&appliesIn=RU"));
        Assert.DoesNotContain("ru-gov-2025-irkutsk-year-round-ban", await IdsAsync("inForceOn=2025-04-06&appliesIn=RU-IRK"));
    }

    [Fact]
    public async Task InForceOn_IranByLaw2022_SupersedesThe2019Decree()
    {
        Assert.Contains("ir-decree-2019-crypto-use", await IdsAsync("inForceOn=2021-01-01&appliesIn=IR"));
        var after = await IdsAsync("inForceOn=2023-01-01&appliesIn=IR");
        Assert.Contains("ir-bylaw-2022-mining", after);
        Assert.DoesNotContain("ir-decree-2019-crypto-use", after);
    }

    [Fact]
    public async Task InForceOn_NewYorkMoratorium_FromItsSigningOn20221122()
    {
        Assert.DoesNotContain("us-ny-2022-pow-moratorium", await IdsAsync("inForceOn=2022-11-21&appliesIn=US-NY"));
        Assert.Contains("us-ny-2022-pow-moratorium", await IdsAsync("inForceOn=2022-11-22&appliesIn=US-NY"));
        Assert.Contains("us-ny-2022-pow-moratorium", await IdsAsync("inForceOn=2023-06-01&appliesIn=US-NY"));
        // New York's law is not Texas's.
        Assert.DoesNotContain("us-ny-2022-pow-moratorium", await IdsAsync("inForceOn=2023-06-01&appliesIn=US-TX"));
    }

    [Fact]
    public async Task InForceOn_BritishColumbiaPause_From20221221_UntilBill24()
    {
        Assert.DoesNotContain("ca-bc-2022-oic-692", await IdsAsync("inForceOn=2022-12-20&appliesIn=CA-BC"));
        Assert.Contains("ca-bc-2022-oic-692", await IdsAsync("inForceOn=2023-06-01&appliesIn=CA-BC"));
        // Bill 24 supersedes the order in council from the day it took effect.
        var after = await IdsAsync("inForceOn=2024-06-01&appliesIn=CA-BC");
        Assert.DoesNotContain("ca-bc-2022-oic-692", after);
        Assert.Contains("ca-bc-2024-bill-24", after);
    }

    [Fact]
    public async Task AppliesIn_EuMemberState_IncludesEuLawInForceThere()
    {
        var sweden = await IdsAsync("inForceOn=2025-06-01&appliesIn=SE");

        Assert.Contains("eu-2023-1114-mica", sweden);
        Assert.Contains("eu-2025-422-mica-sustainability-rts", sweden);
        Assert.Contains("se-2023-datacentre-energy-tax-abolition", sweden);
        // Norway is not a member state.
        Assert.DoesNotContain("eu-2023-1114-mica", await IdsAsync("inForceOn=2025-06-01&appliesIn=NO"));
        // Without a date, EU law applies in a member state too.
        Assert.Contains("eu-2023-1114-mica", await IdsAsync("appliesIn=SE"));
        // The EU's own code matches only EU law.
        Assert.All(await Client.AllPagesAsync("/api/v1/records?limit=100&appliesIn=EU"), r => Assert.Equal("EU", r.GetProperty("jurisdiction").GetString()));
    }

    [Theory]
    [InlineData("SE", "1994-12-31", false)]
    [InlineData("SE", "1995-01-01", true)]
    [InlineData("HR", "2013-06-30", false)]
    [InlineData("HR", "2013-07-01", true)]
    [InlineData("FR", "1958-01-01", true)]
    [InlineData("NO", "2025-06-01", false)]
    [InlineData("CN-SC", "2025-06-01", false)]
    public void EuMembership_CountsFromTheDayOfAccession(string code, string day, bool member)
    {
        Assert.Equal(member, RegulationApi.Model.Jurisdictions.WhoseLawApplies(code, DateOnly.Parse(day)).Contains("EU"));
        Assert.Equal(RegulationApi.Model.Jurisdictions.EuMembers.ContainsKey(code), RegulationApi.Model.Jurisdictions.WhoseLawApplies(code, null).Contains("EU"));
        Assert.Equal(27, RegulationApi.Model.Jurisdictions.EuMembers.Count);
    }

    [Theory]
    [InlineData("inForceOn=2021-13-01", "inForceOn")]
    [InlineData("inForceOn=yesterday", "inForceOn")]
    [InlineData("inForceOn=", "inForceOn")]
    [InlineData("appliesIn=Sichuan", "appliesIn")]
    [InlineData("appliesIn=", "appliesIn")]
    public async Task PointInTime_MalformedValue_Is400NamingIt(string query, string parameter)
    {
        await (await Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }
}
