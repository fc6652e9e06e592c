using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace RegulationApi.Pages;

public static class PagesExtensions
{
    /// <summary>Compression of the pages' HTML, CSS and SVG (not of the API's JSON); the templates need no services.</summary>
    public static IServiceCollection AddRegulationPages(this IServiceCollection services)
    {
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
