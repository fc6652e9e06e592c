using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RegulationApi.Data;
using RegulationApi.Infrastructure;

namespace RegulationApi.Mcp;

/// <summary>
/// Runs before every tool: holds the arguments to the tool's own input schema, as the API holds a query to its
/// parameters, and turns what a tool throws into a tool error worded as the API's problem would be. So a call never
/// fails with the SDK's bare "An error occurred" and the model always learns what to correct.
/// </summary>
internal static class ToolCallFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool && Check(tool.ProtocolTool.InputSchema, context.Params!) is { Count: > 0 } errors)
            {
                return ToolResults.Invalid(errors);
            }

            try
            {
                return await next(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var services = context.Services!;
                var (status, detail, unavailable) = ProblemExceptionHandler.Classify(e, requestAborted: false, services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolCallFilter));
                if (status == StatusCodes.Status500InternalServerError)
                {
                    logger.LogError(e, "Unhandled exception in MCP tool {Tool}", context.Params?.Name);
                }
                else
                {
                    logger.LogWarning("{Status} in MCP tool {Tool}: {Message}", status, context.Params?.Name, e.Message);
                }

                if (unavailable)
                {
                    services.GetRequiredService<DatabaseHealth>().IsDown = true;
                }

                return ToolResults.Error(detail ?? "The call failed.");
            }
        };

    /// <summary>
    /// The arguments' problems by name: unknown names, missing required ones, and values of the wrong JSON type. Values
    /// stay text, as in a query string, so that the API's validators judge them: a number or boolean given for text is
    /// taken as its text, and a single text for a list as a list of one.
    /// </summary>
    internal static Dictionary<string, string[]> Check(JsonElement schema, CallToolRequestParams call)
    {
        var properties = schema.TryGetProperty("properties", out var declared)
            ? declared.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];
        var errors = new Dictionary<string, string[]>();
        var arguments = call.Arguments ??= new Dictionary<string, JsonElement>();
        foreach (var (name, value) in arguments.ToList())
        {
            if (!properties.TryGetValue(name, out var property))
            {
                errors[name] = [properties.Count == 0
                    ? "is not a parameter of this tool, which takes none"
                    : "is not a parameter of this tool; it takes " + string.Join(", ", properties.Keys)];
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var types = TypesOf(property);
            if (types.Contains("array"))
            {
                if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(IsScalar))
                {
                    arguments[name] = JsonSerializer.SerializeToElement(value.EnumerateArray().Select(Text).ToArray());
                }
                else if (IsScalar(value))
                {
                    arguments[name] = JsonSerializer.SerializeToElement(new[] { Text(value) });
                }
                else
                {
                    errors[name] = ["must be a list of texts"];
                }
            }
            else if (types.Contains("string"))
            {
                if (IsScalar(value))
                {
                    arguments[name] = JsonSerializer.SerializeToElement(Text(value));
                }
                else
                {
                    errors[name] = ["must be a text"];
                }
            }
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    errors[name] = ["is required"];
                }
            }
        }

        return errors;
    }

    private static HashSet<string> TypesOf(JsonElement property) => property.TryGetProperty("type", out var type)
        ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet() : [type.GetString()!]
        : [];

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    /// <summary>A scalar as it would be written in a query string: a text as it is, a number or boolean as written.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
