using RegulationApi.Search;

namespace RegulationApi.Tests.Validation;

/// <summary>How text is tokenised for the index and how a query becomes a tsquery, without a database.</summary>
public sealed class SearchTextTests
{
    [Fact]
    public void ForIndex_TwoCharacterChineseWord_GivesOneBigramAndItsLastCharacter()
    {
        Assert.Equal("挖矿 矿", SearchText.ForIndex(["挖矿"]));
    }

    [Fact]
    public void ForIndex_LongerChineseRun_GivesOverlappingBigramsAndLastCharacter()
    {
        Assert.Equal("挖矿 矿活 活动 动", SearchText.ForIndex(["挖矿活动"]));
    }

    [Fact]
    public void ForIndex_MixedText_SplitsChineseFromOtherWordsAndLowerCases()
    {
        Assert.Equal("挖矿 矿 contract 合同 同", SearchText.ForIndex(["挖矿Contract", "合同"]));
    }

    [Fact]
    public void ForIndex_NullAndBlankTexts_AreSkipped()
    {
        Assert.Equal("挖矿 矿 void", SearchText.ForIndex([null, "挖矿", " ", "", "VOID"]));
    }

    [Fact]
    public void ForIndex_DocumentNumber_DropsBracketsAndKeepsTheNumbers()
    {
        Assert.Equal("发改 改运 运行 行 2021 1283 号", SearchText.ForIndex(["发改运行〔2021〕1283号"]));
    }

    [Fact]
    public void ForIndex_FullWidthCharacters_AreNormalised()
    {
        Assert.Equal(SearchText.ForIndex(["[2021]1283 ABC"]), SearchText.ForIndex(["［２０２１］１２８３ ＡＢＣ"]));
    }

    [Fact]
    public void ToTsQuery_TwoCharacterChineseWord_IsOneBigramLexeme()
    {
        Assert.Equal("('挖矿')", SearchText.ToTsQuery("挖矿"));
    }

    [Fact]
    public void ToTsQuery_ThreeCharacterWord_IsBigramPhrase()
    {
        Assert.Equal("('比特' <-> '特币')", SearchText.ToTsQuery("比特币"));
    }

    [Fact]
    public void ToTsQuery_FourCharacterWord_IsBigramPhrase()
    {
        Assert.Equal("('挖矿' <-> '矿活' <-> '活动')", SearchText.ToTsQuery("挖矿活动"));
    }

    [Fact]
    public void ToTsQuery_PhraseBigrams_AreThoseTheIndexHolds()
    {
        // Every lexeme of the query phrase is in the indexed text of the same words.
        var indexed = SearchText.ForIndex(["整治虚拟货币挖矿活动"]).Split(' ');
        var query = SearchText.ToTsQuery("整治虚拟货币挖矿活动")!;
        var lexemes = query.Trim('(', ')').Split(" <-> ").Select(l => l.Trim('\'')).ToList();

        Assert.Equal(9, lexemes.Count);
        Assert.All(lexemes, l => Assert.Contains(l, indexed));
    }

    [Fact]
    public void ToTsQuery_SingleChineseCharacter_IsPrefix()
    {
        Assert.Equal("'矿':*", SearchText.ToTsQuery("矿"));
    }

    [Fact]
    public void ToTsQuery_ChineseAndEnglish_RequiresBoth()
    {
        Assert.Equal("('挖矿') & 'contract'", SearchText.ToTsQuery("挖矿 contract"));
    }

    [Fact]
    public void ToTsQuery_EnglishWords_AreLowerCasedAndAllRequired()
    {
        Assert.Equal("'contract' & 'void'", SearchText.ToTsQuery("Contract VOID"));
    }

    [Fact]
    public void ToTsQuery_Apostrophe_SplitsTheWordSoNothingNeedsEscaping()
    {
        Assert.Equal("'o' & 'brien'", SearchText.ToTsQuery("O'Brien"));
    }

    [Fact]
    public void ToTsQuery_DocumentNumberInChineseOrSquareBrackets_GivesTheSameQuery()
    {
        var chinese = SearchText.ToTsQuery("〔2021〕1283号");
        var square = SearchText.ToTsQuery("[2021]1283号");

        Assert.Equal("'2021' & '1283' & '号':*", chinese);
        Assert.Equal(chinese, square);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("〔〕[]！？，。")]
    [InlineData("- & | ! ( ) : * '")]
    public void ToTsQuery_NoSearchableTerm_IsNull(string query)
    {
        Assert.Null(SearchText.ToTsQuery(query));
        Assert.Null(SearchText.ToTsQuery(query, 'A'));
    }

    [Fact]
    public void ToTsQuery_WeightA_RestrictsEveryLexeme()
    {
        Assert.Equal("('挖矿':A <-> '矿活':A <-> '活动':A) & '1283':A & '矿':*A", SearchText.ToTsQuery("挖矿活动 1283 矿", 'A'));
    }

    [Fact]
    public void ToTsQuery_WeightATwoCharacterWord_IsOneWeightedLexeme()
    {
        Assert.Equal("('挖矿':A)", SearchText.ToTsQuery("挖矿", 'A'));
    }
}
