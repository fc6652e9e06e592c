
namespace RegulationApi.Infrastructure;

/// <summary>
/// HEAD on every GET resource (RFC 9110 §9.3.2): the same status and headers as the GET, and no body. The GET's own
/// endpoint answers it, through the same filters, validation and rate limit (a read); <see cref="ETagMiddleware"/>
/// gives the ETag, a 304 and the Content-Length; and the server sends no body for a HEAD (Kestrel drops what the
/// handler writes).
/// </summary>
public static class HeadRequests
{
    private static readonly object HeadKey = new();

    /// <summary>
    /// From the output cache in, a HEAD is run as the GET it describes: it shares the GET's cache entry, so its ETag is
    /// the GET's even where a body is never the same twice (a next-page cursor is sealed afresh on each rendering).
    /// </summary>
    public static void UseHeadAsGet(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Items[HeadKey] = true;
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
        }
    });

    /// <summary>Whether the request is a HEAD, also where it runs as a GET: a handler may then skip a body it would only stream.</summary>
    public static bool IsHead(HttpContext context) => HttpMethods.IsHead(context.Request.Method) || context.Items.ContainsKey(HeadKey);

    /// <summary>Each GET endpoint of the builder answers HEAD too.</summary>
    public static TBuilder AnswerHead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // The last method metadata is the one routing and the OpenAPI document use.
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Any(HttpMethods.IsGet) && !methods.HttpMethods.Any(HttpMethods.IsHead))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
