using RegulationApi.Model;

/// <summary>
/// Bilingual records of realistic length whose frequencies are controlled, so that the benchmark's queries match
/// known shares of the data: year=2021 and jurisdiction CN (with provinces) about 15 %, each common Chinese word
/// about 50–62 % (挖矿 62 %), each English word pair about 15 %, and each rare word exactly 0.1 %.
/// </summary>
internal sealed class BenchData(int count, int seed)
{
    // Common Chinese words with their share of records; no other text contains their characters side by side.
    private static readonly (string Word, double Share)[] CommonZh = [("挖矿", 0.62), ("电力", 0.55), ("合同", 0.5), ("比特币", 0.52), ("监管", 0.58)];

    // English word pairs: the first word in 30 % of records, the second in half of those (15 % together) and in 10 % more.
    private static readonly (string First, string Second)[] EnglishPairs =
        [("contract", "void"), ("electricity", "surplus"), ("license", "revoked"), ("hosting", "shutdown"), ("tariff", "quota")];

    // Rare words: each in exactly one record in a thousand. Their characters and letters appear nowhere else.
    private static readonly string[] RareZh =
        ["麒麟", "饕餮", "魑魅", "魍魉", "貔貅", "鸳鸯", "琵琶", "琥珀", "玳瑁", "蜻蜓", "蝴蝶", "蚂蚁", "骆驼", "鹦鹉", "芙蓉", "枇杷", "葡萄", "橄榄", "菠萝", "蘑菇"];

    private static readonly string[] RareEn =
        ["zirconium", "quokka", "marzipan", "obsidian", "kumquat", "narwhal", "xylophone", "quetzal", "jacquard", "wolfram",
         "yttrium", "kazoo", "pumice", "zephyr", "gazpacho", "vermouth", "axolotl", "bismuth", "quinoa", "sphinx"];

    private static readonly string[] FillerZh =
    [
        "各地区各部门要高度重视", "严格落实属地管理责任", "加强部门协同配合", "建立健全长效工作机制", "依法依规稳妥推进",
        "做好风险防范和处置工作", "切实维护经济金融秩序", "推动能源结构调整优化", "强化数据中心用能管理", "开展专项清理整顿行动",
        "对违规项目实施差别电价", "禁止以任何名义提供供电服务", "严厉打击非法金融活动", "加大执法检查力度", "及时报送工作进展情况",
        "落实节能减排目标任务", "企业应当依法履行义务", "加强宣传教育和舆论引导", "做好存量项目有序退出", "相关单位应予以配合",
    ];

    private static readonly string[] FillerEn =
    [
        "Local authorities must give the matter high priority", "Departments shall coordinate their enforcement work",
        "Projects that breach the rules face differential pricing", "Operators are required to report their energy use",
        "The notice takes effect on the date of issue", "Financial institutions must not provide related services",
        "Existing projects are to be phased out in an orderly way", "Data centres must be inspected on a regular basis",
        "Violations will be handled according to law", "The measures apply to every enterprise in the region",
        "Regional governments shall publish their progress", "Public comment was invited before adoption",
        "Inspections focus on industrial parks and substations", "The rules were reaffirmed by later guidance",
        "Courts treat the agreements as against public order", "Investors bear the losses of prohibited activity",
    ];

    private static readonly (string Code, string Zh, string En)[] Provinces =
    [
        ("CN-SC", "四川省", "Sichuan"), ("CN-YN", "云南省", "Yunnan"), ("CN-XJ", "新疆维吾尔自治区", "Xinjiang"),
        ("CN-NM", "内蒙古自治区", "Inner Mongolia"), ("CN-QH", "青海省", "Qinghai"), ("CN-BJ", "北京市", "Beijing"),
        ("CN-ZJ", "浙江省", "Zhejiang"), ("CN-GD", "广东省", "Guangdong"), ("CN-FJ", "福建省", "Fujian"), ("CN-HN", "湖南省", "Hunan"),
    ];

    private static readonly (string Zh, string En)[] NationalAuthorities =
    [
        ("中国人民银行", "People's Bank of China"), ("国家发展和改革委员会", "National Development and Reform Commission"),
        ("工业和信息化部", "Ministry of Industry and Information Technology"), ("公安部", "Ministry of Public Security"),
        ("国家能源局", "National Energy Administration"), ("国家金融监督管理总局", "National Financial Regulatory Administration"),
        ("中国证券监督管理委员会", "China Securities Regulatory Commission"), ("国家外汇管理局", "State Administration of Foreign Exchange"),
    ];

    private static readonly string[] ForeignCountries = ["KZ", "US", "RU"];

    private static readonly int[] Years = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];

    // 2021 takes 22 % of the dated records, so year=2021 with jurisdiction CN (70 % of records) matches about 15 %.
    private static readonly double[] YearWeights = [2, 2, 3, 3, 4, 6, 7, 9, 22, 14, 10, 8, 6, 4];

    public RecordDocument Record(int index)
    {
        // One generator per record, so each record depends only on (seed, index).
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var id = $"bench-{index + 1:D7}";
        var roll = random.NextDouble();
        var (jurisdiction, regionZh, regionEn) = roll < 0.25 ? ("CN", "全国", "national")
            : roll < 0.70 ? Pick(random, Provinces)
            : Pick(random, ForeignCountries) switch
            {
                "KZ" => ("KZ", "哈萨克斯坦", "Kazakhstan"),
                "US" => ("US", "美国", "United States"),
                _ => ("RU", "俄罗斯", "Russia"),
            };
        var isChina = jurisdiction.StartsWith("CN", StringComparison.Ordinal);
        var isRuling = isChina && jurisdiction != "CN" && random.NextDouble() < 0.28;

        var year = Years[WeightedIndex(random, YearWeights)];
        var dateRoll = random.NextDouble();
        DateOnly? date = dateRoll < 0.90 ? new DateOnly(year, 1, 1).AddDays(random.Next(365)) : null;
        int? knownYear = dateRoll < 0.95 ? year : null;

        var zh = new List<string>();
        var en = new List<string>();
        foreach (var (word, share) in CommonZh)
        {
            if (random.NextDouble() < share)
            {
                zh.Add($"关于{word}的规定");
            }
        }

        foreach (var (first, second) in EnglishPairs)
        {
            var hasFirst = random.NextDouble() < 0.30;
            if (hasFirst)
            {
                en.Add($"The {first} terms are reviewed");
            }

            if ((hasFirst && random.NextDouble() < 0.5) || (!hasFirst && random.NextDouble() < 0.1 / 0.7))
            {
                en.Add($"Some arrangements are held {second}");
            }
        }

        if (index % 1000 < RareZh.Length)
        {
            zh.Add($"涉及{RareZh[index % 1000]}事项");
        }

        if (index % 1000 >= 500 && index % 1000 < 500 + RareEn.Length)
        {
            en.Add($"It mentions {RareEn[index % 1000 - 500]} as well");
        }

        var summaryZh = string.Join("，", Shuffle(random, zh.Concat(Sample(random, FillerZh, 3 + random.Next(4))).ToList())) + "。";
        var summaryEn = string.Join(". ", Shuffle(random, en.Concat(Sample(random, FillerEn, 3 + random.Next(3))).ToList())) + ".";
        var keyPoints = Enumerable.Range(0, 1 + random.Next(4))
            .Select(_ => new Dictionary<string, string> { ["en"] = Pick(random, FillerEn) + ".", ["zh"] = Pick(random, FillerZh) + "。" })
            .ToList();

        var number = random.Next(1, 400);
        var title = isChina
            ? new Dictionary<string, string>
            {
                ["zh"] = $"{regionZh}关于{Pick(random, FillerZh)}的通知（第{number}号）",
                ["en"] = $"{regionEn} notice No. {number} on {Pick(random, FillerEn).ToLowerInvariant()}",
            }
            : new Dictionary<string, string>
            {
                ["ru"] = $"Постановление № {number}",
                ["en"] = $"{regionEn} regulation No. {number} on {Pick(random, FillerEn).ToLowerInvariant()}",
                ["zh"] = $"{regionZh}第{number}号决议",
            };

        var authorities = isChina
            ? jurisdiction == "CN"
                ? Sample(random, NationalAuthorities, 1 + random.Next(3)).Select(a => Localized(a.Zh, a.En)).ToList()
                : [Localized($"{regionZh}发展和改革委员会", $"{regionEn} Development and Reform Commission")]
            : [Localized($"{regionZh}能源部", $"Ministry of Energy of {regionEn}")];

        var verificationRoll = random.NextDouble();
        var verification = verificationRoll < 0.7 ? "confirmed" : verificationRoll < 0.9 ? "partial" : "article-only";
        var status = isRuling ? "unknown" : Pick(random, new[] { "in-force", "in-force", "in-force", "amended", "expired", "historical", "unknown" });
        DateOnly? repealed = null;
        if (!isRuling && date is { } issued && random.NextDouble() < 0.08)
        {
            status = "repealed";
            repealed = issued.AddDays(30 + random.Next(900));
        }

        var relations = index > 0 && random.NextDouble() < 0.1
            ? new List<RelationDocument> { new(isRuling ? "applies" : Pick(random, new[] { "implements", "cites" }), $"bench-{random.Next(index) + 1:D7}") }
            : [];

        return new RecordDocument
        {
            Id = id,
            Kind = isRuling ? "ruling" : "regulation",
            Jurisdiction = jurisdiction,
            Title = title,
            Summary = new Dictionary<string, string> { ["en"] = summaryEn, ["zh"] = summaryZh },
            KeyPoints = keyPoints,
            DocumentNumber = isChina && !isRuling && random.NextDouble() < 0.7 ? $"{regionZh[..1]}发〔{year}〕{number}号" : null,
            Authorities = isRuling ? [] : authorities,
            Level = isRuling ? "court-judgment" : isChina ? (jurisdiction == "CN" ? "departmental-normative-document" : "local-normative-document") : "foreign-regulation",
            Dates = new RecordDates
            {
                Issued = isRuling ? null : date,
                Published = isRuling ? date : date?.AddDays(random.Next(20)),
                Repealed = repealed,
            },
            Year = knownYear,
            Status = status,
            Topics = Sample(random, Topics, 1 + random.Next(4)).ToList(),
            Ruling = isRuling
                ? new RulingDocument
                {
                    CaseNumber = $"({year}){regionZh[..1]}0101民初{index + 1}号",
                    Court = Localized($"{regionZh}人民法院", $"{regionEn} People's Court"),
                    CourtLevel = Pick(random, CourtLevels), // rulings are Chinese only
                    Procedure = Pick(random, Vocabulary.Procedures),
                    CauseOfAction = Localized("委托合同纠纷", "entrustment contract dispute"),
                    Outcome = Pick(random, Outcomes),
                    LegalBasis = ["Civil Code art. 153(2)"],
                    AmountInDispute = new MoneyDocument(random.Next(10_000, 10_000_000), "CNY"),
                }
                : null,
            Relations = relations,
            Sources = [new SourceDocument { Url = $"https://example.org/bench/{id}", Title = "Generated benchmark record", Type = verification == "article-only" ? "article" : "secondary" }],
            Verification = verification,
            Notes = verification == "confirmed" ? null : "Generated record: its details are placeholders.",
        };
    }

    public Dictionary<string, List<string>> Queries()
    {
        var random = new Random(seed);
        var r1 = R1Values().Select(v => $"year={v.Year}&jurisdiction={v.Jurisdiction}").ToList();
        return new()
        {
            ["r1"] = r1,
            ["r2"] = EnglishPairs.Select(p => $"q={p.First}%20{p.Second}").ToList(),
            ["r3"] = CommonZh.Select(w => "q=" + Uri.EscapeDataString(w.Word)).ToList(),
            ["r4"] = RareZh.Select(w => "q=" + Uri.EscapeDataString(w)).ToList(),
            ["r5"] = RareEn.Select(w => "q=" + w).ToList(),
            ["r6"] = Enumerable.Range(0, 200).Select(_ => $"bench-{random.Next(count) + 1:D7}").ToList(),
            ["r8"] = CommonZh.Select(w => "q=" + Uri.EscapeDataString(w.Word) + "&sort=relevance")
                .Concat(EnglishPairs.Select(p => $"q={p.First}&sort=relevance")).ToList(),
            ["r9"] = R1Values().Select(v => $"jurisdiction={v.Jurisdiction}&kind=regulation")
                .Concat(Provinces.Select(p => $"jurisdiction={p.Code}&topic=mining")).Distinct().ToList(),
        };
    }

    public Dictionary<string, object> PeerValues() => new()
    {
        ["r1"] = R1Values().Select(v => new { year = v.Year, jurisdiction = v.Jurisdiction }).ToList(),
        ["r2"] = EnglishPairs.Select(p => new[] { p.First, p.Second }).ToList(),
        ["r3"] = CommonZh.Select(w => w.Word).ToList(),
        ["r4"] = RareZh,
        ["r5"] = RareEn,
    };

    private static IEnumerable<(int Year, string Jurisdiction)> R1Values() =>
        new[] { 2020, 2021, 2022 }.SelectMany(y => new[] { "CN", "CN" }.Select(j => (y, j)))
            .Concat(Provinces.Take(4).Select(p => (2021, p.Code)))
            .Distinct();

    private static Dictionary<string, string> Localized(string zh, string en) => new() { ["zh"] = zh, ["en"] = en };

    // The vocabularies as they were when the benchmark's data was first drawn: the same seed gives the same records,
    // so runs before and after a vocabulary grows measure the same data.
    private static readonly string[] Topics =
    [
        "mining", "trading", "electricity", "contract-validity", "mining-equipment", "hosting",
        "energy-consumption", "taxation", "licensing", "financial-risk", "stablecoins", "enforcement",
    ];

    private static readonly string[] CourtLevels = ["basic", "intermediate", "high", "supreme"];

    private static readonly string[] Outcomes = ["contract-void", "claim-dismissed", "petition-rejected", "contract-valid", "other"];

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static IEnumerable<T> Sample<T>(Random random, IReadOnlyList<T> items, int n) =>
        Enumerable.Range(0, items.Count).OrderBy(_ => random.Next()).Take(Math.Min(n, items.Count)).Order().Select(i => items[i]);

    private static List<T> Shuffle<T>(Random random, List<T> items) => items.OrderBy(_ => random.Next()).ToList();

    private static int WeightedIndex(Random random, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
