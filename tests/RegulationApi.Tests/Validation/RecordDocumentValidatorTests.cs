using FluentValidation;
using RegulationApi.Model;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Validation;

/// <summary>
/// The validation rules of the record format, one rule per test, each asserting the exact field path a client
/// reads in the error (camelCase, as in the JSON).
/// </summary>
public sealed class RecordDocumentValidatorTests
{
    private const string RegulationId = "test-ndrc-2021-1283";
    private const string RulingId = "test-ruling-bj-dongcheng-2021-6309";

    private static readonly IReadOnlySet<string> KnownIds =
        new HashSet<string>(StringComparer.Ordinal) { "cn-fsdc-2021-05-21", "cn-civil-code-art-153" };

    private static readonly RecordDocumentValidator Validator = new();

    [Fact]
    public void Validate_ValidRegulation_Passes()
    {
        Assert.Empty(FailingProperties(ValidRegulation()));
    }

    [Fact]
    public void Validate_ValidRuling_Passes()
    {
        Assert.Empty(FailingProperties(ValidRuling()));
    }

    [Fact]
    public void Validate_RegulationWithPartialVerificationAndNotes_Passes()
    {
        var document = ValidRegulation() with { Verification = "partial", Notes = "The document number is reported, not seen." };

        Assert.Empty(FailingProperties(document));
    }

    [Fact]
    public void Validate_RepealedRecordWithRepealDate_Passes()
    {
        var document = ValidRegulation() with
        {
            Status = "repealed",
            Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Published = new DateOnly(2021, 9, 24), Repealed = new DateOnly(2026, 2, 6) },
        };

        Assert.Empty(FailingProperties(document));
    }

    [Fact]
    public void Validate_YearWithoutAnyDate_Passes()
    {
        var document = ValidRegulation() with { Dates = new RecordDates(), Year = 2023, Verification = "partial", Notes = "Only the year is known." };

        Assert.Empty(FailingProperties(document));
    }

    public static TheoryData<string, string> SeedRecords()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, document) in LoadSeed())
        {
            data.Add(file, document.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedRecords))]
    public void Validate_SeedRecord_Passes(string file, string id)
    {
        var seed = LoadSeed();
        var knownIds = seed.Select(s => s.Document.Id).ToHashSet(StringComparer.Ordinal);
        var document = Assert.Single(seed, s => s.File == file && s.Document.Id == id).Document;

        var errors = Validate(document, knownIds).Errors;

        Assert.True(errors.Count == 0, $"{file}: {id}: " + string.Join("; ", errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    [Theory]
    [InlineData("Cn-Ndrc-2021")]
    [InlineData("cn_ndrc_2021")]
    [InlineData("cn--ndrc")]
    [InlineData("-cn-ndrc")]
    [InlineData("cn-ndrc-")]
    [InlineData("cn ndrc")]
    public void Validate_MalformedId_ReportsId(string id)
    {
        Assert.Equal(["id"], FailingProperties(ValidRegulation() with { Id = id }));
    }

    [Fact]
    public void Validate_EmptyId_ReportsId()
    {
        // Both "must not be empty" and the id pattern.
        Assert.Equal(["id", "id"], FailingProperties(ValidRegulation() with { Id = "" }));
    }

    [Fact]
    public void Validate_IdLongerThan100Characters_ReportsId()
    {
        Assert.Equal(["id"], FailingProperties(ValidRegulation() with { Id = new string('a', 101) }));
    }

    [Theory]
    [InlineData("law")]
    [InlineData("Regulation")]
    [InlineData("")]
    public void Validate_UnknownKind_ReportsKind(string kind)
    {
        Assert.Equal(["kind"], FailingProperties(ValidRegulation() with { Kind = kind }));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("cn")]
    [InlineData("CN-XX")]
    [InlineData("China")]
    public void Validate_UnknownJurisdiction_ReportsJurisdiction(string jurisdiction)
    {
        Assert.Equal(["jurisdiction"], FailingProperties(ValidRegulation() with { Jurisdiction = jurisdiction }));
    }

    [Fact]
    public void Validate_ChineseRecordWithoutChineseTitle_ReportsTitle()
    {
        var document = ValidRegulation() with { Title = new() { ["en"] = "Notice on rectifying virtual currency mining" } };

        Assert.Equal(["title"], FailingProperties(document));
    }

    [Fact]
    public void Validate_EmptyTitle_ReportsTitle()
    {
        // Empty, and so also without the original Chinese title.
        Assert.Equal(["title", "title"], FailingProperties(ValidRegulation() with { Title = new() }));
    }

    [Fact]
    public void Validate_KazakhRecordWithRussianTitle_Passes()
    {
        var document = ValidRegulation() with
        {
            Jurisdiction = "KZ",
            Title = new()
            {
                ["ru"] = "О цифровых активах в Республике Казахстан", ["en"] = "On digital assets in the Republic of Kazakhstan",
                ["zh"] = "哈萨克斯坦共和国数字资产法",
            },
        };

        Assert.Empty(FailingProperties(document));
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void Validate_ForeignRecordWithoutChineseOrEnglishTitle_ReportsTitle(string missing)
    {
        var title = new Dictionary<string, string> { ["sv"] = "Lag om skatt på energi", ["en"] = "Energy Tax Act", ["zh"] = "能源税法" };
        title.Remove(missing);
        var document = ValidRegulation() with { Jurisdiction = "SE", Title = title };

        Assert.Equal(["title"], FailingProperties(document));
    }

    [Theory]
    [InlineData("CN-BJ", "trial", true)]
    [InlineData("CN-BJ", "basic", false)]
    [InlineData("US-NY", "trial", false)]
    [InlineData("US", "appellate", false)]
    [InlineData("SE", "supreme", false)]
    [InlineData("CA-BC", "intermediate", true)]
    public void Validate_CourtLevel_IsChinaOrElsewheresVocabulary(string jurisdiction, string courtLevel, bool refused)
    {
        var ruling = ValidRuling();
        var document = ruling with { Jurisdiction = jurisdiction, Ruling = ruling.Ruling! with { CourtLevel = courtLevel } };

        Assert.Equal(refused ? ["ruling.courtLevel"] : [], FailingProperties(document));
    }

    [Theory]
    [InlineData("administrative-decision")]
    public void Validate_NewLevel_Passes(string level)
    {
        Assert.Empty(FailingProperties(ValidRegulation() with { Level = level }));
    }

    [Theory]
    [InlineData("measure-upheld")]
    [InlineData("measure-set-aside")]
    [InlineData("injunction-granted")]
    public void Validate_NewOutcome_Passes(string outcome)
    {
        var ruling = ValidRuling();
        Assert.Empty(FailingProperties(ruling with { Ruling = ruling.Ruling! with { Outcome = outcome } }));
    }

    [Fact]
    public void Validate_EmptyKeyPoint_ReportsKeyPoint()
    {
        Assert.Equal(["keyPoints[0]"], FailingProperties(ValidRegulation() with { KeyPoints = [new()] }));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public void Validate_BlankDocumentNumber_ReportsDocumentNumber(string documentNumber)
    {
        Assert.Equal(["documentNumber"], FailingProperties(ValidRegulation() with { DocumentNumber = documentNumber }));
    }

    [Fact]
    public void Validate_UnknownLevel_ReportsLevel()
    {
        Assert.Equal(["level"], FailingProperties(ValidRegulation() with { Level = "decree" }));
    }

    [Fact]
    public void Validate_MissingLevel_ReportsLevel()
    {
        // Both "must not be empty" and "must be one of".
        Assert.Equal(["level", "level"], FailingProperties(ValidRegulation() with { Level = null }));
    }

    [Theory]
    [InlineData("active")]
    [InlineData("In-Force")]
    [InlineData("")]
    public void Validate_UnknownStatus_ReportsStatus(string status)
    {
        Assert.Equal(["status"], FailingProperties(ValidRegulation() with { Status = status }));
    }

    [Fact]
    public void Validate_UnknownVerification_ReportsVerification()
    {
        var document = ValidRegulation() with { Verification = "verified", Notes = "Reported by two newspapers." };

        Assert.Equal(["verification"], FailingProperties(document));
    }

    [Fact]
    public void Validate_TopicOutsideVocabulary_ReportsTopicIndex()
    {
        Assert.Equal(["topics[0]"], FailingProperties(ValidRegulation() with { Topics = ["crypto", "mining"] }));
    }

    [Fact]
    public void Validate_SecondTopicOutsideVocabulary_ReportsItsIndex()
    {
        Assert.Equal(["topics[1]"], FailingProperties(ValidRegulation() with { Topics = ["mining", "Mining"] }));
    }

    [Fact]
    public void Validate_RepeatedTopic_ReportsTopics()
    {
        Assert.Equal(["topics"], FailingProperties(ValidRegulation() with { Topics = ["mining", "electricity", "mining"] }));
    }

    [Fact]
    public void Validate_PublishedBeforeIssued_ReportsDatesPublished()
    {
        var document = ValidRegulation() with
        {
            Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Published = new DateOnly(2021, 9, 2) },
        };

        Assert.Equal(["dates.published"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RepealedBeforeIssued_ReportsDatesRepealed()
    {
        var document = ValidRegulation() with
        {
            Status = "repealed",
            Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Published = new DateOnly(2021, 9, 24), Repealed = new DateOnly(2021, 9, 1) },
        };

        Assert.Equal(["dates.repealed"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RepealedBeforeEffective_ReportsDatesRepealed()
    {
        var document = ValidRegulation() with
        {
            Status = "repealed",
            Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Effective = new DateOnly(2022, 1, 1), Repealed = new DateOnly(2021, 12, 31) },
        };

        Assert.Equal(["dates.repealed"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RepealedStatusWithoutRepealDate_ReportsDatesRepealed()
    {
        Assert.Equal(["dates.repealed"], FailingProperties(ValidRegulation() with { Status = "repealed" }));
    }

    [Fact]
    public void Validate_RepealDateWithInForceStatus_ReportsStatus()
    {
        var document = ValidRegulation() with
        {
            Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Published = new DateOnly(2021, 9, 24), Repealed = new DateOnly(2026, 2, 6) },
        };

        Assert.Equal(["status"], FailingProperties(document));
    }

    [Fact]
    public void Validate_YearNotOfIssuedDate_ReportsYear()
    {
        Assert.Equal(["year"], FailingProperties(ValidRegulation() with { Year = 2020 }));
    }

    [Fact]
    public void Validate_RulingYearNotOfDecidedDate_ReportsYear()
    {
        // The primary date of a ruling is ruling.decided, even when the record has a published date.
        var document = ValidRuling() with
        {
            Dates = new RecordDates { Published = new DateOnly(2022, 3, 1) },
            Year = 2022,
        };

        Assert.Equal(["year"], FailingProperties(document));
    }

    [Theory]
    [InlineData(1799)]
    [InlineData(2201)]
    public void Validate_YearOutOfRange_ReportsYear(int year)
    {
        var document = ValidRegulation() with { Dates = new RecordDates(), Year = year, Verification = "partial", Notes = "Only the year is known." };

        Assert.Equal(["year"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RulingWithoutRulingPart_ReportsRuling()
    {
        Assert.Equal(["ruling"], FailingProperties(ValidRuling() with { Ruling = null }));
    }

    [Fact]
    public void Validate_RegulationWithRulingPart_ReportsRuling()
    {
        Assert.Equal(["ruling"], FailingProperties(ValidRegulation() with { Ruling = ValidRuling().Ruling }));
    }

    [Theory]
    [InlineData("district")]
    [InlineData(null)]
    public void Validate_UnknownCourtLevel_ReportsRulingCourtLevel(string? courtLevel)
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { CourtLevel = courtLevel } };

        Assert.Equal(["ruling.courtLevel"], FailingProperties(document));
    }

    [Fact]
    public void Validate_EmptyCourt_ReportsRulingCourt()
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { Court = new() } };

        Assert.Equal(["ruling.court"], FailingProperties(document));
    }

    [Fact]
    public void Validate_UnknownProcedure_ReportsRulingProcedure()
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { Procedure = "appeal" } };

        Assert.Equal(["ruling.procedure"], FailingProperties(document));
    }

    [Fact]
    public void Validate_NullProcedure_Passes()
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { Procedure = null } };

        Assert.Empty(FailingProperties(document));
    }

    [Theory]
    [InlineData("void")]
    [InlineData(null)]
    public void Validate_UnknownOutcome_ReportsRulingOutcome(string? outcome)
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { Outcome = outcome } };

        Assert.Equal(["ruling.outcome"], FailingProperties(document));
    }

    [Fact]
    public void Validate_BlankCaseNumber_ReportsRulingCaseNumber()
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { CaseNumber = " " } };

        Assert.Equal(["ruling.caseNumber"], FailingProperties(document));
    }

    [Fact]
    public void Validate_BlankLegalBasis_ReportsItsIndex()
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { LegalBasis = ["Civil Code art. 153(2)", ""] } };

        Assert.Equal(["ruling.legalBasis[1]"], FailingProperties(document));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveAmountInDispute_ReportsRulingAmountInDisputeAmount(int amount)
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { AmountInDispute = new MoneyDocument(amount, "CNY") } };

        Assert.Equal(["ruling.amountInDispute.amount"], FailingProperties(document));
    }

    [Theory]
    [InlineData("RMB")]
    [InlineData("cny")]
    [InlineData("")]
    public void Validate_UnknownCurrency_ReportsRulingAmountInDisputeCurrency(string currency)
    {
        var document = ValidRuling() with { Ruling = ValidRuling().Ruling! with { AmountInDispute = new MoneyDocument(9466500, currency) } };

        Assert.Equal(["ruling.amountInDispute.currency"], FailingProperties(document));
    }

    [Fact]
    public void Validate_UnknownRelationType_ReportsRelationType()
    {
        var document = ValidRegulation() with { Relations = [new RelationDocument("mentions", "cn-fsdc-2021-05-21")] };

        Assert.Equal(["relations[0].type"], FailingProperties(document));
    }

    [Fact]
    public void Validate_SecondRelationWithUnknownType_ReportsItsIndex()
    {
        var document = ValidRegulation() with
        {
            Relations = [new RelationDocument("implements", "cn-fsdc-2021-05-21"), new RelationDocument("Cites", "cn-civil-code-art-153")],
        };

        Assert.Equal(["relations[1].type"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RelationToUnknownTarget_ReportsRelation()
    {
        var document = ValidRegulation() with { Relations = [new RelationDocument("implements", "cn-fsdc-2099-01-01")] };

        Assert.Equal(["relations[0]"], FailingProperties(document));
    }

    [Fact]
    public void Validate_RelationTargetKnownOnlyFromContext_Passes()
    {
        // The same record is refused without the target among the known ids, and accepted with it.
        var document = ValidRegulation() with { Relations = [new RelationDocument("cites", "test-other-record")] };

        Assert.Equal(["relations[0]"], FailingProperties(document));
        Assert.Empty(FailingProperties(document, new HashSet<string>(KnownIds) { "test-other-record" }));
    }

    [Fact]
    public void Validate_RelationTargetNotAnId_ReportsRelationTarget()
    {
        var knownIds = new HashSet<string>(KnownIds) { "Not An Id" };
        var document = ValidRegulation() with { Relations = [new RelationDocument("cites", "Not An Id")] };

        Assert.Equal(["relations[0].target"], FailingProperties(document, knownIds));
    }

    [Fact]
    public void Validate_RelationToItself_ReportsRelation()
    {
        var knownIds = new HashSet<string>(KnownIds) { RegulationId };
        var document = ValidRegulation() with { Relations = [new RelationDocument("cites", RegulationId)] };

        Assert.Equal(["relations[0]"], FailingProperties(document, knownIds));
    }

    [Fact]
    public void Validate_RepeatedRelation_ReportsRelations()
    {
        var document = ValidRegulation() with
        {
            Relations = [new RelationDocument("implements", "cn-fsdc-2021-05-21"), new RelationDocument("implements", "cn-fsdc-2021-05-21")],
        };

        Assert.Equal(["relations"], FailingProperties(document));
    }

    [Fact]
    public void Validate_AppliesRelationOnRegulation_ReportsRelation()
    {
        var document = ValidRegulation() with { Relations = [new RelationDocument("applies", "cn-civil-code-art-153")] };

        Assert.Equal(["relations[0]"], FailingProperties(document));
    }

    [Fact]
    public void Validate_NoSource_ReportsSources()
    {
        Assert.Equal(["sources"], FailingProperties(ValidRegulation() with { Sources = [] }));
    }

    [Theory]
    [InlineData("www.ndrc.gov.cn/xxgk/zcfb/tz/202109/t20210924_1297536.html")]
    [InlineData("ftp://www.ndrc.gov.cn/notice.pdf")]
    [InlineData("/xxgk/zcfb/tz/202109/t20210924_1297536.html")]
    [InlineData("")]
    public void Validate_SourceUrlNotAbsoluteHttp_ReportsSourceUrl(string url)
    {
        var document = ValidRegulation() with { Sources = [new SourceDocument { Url = url, Title = "NDRC notice", Type = "official" }] };

        Assert.Equal(["sources[0].url"], FailingProperties(document));
    }

    [Fact]
    public void Validate_UnknownSourceType_ReportsSourceType()
    {
        var document = ValidRegulation() with
        {
            Sources = [ValidRegulation().Sources[0], new SourceDocument { Url = "https://www.qianzhan.com/analyst/detail/329/231023-5cb879e0.html", Title = null, Type = "blog" }],
        };

        Assert.Equal(["sources[1].type"], FailingProperties(document));
    }

    [Theory]
    [InlineData("partial", null)]
    [InlineData("article-only", null)]
    [InlineData("partial", "")]
    [InlineData("article-only", "  ")]
    public void Validate_UnconfirmedWithoutNotes_ReportsNotes(string verification, string? notes)
    {
        var document = ValidRegulation() with { Verification = verification, Notes = notes };

        Assert.Equal(["notes"], FailingProperties(document));
    }

    [Fact]
    public void Validate_SeveralInvalidFields_ReportsEachOnce()
    {
        var document = ValidRegulation() with { Kind = "law", Status = "active", Sources = [] };

        // kind 'law' is neither regulation nor ruling, so no kind-specific ruling rule applies.
        Assert.Equal(["kind", "status", "sources"], FailingProperties(document));
    }

    private static RecordDocument ValidRegulation() => new()
    {
        Id = RegulationId,
        Kind = "regulation",
        Jurisdiction = "CN",
        Title = new()
        {
            ["zh"] = "关于整治虚拟货币“挖矿”活动的通知",
            ["en"] = "Notice on Rectifying Virtual Currency \"Mining\" Activities",
        },
        Summary = new() { ["en"] = "Eleven departments order virtual currency mining to be rectified.", ["zh"] = "十一部门要求整治虚拟货币“挖矿”活动。" },
        KeyPoints = [new() { ["en"] = "New mining projects are banned.", ["zh"] = "严禁新增虚拟货币“挖矿”项目。" }],
        DocumentNumber = "发改运行〔2021〕1283号",
        Authorities = [new() { ["zh"] = "国家发展和改革委员会", ["en"] = "National Development and Reform Commission" }],
        Level = "departmental-normative-document",
        Dates = new RecordDates { Issued = new DateOnly(2021, 9, 3), Published = new DateOnly(2021, 9, 24) },
        Year = 2021,
        Status = "in-force",
        Topics = ["mining", "electricity"],
        Ruling = null,
        Relations = [new RelationDocument("implements", "cn-fsdc-2021-05-21")],
        Sources = [new SourceDocument { Url = "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202109/t20210924_1297536.html", Title = "NDRC notice", Type = "official" }],
        Verification = "confirmed",
        Notes = null,
    };

    private static RecordDocument ValidRuling() => new()
    {
        Id = RulingId,
        Kind = "ruling",
        Jurisdiction = "CN-BJ",
        Title = new() { ["zh"] = "委托合同纠纷一审民事判决书", ["en"] = "Entrustment contract dispute, first-instance judgment" },
        Level = "court-judgment",
        Dates = new RecordDates(),
        Year = 2021,
        Status = "unknown",
        Topics = ["mining", "contract-validity"],
        Ruling = new RulingDocument
        {
            CaseNumber = "(2021)京0101民初6309号",
            Court = new() { ["zh"] = "北京市东城区人民法院", ["en"] = "Beijing Dongcheng District People's Court" },
            CourtLevel = "basic",
            Procedure = "first-instance",
            CauseOfAction = new() { ["zh"] = "委托合同纠纷", ["en"] = "entrustment contract dispute" },
            Decided = new DateOnly(2021, 12, 20),
            Outcome = "contract-void",
            LegalBasis = ["Civil Code art. 153(2)"],
            AmountInDispute = new MoneyDocument(9466500, "CNY"),
        },
        Relations = [new RelationDocument("applies", "cn-civil-code-art-153")],
        Sources = [new SourceDocument { Url = "https://wenshu.court.gov.cn/", Title = "China Judgments Online", Type = "official" }],
        Verification = "confirmed",
    };

    private static List<string> FailingProperties(RecordDocument document, IReadOnlySet<string>? knownIds = null) =>
        Validate(document, knownIds ?? KnownIds).Errors.Select(e => e.PropertyName).ToList();

    private static FluentValidation.Results.ValidationResult Validate(RecordDocument document, IReadOnlySet<string> knownIds)
    {
        var context = new ValidationContext<RecordDocument>(document);
        context.RootContextData[RecordDocumentValidator.KnownIdsKey] = knownIds;
        return Validator.Validate(context);
    }

    private static IReadOnlyList<(string File, RecordDocument Document)> LoadSeed()
    {
        Assert.NotEmpty(SeedFolder.Records);
        return SeedFolder.Records;
    }
}
