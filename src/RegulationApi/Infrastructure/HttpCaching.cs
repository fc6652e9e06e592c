using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RegulationApi.Data;
using RegulationApi.Search;
using RegulationApi.Telemetry;

namespace RegulationApi.Infrastructure;

/// <summary>Output caching (section "OutputCache"); on by default, off for benchmarks of uncached requests.</summary>
public sealed class OutputCacheSettings
{
    public bool Enabled { get; set; } = true;
}

public static class HttpCaching
{
    public static IServiceCollection AddRegulationCaching(this IServiceCollection services)
    {
        services.AddOptions<OutputCacheSettings>().BindConfiguration("OutputCache");
        services.AddOutputCache(options =>
        {
            // Every GET of the API, by its whole query string; evicted whenever a new search index is swapped in.
            options.AddPolicy(SearchIndexHost.CacheTag, policy => policy.FollowTheIndex());
        });
        return services;
    }

    public static WebApplication UseRegulationCaching(this WebApplication app)
    {
        app.UseHeadAsGet();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutputCacheSettings>>().Value.Enabled)
        {
            // The output cache tells nobody when it answers: what passes through it without reaching the middleware
            // right after it was answered from the cache (OutputCacheHits).
            app.UseMiddleware<OutputCacheHits>();
            app.UseOutputCache();
            app.Use(OutputCacheHits.MarkMissed);
        }

        // Inside the output cache, so a cached response keeps its ETag and conditional requests are answered from it too.
        app.UseMiddleware<ETagMiddleware>();
        return app;
    }

    /// <summary>
    /// Cached by the whole query string, evicted whenever a new search index is swapped in, never while the database
    /// is down: the API's policy, which the pages' extends.
    /// </summary>
    public static OutputCachePolicyBuilder FollowTheIndex(this OutputCachePolicyBuilder policy) =>
        policy.Tag(SearchIndexHost.CacheTag).SetVaryByQuery("*").Expire(TimeSpan.FromHours(1)).AddPolicy<OnlyWhileDatabaseUp>()
            // Keyed by the index version too: an answer read from a snapshot that was replaced while it was being
            // written, and stored after the eviction, is then never served for the new one.
            .VaryByValue(context => new KeyValuePair<string, string>(
                "index", context.RequestServices.GetRequiredService<SearchIndexHost>().Current.Version.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Caches the group's responses when output caching is on.</summary>
    public static RouteGroupBuilder WithResponseCaching(this RouteGroupBuilder group)
    {
        group.CacheOutput(SearchIndexHost.CacheTag);
        return group;
    }
}

/// <summary>
/// Counts the output cache's hits: a request that went into the output cache and came back without reaching
/// <see cref="MarkMissed"/>, the step right after it, was answered from a stored response (200, or 304 for its ETag).
/// The one other answer the cache gives itself, 504 to <c>Cache-Control: only-if-cached</c> with nothing stored, is a miss.
/// </summary>
internal sealed class OutputCacheHits(RequestDelegate next, RegulationMetrics metrics)
{
    private static readonly object Missed = new();

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!context.Items.ContainsKey(Missed) && context.Response.StatusCode != StatusCodes.Status504GatewayTimeout)
        {
            metrics.OutputCacheHit();
        }
    }

    public static Task MarkMissed(HttpContext context, RequestDelegate next)
    {
        context.Items[Missed] = null;
        return next(context);
    }
}

/// <summary>
/// A strong ETag, the hash of the body, on every successful GET and HEAD; a matching If-None-Match gets 304 and no body.
/// </summary>
internal sealed class ETagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Stored-document answers tag themselves; so the records list, whose exports stream, is never held here to be hashed.
        if ((!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            || context.GetEndpoint()?.Metadata.GetMetadata<TagsItsOwnBody>() is not null)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new PooledBuffer();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            var etag = buffer.ETag();
            context.Response.Headers.ETag = etag;
            if (Matches(context.Request.Headers.IfNoneMatch, etag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                context.Response.Headers.ContentType = StringValues.Empty;
                return;
            }
        }

        // The length is known, so the answer is not chunked, and a HEAD tells it too (the server sends a HEAD no body).
        if (buffer.Length > 0)
        {
            context.Response.ContentLength ??= buffer.Length;
        }

        await buffer.WriteToAsync(original, context.RequestAborted);
    }

    private static bool Matches(StringValues ifNoneMatch, string etag) => ETags.Matches(ifNoneMatch, etag);
}

/// <summary>Marks an endpoint whose successful answers set their own strong ETag (and answer If-None-Match) from a body in hand.</summary>
public sealed class TagsItsOwnBody
{
    public static TagsItsOwnBody Instance { get; } = new();
}

/// <summary>Strong ETags: the hash of the body. A record's ETag is the hash of its stored document, which GET sends as it is.</summary>
public static class ETags
{
    public static string Of(ReadOnlySpan<byte> body) => FromHash(SHA256.HashData(body));

    /// <summary>The tag of a body whose SHA-256 is <paramref name="sha256"/>: its first 16 bytes, base64url.</summary>
    public static string FromHash(ReadOnlySpan<byte> sha256) =>
        $"\"{Convert.ToBase64String(sha256[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";

    public static string Of(string document) => Of(System.Text.Encoding.UTF8.GetBytes(document));

    /// <summary>Whether an If-None-Match or If-Match header names this ETag (or is "*"); weak tags never match.</summary>
    public static bool Matches(StringValues header, string etag) =>
        EntityTagHeaderValue.TryParseList(header, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && t.Tag.Equals(etag, StringComparison.Ordinal)));
}

/// <summary>
/// While the database is down, answers come from the endpoint (a 503), never from the cache; exports, which stream
/// the whole filtered set, are never cached.
/// </summary>
internal sealed class OnlyWhileDatabaseUp(DatabaseHealth health) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (health.IsDown || ExportMediaTypes.IsExport(context.HttpContext.Request))
        {
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.AllowCacheStorage &= !health.IsDown;
        return ValueTask.CompletedTask;
    }
}
