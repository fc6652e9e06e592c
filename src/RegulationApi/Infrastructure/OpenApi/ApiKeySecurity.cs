using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

internal static class ApiKeySecurity
{
    private const string Scheme = "apiKey";

    /// <summary>Curators' writes take an API key (see the keys command); reads take none.</summary>
    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A curator's API key (`RegulationApi keys create NAME`), as Authorization: Bearer KEY. Reads need none.",
            };
            return Task.CompletedTask;
        });
        // The operations that require authorization, as the endpoints declare it.
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
