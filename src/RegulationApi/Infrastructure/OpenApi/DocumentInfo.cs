using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

internal static class DocumentInfo
{
    /// <summary>The title and description, a description for every tag, and the server as this request's own origin.</summary>
    public static OpenApiOptions AddDocumentInfo(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "RegulationApi",
                Version = "v1",
                Description = "Sourced, bilingual records of crypto-mining regulation (China's 2021 bans and provincial " +
                              "measures, Kazakhstan's 2023 law and mining fee) and the Chinese court rulings that void mining contracts. " +
                              "Every error is an RFC 9457 problem (application/problem+json) with a traceId.",
                Contact = new OpenApiContact { Name = "RegulationApi maintainers" },
            };
            DescribeTags(document);
            // A trailing slash would double the one every path starts with.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url is { Length: > 1 } url ? url.TrimEnd('/') : server.Url;
            }

            return Task.CompletedTask;
        });

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Records"] = "Regulations and court rulings: full-text search with filters and exact totals, one record, and the records linked to it.",
        ["Statistics"] = "Counts over the knowledge base: records per year for any filter, and the jurisdictions present.",
        ["Health"] = "Liveness and readiness probes for orchestrators and load balancers.",
    };

    /// <summary>Every tag an operation has, declared once with a description (a new tag's is its operations' summaries).</summary>
    private static void DescribeTags(OpenApiDocument document)
    {
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).ToList();
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var name in operations.SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).OfType<string>().Distinct())
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is not { } tag)
            {
                tag = new OpenApiTag { Name = name };
                document.Tags.Add(tag);
            }

            tag.Description ??= TagDescriptions.GetValueOrDefault(name)
                ?? string.Join("; ", operations.Where(o => o.Tags!.Any(t => t.Name == name)).Select(o => o.Summary)) + ".";
        }
    }
}
