using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>
/// Query parameters bind as text, so that a bad value is the API's own 400 naming it; the document gives each one
/// the type, range, allowed values and pattern that its validator checks (<see cref="QueryParameters"/>), and an example.
/// </summary>
internal static class ParameterSchemas
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["q"] = "挖矿 contract", ["kind"] = "ruling", ["jurisdiction"] = "CN-SC", ["year"] = "2021", ["yearFrom"] = "2021",
        ["yearTo"] = "2023", ["from"] = "2021-05-01", ["to"] = "2021-12-31", ["topic"] = "contract-validity", ["status"] = "in-force",
        ["authority"] = "人民法院", ["level"] = "court-judgment", ["courtLevel"] = "intermediate", ["outcome"] = "contract-void",
        ["sort"] = "date", ["limit"] = "20", ["facets"] = "year", ["inForceOn"] = "2021-07-01", ["appliesIn"] = "CN-SC",
        ["updatedSince"] = "2026-11-24T12:00:00Z", ["format"] = "csv",
    };

    public static OpenApiOptions AddParameterSchemas(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var query = QueryParameters.Of(context.Description, context.ApplicationServices);
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter is { In: ParameterLocation.Path, Name: "id" })
                {
                    parameter.Description = $"The record's id, a stable slug such as {SchemaExamples.RecordId}.";
                    parameter.Example = JsonValue.Create(SchemaExamples.RecordId);
                }
                else if (parameter is { In: ParameterLocation.Query, Name: { } name } && query.TryGetValue(name, out var spec))
                {
                    Describe(parameter, spec);
                }
            }

            return Task.CompletedTask;
        });

    private static void Describe(OpenApiParameter parameter, QueryParameter spec)
    {
        var rule = spec.Rule;
        var item = new OpenApiSchema
        {
            Type = rule?.IsInteger == true ? JsonSchemaType.Integer : JsonSchemaType.String,
            Format = rule?.Format,
            Minimum = rule?.Minimum?.ToString(CultureInfo.InvariantCulture),
            Maximum = rule?.Maximum?.ToString(CultureInfo.InvariantCulture),
            Enum = rule?.Allowed?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
            Pattern = rule?.Pattern,
            MaxLength = spec.MaxLength,
            Default = spec.Default is not string value ? null
                : rule?.IsInteger == true ? JsonValue.Create(int.Parse(value, CultureInfo.InvariantCulture)) : JsonValue.Create(value),
        };
        parameter.Required = false;
        parameter.Schema = spec.IsList ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = item } : item;
        if (spec.IsList)
        {
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = true;
        }

        if (Examples.GetValueOrDefault(parameter.Name!) is { } example)
        {
            parameter.Example = item.Type == JsonSchemaType.Integer
                ? JsonValue.Create(int.Parse(example, CultureInfo.InvariantCulture))
                : spec.IsList ? new JsonArray(JsonValue.Create(example)) : JsonValue.Create(example);
        }
    }
}
