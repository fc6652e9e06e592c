using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>Every filter of /api/v1/records: each returned record satisfies it, and paging through returns exactly total.</summary>
public sealed class FilterTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private async Task<List<JsonElement>> AllAsync(string query, int limit = 3) =>
        await Client.AllPagesAsync($"/api/v1/records?limit={limit}" + (query.Length > 0 ? "&" + query : ""));

    [Fact]
    public async Task List_NoFilter_PagesThroughEveryRecordOnce()
    {
        var all = await AllAsync("", limit: 7);
        Assert.True(all.Count >= 32, $"the seed has at least 32 records, got {all.Count}");
    }

    [Theory]
    [InlineData("regulation")]
    [InlineData("ruling")]
    public async Task List_ByKind_ReturnsOnlyThatKind(string kind)
    {
        var items = await AllAsync("kind=" + kind);
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(kind, i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task List_BySeveralKinds_ReturnsTheUnion()
    {
        var both = await AllAsync("kind=regulation,ruling");
        var regulations = await AllAsync("kind=regulation");
        var rulings = await AllAsync("kind=ruling");
        Assert.Equal(regulations.Count + rulings.Count, both.Count);
        Assert.Equal(both.Count, (await AllAsync("kind=regulation&kind=ruling")).Count);
    }

    [Fact]
    public async Task List_ByCountry_AlsoMatchesItsProvinces()
    {
        var items = await AllAsync("jurisdiction=CN");
        Assert.All(items, i => Assert.Matches("^CN(-[A-Z0-9]+)?$", i.GetProperty("jurisdiction").GetString()));
        Assert.Contains(items, i => i.GetProperty("jurisdiction").GetString() == "CN");
        Assert.Contains(items, i => i.GetProperty("jurisdiction").GetString() == "CN-SC");
    }

    [Theory]
    [InlineData("CN-SC")]
    [InlineData("cn-sc")]
    public async Task List_ByProvince_MatchesExactlyThatProvince(string code)
    {
        var items = await AllAsync("jurisdiction=" + code);
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("CN-SC", i.GetProperty("jurisdiction").GetString()));
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "cn-sc-2021-06-18");
    }

    [Fact]
    public async Task List_BySeveralJurisdictions_MatchesAny()
    {
        var items = await AllAsync("jurisdiction=KZ,CN-YN");
        Assert.All(items, i => Assert.Contains(i.GetProperty("jurisdiction").GetString(), new[] { "KZ", "CN-YN" }));
        Assert.Contains(items, i => i.GetProperty("jurisdiction").GetString() == "KZ");
        Assert.Contains(items, i => i.GetProperty("jurisdiction").GetString() == "CN-YN");
    }

    [Fact]
    public async Task List_ByYear_ReturnsOnlyThatYear()
    {
        var items = await AllAsync("year=2021");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(2021, i.Year()));
    }

    [Theory]
    [InlineData("yearFrom=2022", 2022, null)]
    [InlineData("yearTo=2022", null, 2022)]
    [InlineData("yearFrom=2022&yearTo=2023", 2022, 2023)]
    public async Task List_ByYearRange_ReturnsOnlyYearsInRange(string query, int? from, int? to)
    {
        var items = await AllAsync(query);
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            var year = i.Year();
            Assert.NotNull(year);
            Assert.True((from is null || year >= from) && (to is null || year <= to), $"{i.GetProperty("id")} has year {year}");
        });
    }

    [Fact]
    public async Task List_ByYearRange_NeverMatchesRecordsWithoutYear()
    {
        var all = await AllAsync("", limit: 50);
        var undated = all.Where(i => i.Year() is null).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.NotEmpty(undated);
        var ranged = (await AllAsync("yearFrom=1900&yearTo=2100", limit: 50)).Select(i => i.GetProperty("id").GetString());
        Assert.Empty(undated.Intersect(ranged));
        Assert.Equal(all.Count - undated.Count, ranged.Count());
    }

    [Theory]
    [InlineData("from=2021-06-01&to=2021-06-30", "2021-06-01", "2021-06-30")]
    [InlineData("from=2022-01-01", "2022-01-01", null)]
    [InlineData("to=2021-05-31", null, "2021-05-31")]
    public async Task List_ByDateRange_ReturnsPrimaryDatesInRangeInclusive(string query, string? from, string? to)
    {
        var items = await AllAsync(query);
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            var date = i.PrimaryDate();
            Assert.NotNull(date);
            Assert.True((from is null || date >= DateOnly.Parse(from)) && (to is null || date <= DateOnly.Parse(to)), $"{i.GetProperty("id")} dated {date}");
        });
    }

    [Fact]
    public async Task List_ByDateRange_IsInclusiveOfBothEnds()
    {
        var items = await AllAsync("from=2021-06-18&to=2021-06-18");
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "cn-sc-2021-06-18");
    }

    [Theory]
    [InlineData("contract-validity")]
    [InlineData("electricity,taxation")]
    public async Task List_ByTopic_ReturnsRecordsWithAnyOfThem(string topics)
    {
        var wanted = topics.Split(',');
        var items = await AllAsync("topic=" + topics);
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty("topics").EnumerateArray(), t => wanted.Contains(t.GetString())));
    }

    [Theory]
    [InlineData("repealed")]
    [InlineData("in-force,historical")]
    public async Task List_ByStatus_ReturnsOnlyThoseStatuses(string statuses)
    {
        var wanted = statuses.Split(',');
        var items = await AllAsync("status=" + statuses);
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty("status").GetString(), wanted));
    }

    [Theory]
    [InlineData("人民法院")]
    [InlineData("people's court")]
    [InlineData("PEOPLE'S BANK")]
    [InlineData("发展和改革")]
    public async Task List_ByAuthority_MatchesAuthoritiesAndCourtsBySubstringIgnoringCase(string authority)
    {
        var items = await AllAsync("authority=" + Uri.EscapeDataString(authority));
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            var names = i.GetProperty("authorities").EnumerateArray().SelectMany(a => a.Texts()).ToList();
            if (i.GetProperty("ruling").ValueKind == JsonValueKind.Object)
            {
                names.AddRange(i.GetProperty("ruling").GetProperty("court").Texts());
            }

            Assert.Contains(names, n => n.Contains(authority, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task List_ByAuthorityWithLikeWildcards_TreatsThemLiterally()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?authority=%25");
        Assert.Equal(0, page.GetProperty("total").GetInt64());
        page = await Client.GetJsonAsync("/api/v1/records?authority=_");
        Assert.Equal(0, page.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task List_ByQuery_EveryItemContainsEveryTerm()
    {
        var items = await AllAsync("q=" + Uri.EscapeDataString("挖矿 合同"));
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            var text = string.Join(" ", SearchableText(i));
            Assert.Contains("挖矿", text);
            Assert.Contains("合同", text);
        });
    }

    [Fact]
    public async Task List_CombinedFilters_SatisfyEveryOne()
    {
        var items = await AllAsync("kind=ruling&jurisdiction=CN&yearFrom=2021&topic=contract-validity&q=" + Uri.EscapeDataString("合同"));
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            Assert.Equal("ruling", i.GetProperty("kind").GetString());
            Assert.StartsWith("CN", i.GetProperty("jurisdiction").GetString());
            Assert.True(i.Year() >= 2021);
            Assert.Contains(i.GetProperty("topics").EnumerateArray(), t => t.GetString() == "contract-validity");
        });
    }

    [Fact]
    public async Task List_WellFormedJurisdictionWithoutRecords_IsAnEmptyPage()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?jurisdiction=FR");
        Assert.Equal(0, page.GetProperty("total").GetInt64());
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    internal static IEnumerable<string> SearchableText(JsonElement record)
    {
        foreach (var text in record.GetProperty("title").Texts().Concat(record.GetProperty("summary").Texts()))
        {
            yield return text;
        }

        foreach (var point in record.GetProperty("keyPoints").EnumerateArray().SelectMany(p => p.Texts()))
        {
            yield return point;
        }

        foreach (var name in record.GetProperty("authorities").EnumerateArray().SelectMany(a => a.Texts()))
        {
            yield return name;
        }

        if (record.StringOrNull("documentNumber") is { } number)
        {
            yield return number;
        }

        if (record.GetProperty("ruling") is { ValueKind: JsonValueKind.Object } ruling)
        {
            foreach (var text in ruling.GetProperty("court").Texts().Concat(ruling.GetProperty("causeOfAction").Texts()))
            {
                yield return text;
            }

            if (ruling.StringOrNull("caseNumber") is { } caseNumber)
            {
                yield return caseNumber;
            }
        }
    }
}
