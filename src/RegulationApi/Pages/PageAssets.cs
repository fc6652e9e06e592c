using System.Security.Cryptography;

namespace RegulationApi.Pages;

/// <summary>
/// The pages' only assets, a stylesheet and an icon, embedded in the assembly and served by the service itself. Their
/// paths carry a hash of their content, so browsers keep them for a year and a new build is a new path.
/// </summary>
public static class PageAssets
{
    private static readonly byte[] Css = Read("site.css");
    private static readonly byte[] Svg = Read("icon.svg");

    public static string StylesheetPath { get; } = $"/assets/site.{Hash(Css)}.css";

    public static string IconPath { get; } = $"/assets/icon.{Hash(Svg)}.svg";

    public static IResult Stylesheet(HttpContext http) => Asset(http, Css, "text/css; charset=utf-8");

    public static IResult Icon(HttpContext http) => Asset(http, Svg, "image/svg+xml");

    private static IResult Asset(HttpContext http, byte[] content, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Bytes(content, contentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("RegulationApi.Pages.Assets." + name)
            ?? throw new InvalidOperationException($"The page asset {name} is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content)[..6]);
}
