using ModelContextProtocol.AspNetCore;
using RegulationApi.Infrastructure;

namespace RegulationApi.Mcp;

/// <summary>The Model Context Protocol server at /mcp (streamable HTTP) for AI assistants: the read API as tools.</summary>
public static class McpEndpoints
{
    public const string Path = "/mcp";

    private const string Instructions =
        "A bilingual (Chinese and English) knowledge base of crypto-mining regulation and court rulings, China above all. " +
        "Find records with search_records (full text and filters) or in_force_on (what applied in a place on a date), read one " +
        "with get_record and follow its links with related_records; records_per_year counts. Cite each record's sources[].url " +
        "and say when its verification is not confirmed. Read-only.";

    public static IHostApplicationBuilder AddMcpTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "RegulationApi", Version = "1.0" };
                options.ServerInstructions = Instructions;
            })
            // Stateless: each POST stands alone, so any instance behind a proxy can answer it, and nothing is held between calls.
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<RecordTools>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolCallFilter.Filter));
        return builder;
    }

    /// <summary>
    /// Under the read API's rate limit (every MCP call is a read). It speaks JSON-RPC, not the REST contract, so it stays
    /// out of the OpenAPI document.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpTools(this IEndpointRouteBuilder app) =>
        app.MapMcp(Path).ExcludeFromDescription().RequireRateLimiting(RateLimits.Reads);
}
