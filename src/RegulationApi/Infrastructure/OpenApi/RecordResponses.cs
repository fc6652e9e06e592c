using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>What GET /api/v1/records answers besides a page of records: the change feed's tombstones, and the exports.</summary>
internal static class RecordResponses
{
    /// <summary>The change feed's pages hold tombstones beside records.</summary>
    public static OpenApiOptions AddChangeFeedSchemas(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas["Tombstone"] = Tombstone();
            if (document.Components.Schemas.TryGetValue("PagedResultOfRecordDocument", out var pageSchema) && pageSchema is OpenApiSchema page
                && page.Properties is not null && page.Properties.TryGetValue("items", out var itemsSchema) && itemsSchema is OpenApiSchema items)
            {
                items.Items = new OpenApiSchema
                {
                    AnyOf = [new OpenApiSchemaReference("RecordDocument", document), new OpenApiSchemaReference("Tombstone", document)],
                    Description = "A record; in the change feed (updatedSince, sort=updated), a deleted record is a tombstone.",
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>The CSV and NDJSON exports as further media types of the 200 (<see cref="ExportMediaTypes"/>).</summary>
    public static OpenApiOptions AddExportMediaTypes(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ExportMediaTypes>().FirstOrDefault() is not { } export
                || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok)
            {
                return Task.CompletedTask;
            }

            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in export.Types)
            {
                ok.Content[type] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = type == "text/csv"
                            ? "format=csv or Accept: text/csv: every match, one row per record (UTF-8 with a byte order mark; columns as the README lists)."
                            : "format=ndjson or Accept: application/x-ndjson: every match, one record per line, as GET /api/v1/records/{id} returns it.",
                    },
                };
            }

            return Task.CompletedTask;
        });

    private static OpenApiSchema Tombstone() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A record deleted through the curation API, as the change feed lists it.",
        Required = new HashSet<string> { "id", "deleted", "deletedAt", "updatedAt" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The deleted record's id." },
            ["deleted"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Always true." },
            ["deletedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            ["updatedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "The deletion's place in the change feed." },
        },
#pragma warning disable CS0618 // Microsoft.OpenApi 2.13 prefers Examples; Example keeps the document's "example".
        Example = new JsonObject
        {
            ["id"] = "cn-example-2021-1", ["deleted"] = true, ["deletedAt"] = SchemaExamples.UpdatedAt, ["updatedAt"] = SchemaExamples.UpdatedAt,
        },
#pragma warning restore CS0618
    };
}
