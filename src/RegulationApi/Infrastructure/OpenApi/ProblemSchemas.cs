using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

internal static class ProblemSchemas
{
    private static readonly string[] Members = ["type", "title", "status", "detail", "instance", "traceId"];

    /// <summary>
    /// The ProblemDetails schema every problem response refers to, and the validation problem's: its generated schema
    /// has every member optional and nullable and no traceId, so a client generated from it could not rely on what
    /// every problem carries.
    /// </summary>
    public static OpenApiOptions AddProblemSchemas(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas["ProblemDetails"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An RFC 9457 problem.",
                Properties = Properties(),
                Required = new HashSet<string>(Members),
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
            {
                schema.Description = "An RFC 9457 problem of a request that is not valid; errors says what is wrong with each parameter or field.";
                schema.Properties = Properties();
                schema.Properties["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    Description = "The problems of each parameter or field, by its name.",
                };
                schema.Required = new HashSet<string>([.. Members, "errors"]);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>The members every problem has (<see cref="Problems.Customize"/> fills them in).</summary>
    private static Dictionary<string, IOpenApiSchema> Properties() => new()
    {
        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI that identifies the kind of problem." },
        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
        ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
        ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting the problem." },
    };
}
