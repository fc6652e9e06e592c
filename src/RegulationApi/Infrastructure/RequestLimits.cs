using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
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

    /// <summary>
    /// The longest request target (path and query string, as sent), in bytes: a 414 problem beyond it. Kestrel's own
    /// default for the whole request line; Kestrel is given twice as much, so that it is this service that refuses.
    /// </summary>
    public int MaxTargetBytes { get; set; } = 8 * 1024;

    /// <summary>The most header bytes (names, values and separators) a request may carry: a 431 problem beyond. Kestrel's default; it is given twice as much.</summary>
    public int MaxHeaderBytes { get; set; } = 32 * 1024;
}

public static class RequestLimits
{
    /// <summary>
    /// Kestrel refuses a larger body as it is read: a declared Content-Length at once, a chunked body when it
    /// passes the limit. Either way the answer is a 413 problem (from the endpoint's body binding through the status
    /// code pages, or from a handler's own read through <see cref="ProblemExceptionHandler"/>). A long request line
    /// or large headers are refused by <see cref="UseRegulationRequestLimits"/>, below Kestrel's own limits; what
    /// Kestrel still refuses itself becomes a problem in <see cref="RejectionProblems"/>.
    /// </summary>
    public static IServiceCollection AddRegulationRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitSettings>().BindConfiguration("RequestLimits")
            .Validate(s => s is { MaxBodyBytes: > 0, MaxTargetBytes: > 0, MaxHeaderBytes: > 0 }, "RequestLimits: every limit must be above 0.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>, ILoggerFactory>((kestrel, settings, loggers) =>
        {
            var limits = settings.Value;
            kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
            // The request line holds the method and version besides the target.
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, 2 * limits.MaxTargetBytes + 64);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(kestrel.Limits.MaxRequestHeadersTotalSize, 2 * limits.MaxHeaderBytes);
            var rejections = new RejectionProblems(kestrel.Limits, loggers.CreateLogger<RejectionProblems>());
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => rejections.OnConnectionAsync(connection, next)));
        });
        return services;
    }

    /// <summary>Refuses a request target or a header set beyond the limits, as a 414 or 431 problem, before anything else reads them.</summary>
    public static WebApplication UseRegulationRequestLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<RequestLimitSettings>>().Value;
        app.Use(async (context, next) =>
        {
            var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            if (target.Length > limits.MaxTargetBytes)
            {
                await RefuseAsync(context, StatusCodes.Status414UriTooLong, string.Create(CultureInfo.InvariantCulture,
                    $"The request target (path and query string) is {target.Length:N0} bytes, longer than the {limits.MaxTargetBytes:N0} this API reads."));
                return;
            }

            // As Kestrel counts them: each field's name and value, and its ": " and CRLF.
            var headerBytes = context.Request.Headers.Sum(h => h.Value.Sum(v => h.Key.Length + (v?.Length ?? 0) + 4));
            if (headerBytes > limits.MaxHeaderBytes)
            {
                await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"The request headers take {headerBytes:N0} bytes, more than the {limits.MaxHeaderBytes:N0} this API reads."));
                return;
            }

            await next(context);
        });
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
