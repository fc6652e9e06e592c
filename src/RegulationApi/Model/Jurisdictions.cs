namespace RegulationApi.Model;

/// <summary>A jurisdiction a record may carry: an ISO 3166-1 country or an ISO 3166-2 subdivision.</summary>
public sealed record Jurisdiction(string Code, string Zh, string En, string? Parent);

/// <summary>
/// The jurisdictions the knowledge base knows by name: China with all its ISO 3166-2 subdivisions, the countries,
/// states and provinces its records come from, the European Union and its member states. A record must use one of
/// these, so that every jurisdiction listed by the API has a name. XK is Kosovo's user-assigned code, EU the
/// European Union's (neither is in ISO 3166-1).
/// </summary>
public static class Jurisdictions
{
    public static readonly IReadOnlyDictionary<string, Jurisdiction> All = new Jurisdiction[]
    {
        new("CN", "中国", "China", null),
        new("CN-AH", "安徽省", "Anhui", "CN"), new("CN-BJ", "北京市", "Beijing", "CN"),
        new("CN-CQ", "重庆市", "Chongqing", "CN"), new("CN-FJ", "福建省", "Fujian", "CN"),
        new("CN-GD", "广东省", "Guangdong", "CN"), new("CN-GS", "甘肃省", "Gansu", "CN"),
        new("CN-GX", "广西壮族自治区", "Guangxi", "CN"), new("CN-GZ", "贵州省", "Guizhou", "CN"),
        new("CN-HA", "河南省", "Henan", "CN"), new("CN-HB", "湖北省", "Hubei", "CN"),
        new("CN-HE", "河北省", "Hebei", "CN"), new("CN-HI", "海南省", "Hainan", "CN"),
        new("CN-HK", "香港特别行政区", "Hong Kong", "CN"), new("CN-HL", "黑龙江省", "Heilongjiang", "CN"),
        new("CN-HN", "湖南省", "Hunan", "CN"), new("CN-JL", "吉林省", "Jilin", "CN"),
        new("CN-JS", "江苏省", "Jiangsu", "CN"), new("CN-JX", "江西省", "Jiangxi", "CN"),
        new("CN-LN", "辽宁省", "Liaoning", "CN"), new("CN-MO", "澳门特别行政区", "Macao", "CN"),
        new("CN-NM", "内蒙古自治区", "Inner Mongolia", "CN"), new("CN-NX", "宁夏回族自治区", "Ningxia", "CN"),
        new("CN-QH", "青海省", "Qinghai", "CN"), new("CN-SC", "四川省", "Sichuan", "CN"),
        new("CN-SD", "山东省", "Shandong", "CN"), new("CN-SH", "上海市", "Shanghai", "CN"),
        new("CN-SN", "陕西省", "Shaanxi", "CN"), new("CN-SX", "山西省", "Shanxi", "CN"),
        new("CN-TJ", "天津市", "Tianjin", "CN"), new("CN-TW", "台湾省", "Taiwan", "CN"),
        new("CN-XJ", "新疆维吾尔自治区", "Xinjiang", "CN"), new("CN-XZ", "西藏自治区", "Tibet", "CN"),
        new("CN-YN", "云南省", "Yunnan", "CN"), new("CN-ZJ", "浙江省", "Zhejiang", "CN"),
        new("KZ", "哈萨克斯坦", "Kazakhstan", null),
        new("RU", "俄罗斯", "Russia", null), new("RU-IRK", "伊尔库茨克州", "Irkutsk Oblast", "RU"),
        new("KG", "吉尔吉斯斯坦", "Kyrgyzstan", null), new("UZ", "乌兹别克斯坦", "Uzbekistan", null),
        new("TJ", "塔吉克斯坦", "Tajikistan", null), new("BY", "白俄罗斯", "Belarus", null),
        new("IR", "伊朗", "Iran", null), new("MN", "蒙古国", "Mongolia", null),
        new("US", "美国", "United States", null),
        new("US-AR", "阿肯色州", "Arkansas", "US"), new("US-MT", "蒙大拿州", "Montana", "US"),
        new("US-NY", "纽约州", "New York", "US"), new("US-TX", "得克萨斯州", "Texas", "US"),
        new("CA", "加拿大", "Canada", null),
        new("CA-BC", "不列颠哥伦比亚省", "British Columbia", "CA"), new("CA-MB", "马尼托巴省", "Manitoba", "CA"),
        new("CA-QC", "魁北克省", "Quebec", "CA"),
        new("EU", "欧洲联盟", "European Union", null),
        new("AT", "奥地利", "Austria", null), new("BE", "比利时", "Belgium", null), new("BG", "保加利亚", "Bulgaria", null),
        new("CY", "塞浦路斯", "Cyprus", null), new("CZ", "捷克", "Czechia", null), new("DE", "德国", "Germany", null),
        new("DK", "丹麦", "Denmark", null), new("EE", "爱沙尼亚", "Estonia", null), new("ES", "西班牙", "Spain", null),
        new("FI", "芬兰", "Finland", null), new("FR", "法国", "France", null), new("GR", "希腊", "Greece", null),
        new("HR", "克罗地亚", "Croatia", null), new("HU", "匈牙利", "Hungary", null), new("IE", "爱尔兰", "Ireland", null),
        new("IT", "意大利", "Italy", null), new("LT", "立陶宛", "Lithuania", null), new("LU", "卢森堡", "Luxembourg", null),
        new("LV", "拉脱维亚", "Latvia", null), new("MT", "马耳他", "Malta", null), new("NL", "荷兰", "Netherlands", null),
        new("PL", "波兰", "Poland", null), new("PT", "葡萄牙", "Portugal", null), new("RO", "罗马尼亚", "Romania", null),
        new("SE", "瑞典", "Sweden", null), new("SI", "斯洛文尼亚", "Slovenia", null), new("SK", "斯洛伐克", "Slovakia", null),
        new("NO", "挪威", "Norway", null), new("XK", "科索沃", "Kosovo", null),
        new("PY", "巴拉圭", "Paraguay", null), new("ET", "埃塞俄比亚", "Ethiopia", null),
    }.ToDictionary(j => j.Code, StringComparer.Ordinal);

    /// <summary>
    /// The code and the places above it, whose law also applies there: CN-SC gives CN-SC and CN. A subdivision code
    /// the service has no name for still has its country above it.
    /// </summary>
    public static IEnumerable<string> SelfAndAncestors(string code)
    {
        for (string? current = code; current is not null;
             current = All.TryGetValue(current, out var known) ? known.Parent : current.Contains('-') ? current.Split('-')[0] : null)
        {
            yield return current;
        }
    }

    /// <summary>
    /// When each member state joined the European Union, counting membership of the European Communities from their
    /// founding (1958-01-01), since EU law continues theirs. The 27 members as of the knowledge base's date.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, DateOnly> EuMembers = new Dictionary<string, DateOnly>(StringComparer.Ordinal)
    {
        ["BE"] = new(1958, 1, 1), ["DE"] = new(1958, 1, 1), ["FR"] = new(1958, 1, 1), ["IT"] = new(1958, 1, 1),
        ["LU"] = new(1958, 1, 1), ["NL"] = new(1958, 1, 1),
        ["DK"] = new(1973, 1, 1), ["IE"] = new(1973, 1, 1),
        ["GR"] = new(1981, 1, 1),
        ["ES"] = new(1986, 1, 1), ["PT"] = new(1986, 1, 1),
        ["AT"] = new(1995, 1, 1), ["FI"] = new(1995, 1, 1), ["SE"] = new(1995, 1, 1),
        ["CY"] = new(2004, 5, 1), ["CZ"] = new(2004, 5, 1), ["EE"] = new(2004, 5, 1), ["HU"] = new(2004, 5, 1),
        ["LT"] = new(2004, 5, 1), ["LV"] = new(2004, 5, 1), ["MT"] = new(2004, 5, 1), ["PL"] = new(2004, 5, 1),
        ["SI"] = new(2004, 5, 1), ["SK"] = new(2004, 5, 1),
        ["BG"] = new(2007, 1, 1), ["RO"] = new(2007, 1, 1),
        ["HR"] = new(2013, 7, 1),
    };

    /// <summary>
    /// Whose law applies in <paramref name="code"/>: the place and the places above it, and the European Union for a
    /// member state (on <paramref name="on"/>, when given, only if it had joined by then): SE gives SE and EU.
    /// </summary>
    public static IEnumerable<string> WhoseLawApplies(string code, DateOnly? on)
    {
        foreach (var place in SelfAndAncestors(code))
        {
            yield return place;
            if (EuMembers.TryGetValue(place, out var joined) && (on is null || on >= joined))
            {
                yield return "EU";
            }
        }
    }
}
