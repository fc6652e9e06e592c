using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace RegulationApi.Infrastructure;

/// <summary>Request limits (section "RequestLimits").</summary>
public sealed class RequestLimitSettings
{
    /// <summary>
    /// The largest request body accepted, in bytes. A record is a few KB, so 1 MB leaves room for any record and
    /// refuses anything else before it is buffered (Kestrel's own default is 30 MB).
    /// </summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

public static class RequestLimits
{
    /// <summary>
    /// Kestrel refuses a larger body as it is read: a declared Content-Length at once, a chunked body when it
    /// passes the limit. Either way the answer is a 413 problem (from the endpoint's body binding through the status
    /// code pages, or from a handler's own read through <see cref="ProblemExceptionHandler"/>).
    /// </summary>
    public static IServiceCollection AddRegulationRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitSettings>().BindConfiguration("RequestLimits");
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        return services;
    }
}
