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
    public void ForIndex_EnglishPluralsAndStopWords_AreNormalised()
    {
        Assert.Equal("contract void policy box", SearchText.ForIndex(["The contracts are void", "policies of the boxes"]));
    }

    [Fact]
    public void Parse_TwoCharacterChineseWord_IsOneTerm()
    {
        Assert.Equal([new SearchTerm("挖矿", false)], SearchText.Parse("挖矿"));
    }

    [Theory]
    [InlineData("四川省", new[] { "四川", "川省" })]
    [InlineData("公序良俗", new[] { "公序", "序良", "良俗" })]
    public void Parse_LongerChineseWord_IsAllOfItsBigrams(string query, string[] bigrams)
    {
        Assert.Equal(bigrams.Select(b => new SearchTerm(b, false)), SearchText.Parse(query));
    }

    [Fact]
    public void Parse_OneChineseCharacter_IsAPrefix()
    {
        Assert.Equal([new SearchTerm("矿", true)], SearchText.Parse("矿"));
    }

    [Fact]
    public void Parse_MixedQuery_EveryTermIsRequired()
    {
        Assert.Equal([new SearchTerm("挖矿", false), new SearchTerm("contract", false)], SearchText.Parse("挖矿 Contracts"));
    }

    [Theory]
    [InlineData("〔2021〕1283号")]
    [InlineData("[2021]1283号")]
    [InlineData("（2021）1283号")]
    public void Parse_DocumentNumberSpellings_GiveTheSameTerms(string query)
    {
        Assert.Equal([new SearchTerm("2021", false), new SearchTerm("1283", false), new SearchTerm("号", true)], SearchText.Parse(query));
    }

    [Fact]
    public void Parse_QueryTermsMeetIndexTerms()
    {
        var indexed = SearchText.ForIndex(["民法典第一百五十三条：违背公序良俗的民事法律行为无效"]).Split(' ');
        Assert.All(SearchText.Parse("公序良俗 无效")!, term => Assert.Contains(term.Text, indexed));
    }

    [Theory]
    [InlineData("〔〕")]
    [InlineData("  ")]
    [InlineData("!!!")]
    public void Parse_NoLetterOrDigit_IsNull(string query)
    {
        Assert.Null(SearchText.Parse(query));
    }

    [Fact]
    public void Parse_OnlyStopWords_IsEmpty()
    {
        Assert.Empty(SearchText.Parse("the of and")!);
    }

    [Theory]
    [InlineData("Ley N° 7300 de minería", "ley n 7300 de mineria")]
    [InlineData("Högsta förvaltningsdomstolen", "hogsta forvaltningsdomstolen")]
    [InlineData("Lag om skatt på energi", "lag om skatt pa energi")]
    [InlineData("Økt elavgift for utvinning", "okt elavgift utvinning")]
    [InlineData("Régie de l'énergie du Québec", "regie de l energie du quebec")]
    [InlineData("Straße Œuvre", "strasse oeuvre")]
    public void ForIndex_LatinWithDiacritics_FoldsToTheBaseLetters(string text, string terms)
    {
        Assert.Equal(terms, SearchText.ForIndex([text]));
    }

    [Fact]
    public void ForIndex_Cyrillic_IsLowerCasedWordsWithYoFoldedToYe()
    {
        Assert.Equal("о майнинге цифровой валюты еще", SearchText.ForIndex(["О майнинге ЦИФРОВОЙ валюты ЕЩЁ"]));
        Assert.Equal("цифрлық активтер туралы", SearchText.ForIndex(["Цифрлық активтер туралы"]));
    }

    [Fact]
    public void ForIndex_Persian_NormalisesArabicLettersMarksAndDigits()
    {
        // Arabic yeh and kaf, a vowel mark and tatweel are typed differently on different keyboards.
        Assert.Equal(SearchText.ForIndex(["استخراج رمزدارایی"]), SearchText.ForIndex(["استخراج رمزدارايي"]));
        Assert.Equal(SearchText.ForIndex(["کد"]), SearchText.ForIndex(["كد"]));
        Assert.Equal(SearchText.ForIndex(["رمز"]), SearchText.ForIndex(["رَمـز"]));
        Assert.Equal("58144 ت 55637 ه", SearchText.ForIndex(["۵۸۱۴۴/ت۵۵۶۳۷هـ"]));
    }

    [Theory]
    [InlineData("mineria", "Ley de minería")]
    [InlineData("MINERÍA", "Ley de mineria")]
    [InlineData("energiskatt", "Energiskatt på el")]
    [InlineData("майнинг", "О МАЙНИНГЕ; майнинг")]
    [InlineData("55637", "۵۸۱۴۴/ت۵۵۶۳۷هـ")]
    [InlineData("384", "№ 384/НҚ")]
    public void Parse_QueryWithoutAccentsOrInAnotherScript_MeetsTheIndexedTerms(string query, string text)
    {
        var indexed = SearchText.ForIndex([text]).Split(' ').ToHashSet();

        var terms = SearchText.Parse(query)!;

        Assert.NotEmpty(terms);
        Assert.All(terms, term => Assert.Contains(term.Text, indexed));
    }

    [Fact]
    public void ForIndex_LatinLettersAndDigits_StayOneWord()
    {
        Assert.Equal("x86 2nd 193 vii", SearchText.ForIndex(["x86 2nd 193-VII"]));
    }
}
