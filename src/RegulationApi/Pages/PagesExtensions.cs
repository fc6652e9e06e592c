using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace RegulationApi.Pages;

public static class PagesExtensions
{
    /// <summary>The Razor component renderer for the pages, and compression of HTML, CSS and SVG (not of the API's JSON).</summary>
    public static IServiceCollection AddRegulationPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Chinese, Cyrillic and Persian as characters, not &#x…; references (a third of a page's bytes otherwise);
        // markup-significant characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
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
