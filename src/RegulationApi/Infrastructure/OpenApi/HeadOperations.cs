using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>
/// The HEAD operation of every GET (<see cref="HeadRequests"/>) in the document: the GET's parameters and responses,
/// with an operationId of its own (the GET's, with "Head"), and no response content, since a HEAD has no body. The
/// headers that are the point of a HEAD are declared on its 200.
/// </summary>
public static class HeadOperations
{
    public static OpenApiOptions AddHeadOperations(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (HttpMethods.IsHead(context.Description.HttpMethod ?? ""))
            {
                Describe(operation);
            }

            return Task.CompletedTask;
        });

    private static void Describe(OpenApiOperation operation)
    {
        operation.OperationId += "Head";
        operation.Summary = operation.Summary is { } summary ? summary + " (headers only)" : null;
        operation.Description = "The status and headers GET would send (ETag, Content-Type, Content-Length where known, Link), and no body; " +
                                "a 304 for a matching If-None-Match. " + operation.Description;
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the If-None-Match ETag is the current one." };
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            response.Content = null;
        }

        if (operation.Responses.GetValueOrDefault("200") is not OpenApiResponse ok)
        {
            return;
        }

        ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
        ok.Headers["ETag"] = new OpenApiHeader
        {
            Description = "The strong ETag GET's body has (none on an export, which streams).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = JsonValue.Create("\"gaSqYidMsYVdqELmPKPisA\""),
        };
        ok.Headers["Content-Length"] = new OpenApiHeader
        {
            Description = "The length of GET's body, in bytes (none on an export, which streams).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
        };
        if (operation.Parameters?.Any(p => p is { In: ParameterLocation.Query, Name: "cursor" }) == true)
        {
            ok.Headers["Link"] = new OpenApiHeader
            {
                Description = "The next page (rel=\"next\"), when there is one.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }
}
