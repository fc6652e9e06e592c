using System.Text.Json;
using RegulationApi.Tests.Infrastructure;
using RegulationApi.Tests.Records;

namespace RegulationApi.Tests.Stats;

/// <summary>/stats/years and /jurisdictions, checked against /records over the same seed.</summary>
public sealed class StatsTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    public static TheoryData<string> Filters =>
    [
        "",
        "jurisdiction=CN",
        "jurisdiction=CN-SC",
        "jurisdiction=KZ,CN-BJ",
        "kind=ruling",
        "kind=regulation",
        "q=挖矿",
        "q=contract",
        "topic=contract-validity",
        "topic=taxation,licensing",
        "status=in-force",
        "authority=court",
        "year=2021",
        "yearFrom=2022",
        "yearTo=2021",
        "from=2021-06-01&to=2021-12-31",
        "kind=regulation&jurisdiction=CN&topic=mining",
        "jurisdiction=FR",
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task YearStats_AnyFilter_YearsAscendingWithNullLast(string filter)
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?" + filter);

        var years = stats.GetProperty("items").EnumerateArray().Select(i => i.Year()).ToList();
        var dated = years.TakeWhile(y => y is not null).Select(y => y!.Value).ToList();
        Assert.True(years.Skip(dated.Count).All(y => y is null), $"a null year must come last: {stats}");
        Assert.True(years.Count(y => y is null) <= 1, $"at most one null year: {stats}");
        Assert.Equal(dated.Order(), dated);
        Assert.Equal(dated.Distinct().Count(), dated.Count);
        Assert.All(stats.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("count").GetInt64() > 0, $"{i}"));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task YearStats_AnyFilter_TotalIsSumOfCountsAndRecordsTotal(string filter)
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?" + filter);
        var records = await Client.GetJsonAsync("/api/v1/records?limit=1&" + filter);

        var total = stats.GetProperty("total").GetInt64();
        Assert.Equal(stats.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("count").GetInt64()), total);
        Assert.Equal(records.GetProperty("total").GetInt64(), total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("jurisdiction=CN")]
    [InlineData("kind=ruling")]
    [InlineData("q=挖矿")]
    [InlineData("topic=contract-validity")]
    [InlineData("topic=electricity&kind=regulation")]
    public async Task YearStats_EachYear_CountEqualsRecordsTotalForThatYear(string filter)
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?" + filter);
        var total = stats.GetProperty("total").GetInt64();
        Assert.True(total > 0, $"the filter '{filter}' should match some of the seed");

        long dated = 0;
        long? undated = null;
        foreach (var item in stats.GetProperty("items").EnumerateArray())
        {
            var count = item.GetProperty("count").GetInt64();
            if (item.Year() is { } year)
            {
                var records = await Client.GetJsonAsync($"/api/v1/records?limit=1&year={year}&{filter}");
                Assert.True(records.GetProperty("total").GetInt64() == count, $"year {year} with '{filter}': stats {count}, records {records.GetProperty("total")}");
                dated += count;
            }
            else
            {
                undated = count;
            }
        }

        // Records with a null year never match a year filter: they are what the year filters leave out.
        Assert.Equal(total - dated, undated ?? 0);
        var anyYear = await Client.GetJsonAsync($"/api/v1/records?limit=1&yearFrom=1&yearTo=9999&{filter}");
        Assert.Equal(dated, anyYear.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task YearStats_Seed_HasUndatedRecordsUnderNullYear()
    {
        // The seed holds records whose year is unknown (the Civil Code articles); they are counted, under null.
        var stats = await Client.GetJsonAsync("/api/v1/stats/years");
        var all = await Client.AllPagesAsync("/api/v1/records?limit=100");
        var expected = all.Count(r => r.GetProperty("year").ValueKind == JsonValueKind.Null);

        Assert.True(expected > 0);
        var last = stats.GetProperty("items").EnumerateArray().Last();
        Assert.Null(last.Year());
        Assert.Equal(expected, last.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task YearStats_YearRange_OnlyYearsInRangeAndNoNull()
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years?yearFrom=2022&yearTo=2023");

        var years = stats.GetProperty("items").EnumerateArray().Select(i => i.Year()).ToList();
        Assert.NotEmpty(years);
        Assert.All(years, y => Assert.True(y is >= 2022 and <= 2023, $"year {y?.ToString() ?? "null"}"));
    }

    [Fact]
    public async Task YearStats_Items_HaveYearAndCountOnly()
    {
        var stats = await Client.GetJsonAsync("/api/v1/stats/years");

        Assert.All(stats.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal(["count", "year"], i.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(JsonValueKind.Number, i.GetProperty("count").ValueKind);
        });
    }

    // ---- /jurisdictions ----

    [Fact]
    public async Task Jurisdictions_Items_HaveCodeNamesParentAndCount()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var code = item.GetProperty("code").GetString();
            Assert.Matches("^[A-Z]{2}(-[A-Z0-9]{1,3})?$", code);
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("name").GetProperty("zh").GetString()), $"{item}");
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("name").GetProperty("en").GetString()), $"{item}");
            var parent = item.StringOrNull("parent");
            Assert.Equal(code!.Contains('-') ? code[..2] : null, parent);
            Assert.True(item.GetProperty("count").GetInt64() > 0, $"{item}");
        }

        Assert.Equal(items.Count, items.Select(i => i.GetProperty("code").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Jurisdictions_Seed_ListsItsJurisdictions()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");

        var codes = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "CN", "CN-SC", "CN-NM", "CN-YN", "CN-XJ", "CN-QH", "KZ", "CN-BJ" }, codes.ToHashSet());
    }

    [Fact]
    public async Task Jurisdictions_Names_MatchContract()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");
        var byCode = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);

        var sichuan = byCode["CN-SC"];
        Assert.Equal("四川省", sichuan.GetProperty("name").GetProperty("zh").GetString());
        Assert.Equal("Sichuan", sichuan.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal("CN", sichuan.StringOrNull("parent"));

        var china = byCode["CN"];
        Assert.Equal("China", china.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal(JsonValueKind.Null, china.GetProperty("parent").ValueKind);

        var kazakhstan = byCode["KZ"];
        Assert.Equal("Kazakhstan", kazakhstan.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal(JsonValueKind.Null, kazakhstan.GetProperty("parent").ValueKind);
    }

    [Fact]
    public async Task Jurisdictions_Count_IsRecordsWhoseJurisdictionIsExactlyTheCode()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");

        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var code = item.GetProperty("code").GetString()!;
            // jurisdiction=CN also matches the provinces: count only the records whose code is exactly this one.
            var records = await Client.AllPagesAsync($"/api/v1/records?jurisdiction={code}&limit=100");
            var exact = records.Count(r => r.GetProperty("jurisdiction").GetString() == code);
            Assert.True(exact == item.GetProperty("count").GetInt64(), $"{code}: listed {item.GetProperty("count")}, /records has {exact}");
        }
    }

    [Fact]
    public async Task Jurisdictions_China_CountExcludesProvinces()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");
        var china = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "CN");
        var withProvinces = await Client.GetJsonAsync("/api/v1/records?jurisdiction=CN&limit=1");

        Assert.True(china.GetProperty("count").GetInt64() < withProvinces.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Jurisdictions_All_ArePresentAndSumToRecordsTotal()
    {
        var list = await Client.GetJsonAsync("/api/v1/jurisdictions");
        var records = await Client.AllPagesAsync("/api/v1/records?limit=100");

        var listed = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal);
        var present = records.Select(r => r.GetProperty("jurisdiction").GetString()!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(present, listed);
        Assert.Equal(records.Count, list.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("count").GetInt64()));
    }
}
