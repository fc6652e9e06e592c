using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Model;
using RegulationApi.Writes;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>Examples of the response bodies; the record is a real one, read from the seed the service imports.</summary>
internal static class SchemaExamples
{
    /// <summary>The record every example names (paths, problems, the record itself).</summary>
    public const string RecordId = "cn-ndrc-2021-1283";

    /// <summary>The instant examples give as a record's updatedAt (a seed file has none; the service sets it).</summary>
    public const string UpdatedAt = "2026-11-24T12:00:00Z";

    public static OpenApiOptions AddSchemaExamples(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var example = context.JsonTypeInfo.Type.Name switch
            {
                nameof(RecordDocument) => Record(context.ApplicationServices),
                "YearStatsResponse" => JsonNode.Parse("""{"items":[{"year":2021,"count":16},{"year":2022,"count":4},{"year":null,"count":6}],"total":26}"""),
                "JurisdictionsResponse" => JsonNode.Parse("""{"items":[{"code":"CN-SC","name":{"zh":"四川省","en":"Sichuan"},"parent":"CN","count":3}]}"""),
                _ => null,
            };
            if (example is not null)
            {
#pragma warning disable CS0618 // Microsoft.OpenApi 2.13 prefers Examples; Example keeps the document's "example".
                schema.Example = example;
#pragma warning restore CS0618
            }

            return Task.CompletedTask;
        });

    /// <summary>The seed's <see cref="RecordId"/>, as GET /api/v1/records/{id} serves it; none when the seed is not there.</summary>
    private static JsonNode? Record(IServiceProvider services)
    {
        var folder = SeedFiles.Folder(services.GetRequiredService<IOptions<DatabaseOptions>>().Value, services.GetRequiredService<IHostEnvironment>());
        var file = folder is null ? null : SeedFiles.Expand([folder]).FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == RecordId);
        if (file is null || JsonSerializer.Deserialize<RecordDocument>(File.ReadAllText(file), RecordJson.Import) is not { } record)
        {
            return null;
        }

        var updatedAt = DateTime.Parse(UpdatedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        return JsonNode.Parse(RecordRow.From(record).Document(updatedAt));
    }
}
