using Microsoft.AspNetCore.Routing;

namespace RegulationApi.Infrastructure;

/// <summary>
/// HEAD on every GET resource (RFC 9110 §9.3.2): the same status and headers as the GET, and no body. The GET's own
/// handler answers it, through the same filters, validation, rate limit (a read) and output cache (HEAD is keyed
/// apart from GET); <see cref="ETagMiddleware"/> gives the ETag, a 304 and the Content-Length, and the server sends
/// no body for a HEAD (Kestrel drops what the handler writes).
/// </summary>
public static class HeadRequests
{
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
