using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RegulationApi.Telemetry;

namespace RegulationApi.Infrastructure;

/// <summary>A token bucket: <see cref="PerSecond"/> requests a second, sustained, and up to <see cref="Burst"/> at once.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>Below 1, one request every 1/PerSecond seconds.</summary>
    public double PerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>Rate limits per client (section "RateLimits"); on by default, off for benchmarks that drive the service from one client.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The service answers about 8,000 uncached reads a second on two cores: 200 a second lets one client page
    /// through the whole knowledge base at 20,000 records a second yet take no more than a fortieth of it, and a burst
    /// of 400 is never met by a person, a page of Swagger UI or a script fetching in parallel.
    /// </summary>
    public TokenBucketSettings Reads { get; set; } = new() { PerSecond = 200, Burst = 400 };

    /// <summary>
    /// A write changes the data every client reads (and the search index is rebuilt after it): 2 a second with a burst
    /// of 10 is more than an editor needs, and loading in bulk is the import command's work, in one transaction.
    /// </summary>
    public TokenBucketSettings Writes { get; set; } = new() { PerSecond = 2, Burst = 10 };
}

/// <summary>
/// The two rate-limit policies, each a token bucket per client: the authenticated API key when there is one, else the
/// remote address. A rejected request is a 429 problem with Retry-After in whole seconds.
/// </summary>
public static class RateLimits
{
    /// <summary>Reads (GET, HEAD): generous. Every /api/v1 group has it through <see cref="WithRateLimits"/>.</summary>
    public const string Reads = "reads";

    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE): strict. <see cref="WithRateLimits"/> gives it to every other method of a group;
    /// an endpoint elsewhere takes it with <c>.RequireRateLimiting(RateLimits.Writes)</c>.
    /// </summary>
    public const string Writes = "writes";

    public static IServiceCollection AddRegulationRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration("RateLimits")
            .Validate(s => s.Reads is { PerSecond: > 0, Burst: > 0 } && s.Writes is { PerSecond: > 0, Burst: > 0 },
                "RateLimits: every PerSecond and Burst must be above 0 (RateLimits:Enabled=false turns the limits off).")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddPolicy(Reads, context => TokenBucket(context, Settings(context).Reads));
            options.AddPolicy(Writes, context => TokenBucket(context, Settings(context).Writes));
        });
        return services;
    }

    public static WebApplication UseRegulationRateLimits(this WebApplication app)
    {
        // A request is counted against its API key when authentication ran before: WebApplication runs it first,
        // unless UseAuthentication is called, which must then come before this.
        if (app.Services.GetRequiredService<IOptions<RateLimitSettings>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>Limits each endpoint of the group by its method: GET and HEAD as <see cref="Reads"/>, any other as <see cref="Writes"/>.</summary>
    public static RouteGroupBuilder WithRateLimits(this RouteGroupBuilder group)
    {
        // A group convention runs before the endpoint's own, so an endpoint's RequireRateLimiting still decides.
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var reads = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(reads ? Reads : Writes));
        });
        return group;
    }

    /// <summary>The client a request is counted against: its API key's name once authenticated, else its network.</summary>
    internal static string ClientOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? "key:" + name : "address:" + NetworkOf(context.Connection.RemoteIpAddress);

    /// <summary>An IPv4 address; an IPv6 one by its /64, the block one host holds and can pick any address from.</summary>
    private static string? NetworkOf(IPAddress? address)
    {
        if (address is null || address.IsIPv4MappedToIPv6)
        {
            return address?.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitSettings Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;

    private static RateLimitPartition<string> TokenBucket(HttpContext context, TokenBucketSettings bucket) =>
        RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = Math.Max(1, (int)Math.Round(bucket.PerSecond)),
            ReplenishmentPeriod = bucket.PerSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / bucket.PerSecond),
            AutoReplenishment = true,
            // Refused at once: a queued request would hold its connection while the client waits anyway.
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<RegulationMetrics>()
            .RateLimitRejected(http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
        // Whole seconds (RFC 9110 delay-seconds), at least 1: a client told 0 would retry at once.
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = Problems.TooManyRequestsDetail(seconds),
            },
        });
    }
}
