using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using RegulationApi.Model;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>
/// JSON as stored or assembled from stored record documents, written as it is with its strong ETag (a 200 unless
/// said otherwise). It declares <typeparamref name="T"/> as its schema, so the OpenAPI document describes it like any
/// typed result; curation answers with it too, so a client can change the record again at once.
/// </summary>
public class StoredJson<T>(ReadOnlyMemory<byte> utf8, int statusCode = StatusCodes.Status200OK, string? location = null) : IResult, IEndpointMetadataProvider
{
    public StoredJson(string json)
        : this(System.Text.Encoding.UTF8.GetBytes(json))
    {
    }

    /// <summary>The body as it is sent (the MCP tools answer with the same bytes).</summary>
    public ReadOnlyMemory<byte> Utf8 => utf8;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // The body is already in hand: tag it here, so the ETag middleware need not copy it to hash it.
        var etag = Infrastructure.ETags.Of(utf8.Span);
        httpContext.Response.Headers.ETag = etag;
        if (statusCode == StatusCodes.Status200OK && HttpMethods.IsGet(httpContext.Request.Method)
            && Infrastructure.ETags.Matches(httpContext.Request.Headers.IfNoneMatch, etag))
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8.Length;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        await httpContext.Response.Body.WriteAsync(utf8, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status200OK);

    protected static void Declare(EndpointBuilder builder, int status)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(T), ["application/json"]));
        builder.Metadata.Add(Infrastructure.TagsItsOwnBody.Instance);
    }
}

/// <summary>A record just created: a 201 with its Location, as stored.</summary>
public sealed class CreatedJson<T>(string json, string location)
    : StoredJson<T>(System.Text.Encoding.UTF8.GetBytes(json), StatusCodes.Status201Created, location), IEndpointMetadataProvider
{
    public static new void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status201Created);
}

public static class StoredJson
{
    /// <summary>A page: the documents as stored, then the exact total, the next cursor and the facets asked for.</summary>
    public static StoredJson<PagedResult<RecordDocument>> Page(List<string> documents, long total, string? nextCursor, Dictionary<string, List<FacetCount>>? facets) =>
        new(Write(Utf8Size(documents) + 1024, writer =>
        {
            writer.WriteStartObject();
            WriteDocuments(writer, "items", documents);
            writer.WriteNumber("total", total);
            writer.WriteString("nextCursor", nextCursor);
            if (facets is not null)
            {
                writer.WritePropertyName("facets");
                JsonSerializer.Serialize(writer, facets, RecordJson.Document);
            }

            writer.WriteEndObject();
        }));

    public static StoredJson<RelatedResponse> Related(List<(string Direction, string Type, string Document)> items) =>
        new(Write(Utf8Size(items.Select(i => i.Document)) + 128 * items.Count + 64, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var (direction, type, document) in items)
            {
                writer.WriteStartObject();
                writer.WriteString("direction", direction);
                writer.WriteString("type", type);
                writer.WritePropertyName("record");
                writer.WriteRawValue(document, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));

    private static void WriteDocuments(Utf8JsonWriter writer, string name, List<string> documents)
    {
        writer.WriteStartArray(name);
        foreach (var document in documents)
        {
            // Written by the import from a validated RecordDocument: valid JSON, written as it is.
            writer.WriteRawValue(document, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    /// <summary>The bytes the documents take, so that a page's buffer is allocated once, at its size.</summary>
    private static int Utf8Size(IEnumerable<string> documents) => documents.Sum(System.Text.Encoding.UTF8.GetByteCount);

    private static ReadOnlyMemory<byte> Write(int size, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = RecordJson.Document.Encoder, SkipValidation = true }))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }
}
