using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol.Protocol;
using RegulationApi.Infrastructure;

namespace RegulationApi.Mcp;

/// <summary>What the tools answer: the API's JSON, or a tool error worded as the API's problem.</summary>
internal static class ToolResults
{
    /// <summary>The API's body as it is, as text (what assistants read) and as structured content.</summary>
    public static CallToolResult Json(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = System.Text.Encoding.UTF8.GetString(utf8.Span) }],
            StructuredContent = document.RootElement.Clone(),
        };
    }

    /// <summary>A tool error: the model reads it and can correct its call (an MCP protocol error would not reach it).</summary>
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>The API's validation problem's detail, each parameter named as the tool names it.</summary>
    public static CallToolResult Invalid(IDictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? names = null) =>
        Error(Problems.ValidationDetail(names is null ? errors : errors.ToDictionary(e => names.GetValueOrDefault(e.Key, e.Key), e => e.Value)));

    public static CallToolResult Problem(ProblemHttpResult problem) => Error(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The call failed.");
}
