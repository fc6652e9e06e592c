namespace RegulationApi.Tests.Infrastructure;

/// <summary>The contract's paths and the seed records the tests name, in one place.</summary>
public static class Contract
{
    /// <summary>A regulation of the seed with sources, authorities and relations both ways (发改运行〔2021〕1283号).</summary>
    public const string KnownId = "cn-ndrc-2021-1283";

    /// <summary>A regulation repealed by another (银发〔2021〕237号, repealed by 银发〔2026〕42号).</summary>
    public const string RepealedId = "cn-pboc-2021-237";

    /// <summary>Every GET path of the contract, as templates.</summary>
    public static readonly string[] Paths =
    [
        "/api/v1/records",
        "/api/v1/records/{id}",
        "/api/v1/records/{id}/related",
        "/api/v1/stats/years",
        "/api/v1/jurisdictions",
        "/health/live",
        "/health/ready",
    ];

    /// <summary>The contract's data endpoints, with <see cref="KnownId"/> in their paths.</summary>
    public static readonly string[] DataEndpoints =
    [
        .. Paths.Where(p => p.StartsWith("/api/v1", StringComparison.Ordinal)).Select(p => p.Replace("{id}", KnownId, StringComparison.Ordinal)),
    ];
}
