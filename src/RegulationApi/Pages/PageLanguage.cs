using Microsoft.Net.Http.Headers;

namespace RegulationApi.Pages;

/// <summary>
/// The language of a page: <c>lang=zh|en</c> when given, else Chinese when Accept-Language prefers a zh tag, else English.
/// </summary>
public static class PageLanguage
{
    public const string Chinese = "zh";
    public const string English = "en";

    /// <summary>The page's language, or null with <paramref name="problem"/> set when lang= is not zh or en.</summary>
    public static string? Of(HttpRequest request, out string? problem)
    {
        problem = null;
        if (request.Query.TryGetValue("lang", out var given))
        {
            if (given is [var value] && value is Chinese or English)
            {
                return value;
            }

            problem = given.Count > 1 ? "is given more than once; give it once" : "must be zh or en";
            return null;
        }

        return Negotiate(request);
    }

    /// <summary>The language Accept-Language prefers: zh when its most wanted tag is zh (zh-CN, zh-Hans ...), else en.</summary>
    public static string Negotiate(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages))
        {
            return English;
        }

        // Among the tags of the highest quality, the first one written.
        var best = languages.Where(l => l.Value.HasValue && (l.Quality ?? 1) > 0)
            .Select((l, order) => (Tag: l.Value.Value!, Quality: l.Quality ?? 1, Order: order))
            .OrderByDescending(l => l.Quality).ThenBy(l => l.Order).FirstOrDefault();
        return best.Tag is { } tag && (tag.Equals(Chinese, StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
            ? Chinese
            : English;
    }

    /// <summary>The key the output cache varies pages by: the negotiated language when the URL does not name one.</summary>
    public static KeyValuePair<string, string> CacheKey(HttpContext context) =>
        new("page-language", context.Request.Query.ContainsKey("lang") ? "" : Negotiate(context.Request));
}
