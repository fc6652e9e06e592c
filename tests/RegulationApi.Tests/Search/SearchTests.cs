using RegulationApi.Tests.Infrastructure;
using RegulationApi.Tests.Records;

namespace RegulationApi.Tests.Search;

/// <summary>Full-text search in Chinese, English and numbers, against the seed in a real database.</summary>
public sealed class SearchTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    /// <summary>Every match, in relevance order, however many pages.</summary>
    private async Task<List<string>> SearchAsync(string q) =>
        (await Client.AllPagesAsync("/api/v1/records?limit=100&q=" + Uri.EscapeDataString(q))).Select(r => r.GetProperty("id").GetString()!).ToList();

    [Theory]
    [InlineData("1283", "cn-ndrc-2021-1283")]
    [InlineData("1283号", "cn-ndrc-2021-1283")]
    [InlineData("发改运行〔2021〕1283号", "cn-ndrc-2021-1283")]
    [InlineData("发改运行[2021]1283号", "cn-ndrc-2021-1283")]
    [InlineData("银发〔2021〕237号", "cn-pboc-2021-237")]
    [InlineData("银发[2026]42号", "cn-pboc-2026-42")]
    [InlineData("(2021)京0101民初6309号", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("（2021）京0101民初6309号", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("6309", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("193-VII", "kz-law-193-vii")]
    public async Task Search_DocumentAndCaseNumbers_FindTheRecordFirst(string q, string id)
    {
        var ids = await SearchAsync(q);
        Assert.Equal(id, ids.FirstOrDefault());
    }

    [Theory]
    [InlineData("Sichuan", "cn-sc-2021-06-18")]
    [InlineData("四川", "cn-sc-2021-06-18")]
    [InlineData("挖矿", "cn-ndrc-2021-1283")]
    [InlineData("合同", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("电力", "kz-law-193-vii")]
    [InlineData("公序良俗", "cn-civil-code-art-153")]
    [InlineData("虚拟货币", "cn-pboc-2021-237")]
    [InlineData("比特币", "cn-fsdc-2021-05-21")]
    [InlineData("Kazakhstan surplus", "kz-law-193-vii")]
    [InlineData("contract void", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("挖矿 contract", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("北京市东城区人民法院", "cn-ruling-bj-dongcheng-2021-6309")]
    [InlineData("National Development and Reform Commission", "cn-ndrc-2021-1283")]
    public async Task Search_Words_FindTheRecord(string q, string id)
    {
        Assert.Contains(id, await SearchAsync(q));
    }

    [Theory]
    [InlineData("挖矿")]
    [InlineData("合同")]
    [InlineData("电力")]
    [InlineData("四川省")]
    [InlineData("比特币")]
    [InlineData("公序良俗")]
    [InlineData("虚拟货币")]
    [InlineData("民事法律行为")]
    public async Task Search_ChineseWordOfTwoOrMoreCharacters_MatchesExactlyTheRecordsContainingIt(string word)
    {
        var items = await Records.Paging.AllPagesAsync(Client, "/api/v1/records?limit=100&q=" + Uri.EscapeDataString(word));
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(word, string.Join("\n", Records.FilterTests.SearchableText(i))));

        // And every record that contains it is found.
        var all = await Records.Paging.AllPagesAsync(Client, "/api/v1/records?limit=100");
        var containing = all.Where(i => string.Join("\n", Records.FilterTests.SearchableText(i)).Contains(word)).Select(i => i.GetProperty("id").GetString());
        Assert.Equal(containing.Order(), items.Select(i => i.GetProperty("id").GetString()).Order());
    }

    [Theory]
    [InlineData("四川 Sichuan", "cn-sc-2021-06-18")]
    [InlineData("Kazakhstan 电力", "kz-law-193-vii")]
    [InlineData("公序良俗 contract", "cn-ruling-bj-dongcheng-2021-6309")]
    public async Task Search_MixedChineseAndEnglish_FindsTheRecord(string q, string id)
    {
        Assert.Contains(id, await SearchAsync(q));
    }

    [Theory]
    [InlineData("发改运行〔2021〕1283号", "发改运行[2021]1283号")]
    [InlineData("发改运行〔2021〕1283号", "1283号")]
    [InlineData("1283号", "1283")]
    [InlineData("(2021)京0101民初6309号", "（2021）京0101民初6309号")]
    [InlineData("银发〔2026〕42号", "银发[2026]42号")]
    public async Task Search_NumberSpellings_FindTheSameRecords(string one, string other)
    {
        var a = await SearchAsync(one);
        Assert.NotEmpty(a);
        Assert.Subset((await SearchAsync(other)).ToHashSet(), a.ToHashSet());
    }

    [Fact]
    public async Task Search_EveryTermMustMatch()
    {
        var both = await SearchAsync("挖矿 Kazakhstan");
        var mining = await SearchAsync("挖矿");
        var kazakhstan = await SearchAsync("Kazakhstan");
        Assert.Equal(mining.Intersect(kazakhstan).Order(), both.Order());
        Assert.True(both.Count < mining.Count);
    }

    [Fact]
    public async Task Search_UnknownWord_FindsNothing()
    {
        Assert.Empty(await SearchAsync("zzyzx"));
        Assert.Empty(await SearchAsync("鳄鱼"));
    }

    [Fact]
    public async Task Search_TitleMatch_RanksAboveBodyMatch()
    {
        // 237号 is in the title of cn-pboc-2021-237 and only in the body of the rulings that cite it.
        var ids = await SearchAsync("237号");
        Assert.Equal("cn-pboc-2021-237", ids[0]);
        Assert.True(ids.Count > 1);
    }

    /// <summary>Every script the records hold is searched as words, case-folded, with or without accents.</summary>
    [Theory]
    [InlineData("energiskatt", "se-2022-hfd-4353-21")]
    [InlineData("Energiskatt", "se-2022-hfd-4353-21")]
    [InlineData("högsta förvaltningsdomstolens", "se-2022-hfd-4353-21")]
    [InlineData("hogsta forvaltningsdomstolens", "se-2022-hfd-4353-21")]
    [InlineData("skatt på energi", "se-2022-hfd-4353-21")]
    [InlineData("skatt pa energi", "se-2022-hfd-4353-21")]
    [InlineData("eléctrico", "py-2024-ley-7300")]
    [InlineData("electrico incautacion", "py-2024-ley-7300")]
    [InlineData("ELÉCTRICO", "py-2024-ley-7300")]
    [InlineData("cryptographique", "ca-qc-2019-regie-d-2019-052")]
    [InlineData("decision chaines blocs", "ca-qc-2019-regie-d-2019-052")]
    [InlineData("ekomloven", "no-2025-ecom-datacentre-registration")]
    [InlineData("майнинг", "kz-law-135-vii")]
    [InlineData("МАЙНИНГ", "kz-digital-mining-fee-2022")]
    [InlineData("цифровых финансовых активах", "ru-law-2020-259-fz")]
    [InlineData("цифрлық активтер", "kz-law-193-vii")]
    [InlineData("рухсатнома", "uz-napp-2023-mining-permit-regulation")]
    [InlineData("виртуалдык активдерди", "kg-cabinet-2022-514")]
    [InlineData("رمزدارایی", "ir-bylaw-2022-mining")]
    [InlineData("رمزدارايي", "ir-bylaw-2022-mining")]
    [InlineData("رمزارزها", "ir-decree-2019-crypto-use")]
    [InlineData("۵۸۱۴۴", "ir-decree-2019-crypto-use")]
    [InlineData("151455", "ir-bylaw-2022-mining")]
    public async Task Search_EveryScript_FindsItsRecord(string q, string id)
    {
        Assert.Contains(id, await SearchAsync(q));
    }
}
