using System.Globalization;
using RegulationApi.Records;

namespace RegulationApi.Pages;

/// <summary>Every label of the pages in Chinese and English, and numbers and dates written for the language.</summary>
public sealed class Texts
{
    public static Texts English { get; } = new(PageLanguage.English);
    public static Texts Chinese { get; } = new(PageLanguage.Chinese);

    public static Texts For(string language) => language == PageLanguage.Chinese ? Chinese : English;

    private Texts(string language) => Language = language;

    public string Language { get; }

    public bool IsChinese => Language == PageLanguage.Chinese;

    /// <summary>The other page language, for the switch.</summary>
    public string Other => IsChinese ? PageLanguage.English : PageLanguage.Chinese;

    public string T(string en, string zh) => IsChinese ? zh : en;

    // Layout
    public string SiteName => T("Crypto-mining regulation and rulings", "加密货币挖矿法规与裁判");
    public string SwitchLanguage => T("中文", "English");
    public string SwitchLanguageName => T("阅读中文版", "Read in English");
    public string SkipToResults => T("Skip to results", "跳到结果");
    public string ApiDocs => T("API documentation", "API 文档");
    public string Footer => T("Every record names its sources and how sure we are of it.", "每条记录都注明来源及其可信程度。");

    // Search
    public string Search => T("Search", "搜索");
    public string SearchLabel => T("Search titles, summaries, numbers, authorities and courts", "搜索标题、摘要、文号、机关和法院");
    public string SearchPlaceholder => T("e.g. 挖矿, contract void, 1283", "例如 挖矿、contract void、1283");
    public string Sort => T("Sort", "排序");
    public string SortDefault => T("Default", "默认");
    public string SortRelevance => T("Best match", "相关度");
    public string SortDate => T("Newest first", "最新在前");
    public string SortDateAsc => T("Oldest first", "最早在前");
    public string Filters => T("Filters", "筛选");
    public string ClearFilters => T("Clear all filters", "清除全部筛选");
    public string Remove => T("remove", "移除");
    public string Selected => T("selected", "已选");
    public string PointInTime => T("Point in time", "时点查询");
    public string InForceOn => T("In force on", "生效日期");
    public string InRegion => T("in region (code)", "适用地区（代码）");
    public string PointInTimeHint => T("e.g. 2021-07-01 in CN-SC: what applied in Sichuan that day", "例如 2021-07-01 与 CN-SC：当日四川适用的规定");
    public string Apply => T("Apply", "应用");
    public string YearRange => T("Years", "年份");
    public string YearFrom => T("From year", "起始年份");
    public string YearTo => T("To year", "截止年份");
    public string Results => T("Results", "结果");
    public string NoResults => T("No record matches these filters.", "没有符合这些条件的记录。");
    public string NextPage => T("Next page", "下一页");
    public string FirstPage => T("First page", "第一页");
    public string Export => T("Export this set", "导出此结果集");
    public string ExportCsv => T("CSV (spreadsheet)", "CSV（电子表格）");
    public string ExportNdjson => T("NDJSON (one record a line)", "NDJSON（每行一条记录）");
    public string ApiJson => T("This page as JSON", "本页 JSON");
    public string NoYear => T("year unknown", "年份不详");

    public string Total(long count) => IsChinese ? $"共 {Number(count)} 条" : count == 1 ? "1 record" : $"{Number(count)} records";

    public string RecordsCount(long count) => IsChinese ? $"{Number(count)} 条" : count == 1 ? "1 record" : $"{Number(count)} records";

    public string PageOf(int shown) => T($"showing {Number(shown)} on this page", $"本页显示 {Number(shown)} 条");

    // Facet names
    public string FacetName(string field) => field switch
    {
        "kind" => T("Kind", "类型"),
        "jurisdiction" => T("Jurisdiction", "法域"),
        "year" => T("Year", "年份"),
        "topic" => T("Topic", "主题"),
        "status" => T("Status", "状态"),
        "level" => T("Level", "效力级别"),
        "outcome" => T("Ruling outcome", "裁判结果"),
        "courtLevel" => T("Court level", "法院层级"),
        _ => field,
    };

    // Chart
    public string ChartTitle => T("Records per year, by kind", "各年份记录数（按类型）");
    public string ChartTable => T("The chart as a table", "图表数据表");
    public string ChartHint => T("Select a bar to filter to its year.", "点击柱形可筛选该年份。");
    public string YearColumn => T("Year", "年份");
    public string TotalColumn => T("Total", "合计");

    public string BarName(int year, long total, IEnumerable<(string Kind, long Count)> parts) =>
        IsChinese
            ? $"{year} 年：{Total(total)}（{string.Join("，", parts.Select(p => $"{Kind(p.Kind)} {Number(p.Count)}"))}）"
            : $"{year}: {Total(total)} ({string.Join(", ", parts.Select(p => $"{Number(p.Count)} {Kind(p.Kind).ToLowerInvariant()}"))})";

    public string UnknownYearNote(long count) => T($"{RecordsCount(count)} without a known year are not charted.", $"另有 {RecordsCount(count)}年份不详，未列入图表。");

    // Record page
    public string Record => T("Record", "记录");
    public string Summary => T("Summary", "摘要");
    public string KeyPoints => T("Key points", "要点");
    public string Details => T("Details", "基本信息");
    public string Dates => T("Dates", "日期");
    public string Issued => T("Issued", "发布");
    public string Published => T("Published", "公布");
    public string Effective => T("Effective", "施行");
    public string Repealed => T("Repealed", "废止");
    public string Decided => T("Decided", "裁判日期");
    public string NoDates => T("No full date is known.", "没有已知的完整日期。");
    public string DocumentNumber => T("Document number", "文号");
    public string CaseNumber => T("Case number", "案号");
    public string Authorities => T("Issued by", "发布机关");
    public string Topics => T("Topics", "主题");
    public string YearOfRecord => T("Year", "年份");
    public string Ruling => T("The ruling", "裁判");
    public string Court => T("Court", "法院");
    public string Procedure => T("Procedure", "审理程序");
    public string CauseOfAction => T("Cause of action", "案由");
    public string LegalBasis => T("Legal basis", "法律依据");
    public string AmountInDispute => T("Amount in dispute", "争议金额");
    public string Relations => T("Related records", "关联记录");
    public string NoRelations => T("No other record is linked to this one.", "没有与此记录关联的其他记录。");
    public string Sources => T("Sources", "来源");
    public string Verification => T("Verification", "核实程度");
    public string Notes => T("Notes", "说明");
    public string History => T("Revision history", "修订历史");
    public string Revision => T("Revision", "版本");
    public string Who => T("Who", "修改人");
    public string When => T("When", "时间");
    public string What => T("Fields changed", "修改字段");
    public string Action => T("Action", "操作");
    public string AllFields => T("the whole record", "整条记录");
    public string Json => T("This record as JSON", "本记录 JSON");
    public string Cite => T("Cite this record", "引用本记录");
    public string BackToSearch => T("Back to search", "返回搜索");
    public string OtherTitles => T("Title in other languages", "其他语言标题");
    public string StatusLine => T("Status", "状态");
    public string UpdatedAt => T("Last updated", "最后更新");
    public string None => T("none", "无");
    public string Unknown => T("not known", "不详");

    // Errors
    public string BadRequestTitle => T("This search cannot be run", "无法执行此搜索");
    public string BadRequestIntro => T("Some parameters of the address are not right:", "网址中的部分参数有误：");
    public string NotFoundTitle => T("No such record", "没有这条记录");
    public string NotFound(string id) => T($"There is no record with the id “{id}”.", $"没有编号为“{id}”的记录。");
    public string Deleted(string id) => T($"The record “{id}” was deleted. A curator can restore it.", $"记录“{id}”已被删除，编辑可将其恢复。");

    public string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public string Money(MoneyDocument money) => $"{money.Currency} {money.Amount.ToString("#,##0.##", CultureInfo.InvariantCulture)}";

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>2021年9月24日 / 24 Sep 2021.</summary>
    public string Date(DateOnly date) => IsChinese ? $"{date.Year}年{date.Month}月{date.Day}日" : $"{date.Day} {Months[date.Month - 1]} {date.Year}";

    public string Timestamp(DateTime instant) =>
        $"{Date(DateOnly.FromDateTime(instant))} {instant.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";

    public string Jurisdiction(string code) =>
        Records.Jurisdictions.All.TryGetValue(code, out var j) ? (IsChinese ? j.Zh : j.En) : code;

    public string Kind(string kind) => Name(kind, KindNames);
    public string Status(string status) => Name(status, StatusNames);
    public string Level(string level) => Name(level, LevelNames);
    public string Topic(string topic) => Name(topic, TopicNames);
    public string Outcome(string outcome) => Name(outcome, OutcomeNames);
    public string CourtLevel(string level) => Name(level, CourtLevelNames);
    public string ProcedureName(string procedure) => Name(procedure, ProcedureNames);
    public string SourceType(string type) => Name(type, SourceTypeNames);
    public string VerificationName(string verification) => Name(verification, VerificationNames);
    public string RevisionAction(string action) => Name(action, ActionNames);

    /// <summary>A facet value in words, by field.</summary>
    public string Value(string field, string value) => field switch
    {
        "kind" => Kind(value),
        "status" => Status(value),
        "level" => Level(value),
        "topic" => Topic(value),
        "outcome" => Outcome(value),
        "courtLevel" => CourtLevel(value),
        "jurisdiction" => Jurisdiction(value),
        _ => value,
    };

    /// <summary>A relation as read from one side: outgoing "implements", incoming "implemented by".</summary>
    public string Relation(string type, bool outgoing) => (outgoing ? OutgoingNames : IncomingNames).TryGetValue(type, out var names)
        ? T(names.En, names.Zh)
        : type;

    /// <summary>The status line's words around the record that ended this one: "repealed by X" / "已被 X 废止".</summary>
    public (string Before, string After) EndedBy(string type) => (type, IsChinese) switch
    {
        ("repeals", true) => ("已被", "废止"),
        ("supersedes", true) => ("已被", "取代"),
        _ => (Relation(type, false), ""),
    };

    /// <summary>"applied by 3 rulings", "repealed by 1 record": an incoming group in words.</summary>
    public string RelationGroup(string type, bool outgoing, int count, string? kind) =>
        IsChinese
            ? $"{Relation(type, outgoing)}{(kind is null ? "记录" : Kind(kind))}（{count} 条）"
            : $"{Relation(type, outgoing)} {count} {(kind is null ? (count == 1 ? "record" : "records") : KindPlural(kind, count))}";

    private static string KindPlural(string kind, int count) => (kind, count == 1) switch
    {
        ("ruling", true) => "ruling",
        ("ruling", false) => "rulings",
        ("regulation", true) => "regulation",
        ("regulation", false) => "regulations",
        _ => count == 1 ? "record" : "records",
    };

    private string Name(string value, Dictionary<string, (string En, string Zh)> names) =>
        names.TryGetValue(value, out var name) ? T(name.En, name.Zh) : value;

    private static readonly Dictionary<string, (string En, string Zh)> KindNames = new()
    {
        ["regulation"] = ("Regulation", "法规"),
        ["ruling"] = ("Ruling", "裁判"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> StatusNames = new()
    {
        ["in-force"] = ("In force", "现行有效"),
        ["amended"] = ("Amended", "已修改"),
        ["repealed"] = ("Repealed", "已废止"),
        ["expired"] = ("Expired", "已失效"),
        ["historical"] = ("Historical", "历史文件"),
        ["unknown"] = ("Status unknown", "状态不详"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> LevelNames = new()
    {
        ["law"] = ("Law", "法律"),
        ["administrative-regulation"] = ("Administrative regulation", "行政法规"),
        ["departmental-rule"] = ("Departmental rule", "部门规章"),
        ["departmental-normative-document"] = ("Departmental normative document", "部门规范性文件"),
        ["local-normative-document"] = ("Local normative document", "地方规范性文件"),
        ["judicial-interpretation"] = ("Judicial interpretation", "司法解释"),
        ["party-or-state-council-statement"] = ("Party or State Council statement", "党中央或国务院文件"),
        ["industry-self-regulation"] = ("Industry self-regulation", "行业自律规范"),
        ["foreign-law"] = ("Foreign law", "外国法律"),
        ["foreign-regulation"] = ("Foreign regulation", "外国法规"),
        ["administrative-decision"] = ("Administrative decision", "行政决定"),
        ["court-judgment"] = ("Court judgment", "判决"),
        ["court-ruling"] = ("Court ruling (裁定)", "裁定"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> TopicNames = new()
    {
        ["mining"] = ("Mining", "挖矿"),
        ["trading"] = ("Trading", "交易"),
        ["electricity"] = ("Electricity", "电力"),
        ["contract-validity"] = ("Contract validity", "合同效力"),
        ["mining-equipment"] = ("Mining equipment", "矿机"),
        ["hosting"] = ("Hosting", "托管"),
        ["energy-consumption"] = ("Energy consumption", "能耗"),
        ["taxation"] = ("Taxation", "税收"),
        ["licensing"] = ("Licensing", "许可"),
        ["financial-risk"] = ("Financial risk", "金融风险"),
        ["stablecoins"] = ("Stablecoins", "稳定币"),
        ["enforcement"] = ("Enforcement", "执法"),
        ["environment"] = ("Environment", "环境"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> OutcomeNames = new()
    {
        ["contract-void"] = ("Contract void", "合同无效"),
        ["claim-dismissed"] = ("Claim dismissed", "驳回诉讼请求"),
        ["petition-rejected"] = ("Petition rejected", "驳回再审申请"),
        ["contract-valid"] = ("Contract valid", "合同有效"),
        ["measure-upheld"] = ("Measure upheld", "维持措施"),
        ["measure-set-aside"] = ("Measure set aside", "撤销措施"),
        ["injunction-granted"] = ("Injunction granted", "准予禁令"),
        ["other"] = ("Other outcome", "其他结果"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> CourtLevelNames = new()
    {
        ["basic"] = ("Basic people's court", "基层人民法院"),
        ["intermediate"] = ("Intermediate people's court", "中级人民法院"),
        ["high"] = ("High people's court", "高级人民法院"),
        ["supreme"] = ("Supreme court", "最高法院"),
        ["trial"] = ("Trial court", "初审法院"),
        ["appellate"] = ("Appellate court", "上诉法院"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> ProcedureNames = new()
    {
        ["first-instance"] = ("First instance", "一审"),
        ["second-instance"] = ("Second instance", "二审"),
        ["retrial-review"] = ("Retrial review", "再审审查"),
        ["retrial"] = ("Retrial", "再审"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> SourceTypeNames = new()
    {
        ["official"] = ("Official", "官方"),
        ["secondary"] = ("Secondary", "二手资料"),
        ["article"] = ("Article", "文章"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> VerificationNames = new()
    {
        ["confirmed"] = ("Confirmed", "已核实"),
        ["partial"] = ("Partly confirmed", "部分核实"),
        ["article-only"] = ("Reported in articles only", "仅见于报道"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> ActionNames = new()
    {
        ["imported"] = ("Imported", "导入"),
        ["created"] = ("Created", "创建"),
        ["updated"] = ("Changed", "修改"),
        ["replaced"] = ("Changed", "修改"),
        ["deleted"] = ("Deleted", "删除"),
        ["restored"] = ("Restored", "恢复"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> OutgoingNames = new()
    {
        ["implements"] = ("implements", "实施"),
        ["cites"] = ("cites", "引用"),
        ["amends"] = ("amends", "修改"),
        ["repeals"] = ("repeals", "废止"),
        ["supersedes"] = ("supersedes", "取代"),
        ["applies"] = ("applies", "适用"),
        ["appeal-of"] = ("is an appeal of", "系上诉自"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> IncomingNames = new()
    {
        ["implements"] = ("implemented by", "实施本记录的"),
        ["cites"] = ("cited by", "引用本记录的"),
        ["amends"] = ("amended by", "修改本记录的"),
        ["repeals"] = ("repealed by", "废止本记录的"),
        ["supersedes"] = ("superseded by", "取代本记录的"),
        ["applies"] = ("applied by", "适用本记录的"),
        ["appeal-of"] = ("appealed in", "对本记录的上诉"),
    };
}
