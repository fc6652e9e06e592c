using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

using RegulationApi.Infrastructure;

namespace RegulationApi.Pages;

public static class PagesExtensions
{
    private const string CachePolicy = "pages";

    /// <summary>Caches the pages when output caching is on.</summary>
    public static RouteGroupBuilder WithPageCaching(this RouteGroupBuilder group) => group.CacheOutput(CachePolicy);

    /// <summary>The pages' output-cache policy, and compression of their HTML, CSS and SVG (not of the API's JSON).</summary>
    public static IServiceCollection AddRegulationPages(this IServiceCollection services)
    {
        // The pages are cached as the API's responses, also by the language negotiated from Accept-Language.
        services.AddOutputCache(options => options.AddPolicy(CachePolicy, policy => policy.FollowTheIndex().VaryByValue(PageLanguage.CacheKey)));
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html", "text/css", "image/svg+xml"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // The fastest levels: a page compresses to about a fifth either way, in well under a millisecond.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
