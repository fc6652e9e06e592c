namespace RegulationApi.Records;

/// <summary>A jurisdiction a record may carry: an ISO 3166-1 country or an ISO 3166-2 subdivision.</summary>
public sealed record Jurisdiction(string Code, string Zh, string En, string? Parent);

/// <summary>
/// The jurisdictions the knowledge base knows by name: China with all its ISO 3166-2 subdivisions,
/// Kazakhstan, and the other countries whose law mining regulation usually cites. A record must use one of these,
/// so that every jurisdiction listed by the API has a name.
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
        new("RU", "俄罗斯", "Russia", null), new("US", "美国", "United States", null),
        new("KG", "吉尔吉斯斯坦", "Kyrgyzstan", null), new("UZ", "乌兹别克斯坦", "Uzbekistan", null),
        new("IR", "伊朗", "Iran", null), new("MN", "蒙古国", "Mongolia", null),
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
}
