using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegulationApi.Records;

/// <summary>The JSON rules of seed files and import: camelCase, strict about unknown and null members.</summary>
public static class RecordJson
{
    public static JsonSerializerOptions Import => RecordJsonContext.Default.Options;
}

/// <summary>Source-generated, so a bulk import spends its time on the data rather than on reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    // A misspelt field must be an error, not silently dropped data; "2021" is not the number 2021.
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RecordDocument))]
[JsonSerializable(typeof(List<RecordDocument>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RecordJsonContext : JsonSerializerContext;
