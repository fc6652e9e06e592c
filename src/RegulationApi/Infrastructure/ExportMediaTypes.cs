using Microsoft.Net.Http.Headers;

namespace RegulationApi.Infrastructure;

/// <summary>The media types an endpoint's 200 may also have: the exports.</summary>
public sealed record ExportMediaTypes(string[] Types)
{
    /// <summary>csv or ndjson when the Accept header asks for it (and not for JSON first); null otherwise.</summary>
    private static string? FormatAccepted(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return null;
        }

        foreach (var type in accepted.OrderByDescending(a => a.Quality ?? 1))
        {
            if (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                return "csv";
            }

            if (type.MediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase))
            {
                return "ndjson";
            }

            if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>csv or ndjson when an export is asked for, by the format parameter or else by Accept; null for a page.</summary>
    public static string? Requested(string? format, HttpRequest request) => format switch
    {
        "csv" or "ndjson" => format,
        null => FormatAccepted(request),
        _ => null,
    };

    /// <summary>Exports are streamed: neither the output cache nor the ETag middleware may hold them in memory.</summary>
    public static bool IsExport(HttpRequest request) => Requested(request.Query["format"], request) is not null;
}
