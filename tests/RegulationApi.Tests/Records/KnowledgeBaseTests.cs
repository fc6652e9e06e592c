using System.Text.Json;
using System.Text.RegularExpressions;
using RegulationApi.Model;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>
/// What keeps the knowledge base true, over every file of seed/: its layout, sources, notes, number shapes, titles,
/// and per-year counts that the API reproduces exactly.
/// </summary>
public sealed partial class KnowledgeBaseTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private static IEnumerable<RecordDocument> Records => SeedFolder.Records.Select(r => r.Document);

    private static bool IsChinese(RecordDocument r) => r.Jurisdiction is "CN" || r.Jurisdiction.StartsWith("CN-", StringComparison.Ordinal);

    [Fact]
    public void Seed_EveryFile_IsCountryKindAndId()
    {
        Assert.All(SeedFolder.Records, r =>
            Assert.Equal($"{r.Document.Jurisdiction.Split('-')[0].ToLowerInvariant()}/{r.Document.Kind}s/{r.Document.Id}.json", r.File));
    }

    [Fact]
    public void Seed_EveryRecord_HasASourceUrlWithAType()
    {
        Assert.All(Records, r =>
        {
            Assert.NotEmpty(r.Sources);
            Assert.All(r.Sources, s =>
            {
                Assert.True(Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"{r.Id}: {s.Url}");
                Assert.Contains(s.Type, Vocabulary.SourceTypes);
            });
        });
    }

    [Fact]
    public void Seed_EveryRecordNotConfirmed_SaysWhatIsUncertain()
    {
        var unconfirmed = Records.Where(r => r.Verification != "confirmed").ToList();

        Assert.NotEmpty(unconfirmed);
        Assert.All(unconfirmed, r => Assert.True(r.Notes is { Length: > 20 }, $"{r.Id} is {r.Verification} without notes"));
    }

    [Fact]
    public void Seed_ChineseCaseNumbers_HaveTheirRealShape()
    {
        var numbers = Records.Where(IsChinese).Select(r => r.Ruling?.CaseNumber).OfType<string>().ToList();

        Assert.True(numbers.Count >= 5, $"only {numbers.Count} Chinese case numbers");
        Assert.All(numbers, n => Assert.Matches(CaseNumber(), n));
    }

    [Fact]
    public void Seed_ChineseDocumentNumbers_HaveTheirRealShape()
    {
        var numbers = Records.Where(r => IsChinese(r) && r.DocumentNumber is not null && r.Level != "law").Select(r => r.DocumentNumber!).ToList();

        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.Matches(DocumentNumber(), n));
    }

    [Fact]
    public void Seed_EveryTitle_IsInChineseAndEnglish_AndForeignRecordsKeepTheirOriginal()
    {
        Assert.All(Records, r =>
        {
            Assert.True(r.Title.ContainsKey("zh") && r.Title.ContainsKey("en"), $"{r.Id}: title has {string.Join(", ", r.Title.Keys)}");
            Assert.True(r.Summary?.ContainsKey("zh") == true && r.Summary.ContainsKey("en"), $"{r.Id}: summary");
            Assert.All(r.KeyPoints, k => Assert.True(k.ContainsKey("zh") && k.ContainsKey("en"), $"{r.Id}: key point"));
        });
        // A record of a country that writes in neither Chinese nor English holds a title in that country's language,
        // or says in its notes that the original title was not seen (it is never reconstructed).
        var original = new Dictionary<string, string[]>
        {
            ["RU"] = ["ru"], ["KZ"] = ["ru", "kk"], ["UZ"] = ["uz", "ru"], ["KG"] = ["ky", "ru"], ["TJ"] = ["tg", "ru"],
            ["BY"] = ["be", "ru"], ["IR"] = ["fa"], ["SE"] = ["sv"], ["NO"] = ["no", "nb"], ["PY"] = ["es"],
        };
        var foreign = Records.Where(r => original.ContainsKey(r.Jurisdiction.Split('-')[0])).ToList();
        Assert.True(foreign.Count(r => original[r.Jurisdiction.Split('-')[0]].Any(r.Title.ContainsKey)) >= 20);
        Assert.All(foreign, r => Assert.True(
            original[r.Jurisdiction.Split('-')[0]].Any(r.Title.ContainsKey) || OriginalTitleNotSeen().IsMatch(r.Notes ?? ""),
            $"{r.Id}: title has {string.Join(", ", r.Title.Keys)}, and the notes do not say the original was not seen"));
    }

    [Fact]
    public void Seed_EveryJurisdiction_IsNamedInChineseAndEnglish_UnderItsCountry()
    {
        Assert.All(Records.Select(r => r.Jurisdiction).Distinct(), code =>
        {
            var jurisdiction = Jurisdictions.All[code];
            Assert.False(string.IsNullOrWhiteSpace(jurisdiction.Zh) || string.IsNullOrWhiteSpace(jurisdiction.En), code);
            Assert.Equal(code.Contains('-') ? code.Split('-')[0] : null, jurisdiction.Parent);
        });
    }

    [Fact]
    public async Task YearStats_EqualTheCountsOfTheSeedFiles()
    {
        var expected = Records.GroupBy(r => r.Year).OrderBy(g => g.Key is null).ThenBy(g => g.Key)
            .Select(g => (g.Key, (long)g.Count())).ToList();

        var stats = await Client.GetJsonAsync("/api/v1/stats/years");

        Assert.Equal(expected, stats.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("year").ValueKind == JsonValueKind.Null ? (int?)null : i.GetProperty("year").GetInt32(), i.GetProperty("count").GetInt64())));
        Assert.Equal(SeedFolder.Records.Count, stats.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("kind=ruling")]
    [InlineData("jurisdiction=US")]
    [InlineData("topic=environment")]
    public async Task YearStats_Filtered_EqualTheCountsOfTheSeedFiles(string filter)
    {
        var (field, value) = (filter.Split('=')[0], filter.Split('=')[1]);
        var expected = Records.Where(r => field switch
            {
                "kind" => r.Kind == value,
                "jurisdiction" => r.Jurisdiction.Split('-')[0] == value,
                _ => r.Topics.Contains(value),
            })
            .GroupBy(r => r.Year).OrderBy(g => g.Key is null).ThenBy(g => g.Key).Select(g => (g.Key, (long)g.Count())).ToList();

        var stats = await Client.GetJsonAsync("/api/v1/stats/years?" + filter);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, stats.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("year").ValueKind == JsonValueKind.Null ? (int?)null : i.GetProperty("year").GetInt32(), i.GetProperty("count").GetInt64())));
    }

    [Fact]
    public async Task Jurisdictions_NameEveryJurisdictionOfTheSeed_WithItsParent()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");
        var byCode = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);

        Assert.Equal(Records.Select(r => r.Jurisdiction).Distinct().Order(StringComparer.Ordinal), byCode.Keys.Order(StringComparer.Ordinal));
        foreach (var (code, parent, en) in new[] { ("US-NY", "US", "New York"), ("CA-BC", "CA", "British Columbia"), ("RU-IRK", "RU", "Irkutsk Oblast") })
        {
            Assert.Equal(parent, byCode[code].StringOrNull("parent"));
            Assert.Equal(en, byCode[code].GetProperty("name").GetProperty("en").GetString());
        }

        Assert.Equal("欧洲联盟", byCode["EU"].GetProperty("name").GetProperty("zh").GetString());
        Assert.Equal(JsonValueKind.Null, byCode["EU"].GetProperty("parent").ValueKind);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("CA")]
    [InlineData("RU")]
    [InlineData("CN")]
    public async Task Jurisdiction_Country_MatchesItsStatesAndProvinces(string country)
    {
        var expected = Records.Where(r => r.Jurisdiction == country || r.Jurisdiction.StartsWith(country + "-", StringComparison.Ordinal))
            .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();

        var found = await Client.AllPagesAsync($"/api/v1/records?jurisdiction={country}&limit=100");

        Assert.Contains(expected, id => id.StartsWith(country.ToLowerInvariant() + "-", StringComparison.Ordinal));
        Assert.Equal(expected, found.Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"titles? (is|are|here is|was|were)?.{0,40}(not seen|unknown|of ours|descriptive|ours)|(not seen|unknown).{0,60}title", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalTitleNotSeen();

    /// <summary>The relations the fact sheet supports, read from the record they point to.</summary>
    [Theory]
    [InlineData("us-ar-2023-act-851", "amends", "us-ar-2024-act-173")]
    [InlineData("us-ar-2023-act-851", "amends", "us-ar-2024-act-174")]
    [InlineData("us-ar-2023-act-851", "applies", "us-2023-jones-digital-v-arkansas-county")]
    [InlineData("ir-decree-2019-crypto-use", "supersedes", "ir-bylaw-2022-mining")]
    [InlineData("ir-decree-2019-crypto-use", "repeals", "ir-bylaw-2022-mining")]
    [InlineData("ca-bc-2024-conifex-v-bc", "appeal-of", "ca-bc-2025-conifex-v-bc-bcca")]
    [InlineData("ca-bc-2022-oic-692", "applies", "ca-bc-2024-conifex-v-bc")]
    [InlineData("eu-2023-1114-mica", "implements", "eu-2025-422-mica-sustainability-rts")]
    [InlineData("kz-law-193-vii", "implements", "kz-order-2023-169-nk")]
    [InlineData("ru-law-2024-221-fz", "implements", "ru-gov-2024-regional-mining-ban")]
    [InlineData("cn-pboc-2021-237", "applies", "cn-ruling-gx-pingnan-2023-server-hosting")]
    public async Task Related_RelationOfTheFactSheet_IsReadFromBothSides(string target, string type, string source)
    {
        var incoming = (await Client.GetJsonAsync($"/api/v1/records/{target}/related")).GetProperty("items").EnumerateArray();
        var outgoing = (await Client.GetJsonAsync($"/api/v1/records/{source}/related")).GetProperty("items").EnumerateArray();

        Assert.Contains(incoming, i => i.GetProperty("direction").GetString() == "incoming" && i.GetProperty("type").GetString() == type
                                       && i.GetProperty("record").GetProperty("id").GetString() == source);
        Assert.Contains(outgoing, i => i.GetProperty("direction").GetString() == "outgoing" && i.GetProperty("type").GetString() == type
                                       && i.GetProperty("record").GetProperty("id").GetString() == target);
    }

    /// <summary>(2023)鲁14民终2174号, （2021）最高法民申…号.</summary>
    [GeneratedRegex(@"^[(（]\d{4}[)）][\p{IsCJKUnifiedIdeographs}\d]+号$")]
    private static partial Regex CaseNumber();

    /// <summary>发改运行〔2021〕1283号, 内发改价费字〔2022〕115号; a number without the bracketed year is not Chinese style.</summary>
    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]+〔\d{4}〕\d+号$")]
    private static partial Regex DocumentNumber();
}
