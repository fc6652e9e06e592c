using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>Declaring a problem response on an operation, for every step that adds one.</summary>
internal static class OperationProblems
{
    /// <summary>The response as application/problem+json with this example; a generated schema for it is kept.</summary>
    public static void AddProblem(this OpenApiOperation operation, string status, string description, JsonObject example)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse response && response.Content?.Count > 0)
        {
            // Keep the generated schema, but serve it as problem+json with an example.
            var schema = response.Content.Values.First().Schema;
            response.Content.Clear();
            response.Content["application/problem+json"] = new OpenApiMediaType { Schema = schema, Example = example };
            response.Description = description;
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails"), Example = example },
            },
        };
    }

    /// <summary>The Retry-After header of a 429 or 503.</summary>
    public static void AddRetryAfter(this OpenApiOperation operation, string status)
    {
        var response = (OpenApiResponse)operation.Responses![status];
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        };
    }
}
