using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegulationApi.Records;

/// <summary>The JSON rules of seed files and import: camelCase, strict about unknown and null members.</summary>
public static class RecordJson
{
    public static readonly JsonSerializerOptions Import = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field must be an error, not silently dropped data.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        // "2021" is not the number 2021 in a record.
        NumberHandling = JsonNumberHandling.Strict,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };
}
