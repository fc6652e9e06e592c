using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>
/// The problems any request can get before it reaches an endpoint, declared on every operation: 414 and 431 (the
/// service's <see cref="RequestLimits"/>, or Kestrel's beyond them) and the 400 of a request the server could not read
/// (<see cref="RejectionProblems"/>). Kestrel's refusals have no instance: the schema <c>RequestRejection</c> is a
/// problem whose instance is optional.
/// </summary>
public static class ServerErrorResponses
{
    private const string SchemaName = "RequestRejection";

    public static OpenApiOptions AddServerErrorResponses(this OpenApiOptions options) => options
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[SchemaName] = Schema;
            return Task.CompletedTask;
        })
        .AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            var rejection = new OpenApiSchemaReference(SchemaName, context.Document);
            Add(operation, "414", "The request target is longer than the service reads (RequestLimits:MaxTargetBytes, 8 KB by default).", rejection, TooLongExample);
            Add(operation, "431", "The request headers are larger than the service reads (RequestLimits:MaxHeaderBytes, 32 KB by default), or too many.",
                rejection, TooLargeExample);
            if (operation.Responses.GetValueOrDefault("400") is OpenApiResponse { Content: { } content } bad
                && content.TryGetValue("application/problem+json", out var problem) && problem.Schema is { } schema)
            {
                // The operation's own 400 (a validation problem), or the server's.
                problem.Schema = new OpenApiSchema { AnyOf = [schema, rejection] };
                bad.Description += " Or the server could not read the request (a malformed request line or header, such as %00 in the path): " +
                                   "then a problem without errors or instance.";
            }
            else
            {
                Add(operation, "400", "The server could not read the request: a malformed request line or header, such as %00 in the path.",
                    rejection, BadRequestExample);
            }

            return Task.CompletedTask;
        });

    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema, string example) =>
        operation.Responses![status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = schema, Example = JsonNode.Parse(example) },
            },
        };

    private static readonly OpenApiSchema Schema = new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem of a request refused before any endpoint read it; instance is absent when the server could not read the path. " +
                      "No other member, so that a validation problem (with errors) is never taken for one.",
        AdditionalPropertiesAllowed = false,
        Required = new HashSet<string> { "type", "title", "status", "detail", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI that identifies the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path, when it could be read." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting the problem." },
        },
    };

    private const string TooLongExample = """
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.15","title":"URI Too Long","status":414,
         "detail":"The request target (path and query string) is 9,018 bytes, longer than the 8,192 this API reads.","instance":"/api/v1/records",
         "traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
        """;

    private const string TooLargeExample = """
        {"type":"https://tools.ietf.org/html/rfc6585#section-5","title":"Request Header Fields Too Large","status":431,
         "detail":"The request headers take 40,069 bytes, more than the 32,768 this API reads.","instance":"/api/v1/records",
         "traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
        """;

    private const string BadRequestExample = """
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","status":400,
         "detail":"The server could not read the request: its request line or a header is malformed (a %00 in the path, say).",
         "traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"}
        """;
}
