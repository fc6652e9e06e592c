namespace RegulationApi.Model;

/// <summary>The contract's controlled vocabularies, in one place for validation and the OpenAPI document.</summary>
public static class Vocabulary
{
    public static readonly string[] Kinds = ["regulation", "ruling"];

    public static readonly string[] Levels =
    [
        "law", "administrative-regulation", "departmental-rule", "departmental-normative-document",
        "local-normative-document", "judicial-interpretation", "party-or-state-council-statement",
        "industry-self-regulation", "foreign-law", "foreign-regulation", "administrative-decision", "court-judgment", "court-ruling",
    ];

    public static readonly string[] Statuses = ["in-force", "amended", "repealed", "expired", "historical", "unknown"];

    public static readonly string[] Topics =
    [
        "mining", "trading", "electricity", "contract-validity", "mining-equipment", "hosting",
        "energy-consumption", "taxation", "licensing", "financial-risk", "stablecoins", "enforcement", "environment",
    ];

    public static readonly string[] RelationTypes = ["implements", "cites", "amends", "repeals", "supersedes", "applies", "appeal-of"];

    public static readonly string[] SourceTypes = ["official", "secondary", "article"];

    public static readonly string[] Verifications = ["confirmed", "partial", "article-only"];

    /// <summary>Court levels in China (basic, intermediate, high people's courts and the SPC).</summary>
    public static readonly string[] ChineseCourtLevels = ["basic", "intermediate", "high", "supreme"];

    /// <summary>Court levels elsewhere: a trial court, an appellate court, the court of last resort.</summary>
    public static readonly string[] OtherCourtLevels = ["trial", "appellate", "supreme"];

    public static readonly string[] CourtLevels = [.. ChineseCourtLevels.Union(OtherCourtLevels)];

    public static readonly string[] Procedures = ["first-instance", "second-instance", "retrial-review", "retrial"];

    public static readonly string[] Outcomes =
    [
        "contract-void", "claim-dismissed", "petition-rejected", "contract-valid", "measure-upheld", "measure-set-aside",
        "injunction-granted", "other",
    ];

    public static readonly string[] Sorts = ["relevance", "date", "date-asc", "updated"];

    /// <summary>json pages; csv and ndjson stream the whole filtered set.</summary>
    public static readonly string[] Formats = ["json", "csv", "ndjson"];

    /// <summary>Active ISO 4217 codes that amounts in dispute may carry.</summary>
    public static readonly HashSet<string> Currencies =
    [
        .. ("AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP " +
            "CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF " +
            "IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD " +
            "MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB " +
            "RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD " +
            "UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL").Split(' '),
    ];
}
