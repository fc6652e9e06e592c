using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RegulationApi.Model;

/// <summary>The JSON rules of seed files and import: camelCase, strict about unknown and null members.</summary>
public static partial class RecordJson
{
    public static JsonSerializerOptions Import => RecordJsonContext.Default.Options;

    /// <summary>The API's own JSON: camelCase, every field present, Chinese as characters.</summary>
    public static readonly JsonSerializerOptions Document = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The record's contract comes from the source generator (a bulk import writes a million of them); anything else by reflection.
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            RecordJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The field and a reader's message for a System.Text.Json error, without .NET type names or positions.</summary>
    public static (string? Field, string Message) Describe(JsonException e)
    {
        var field = e.Path is null or "$" ? null : e.Path.TrimStart('$', '.');
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        if (MissingProperty().Match(message) is { Success: true } missing)
        {
            return (field is null ? missing.Groups[1].Value : $"{field}.{missing.Groups[1].Value}", "is required");
        }

        if (message.Contains("DateOnly", StringComparison.Ordinal)
            || field?.Split('.')[^1] is "issued" or "published" or "effective" or "repealed" or "decided")
        {
            return (field, "must be a full date written YYYY-MM-DD, or null");
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return (field, "is not a field of the record format");
        }

        return (field, message.Contains("System.", StringComparison.Ordinal) ? "has a value of the wrong type" : message);
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperty();
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
