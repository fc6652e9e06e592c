using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using RegulationApi.Tests.OpenApi;
using Xunit.Sdk;
using Xunit.v3;

[assembly: RegulationApi.Tests.Infrastructure.DeclaredResponsesOnly]

namespace RegulationApi.Tests.Infrastructure;

/// <summary>
/// Holds every response of every test service to its OpenAPI document, whichever test sent the request: the
/// outermost middleware checks each response (status, and the media type of a body) against the service's own
/// document, and the test that was running fails (<see cref="DeclaredResponsesOnlyAttribute"/>), naming the request.
/// </summary>
public static class DeclaredResponses
{
    private static readonly ConcurrentQueue<string> Undeclared = new();

    /// <summary>The undeclared responses sent since the last call.</summary>
    public static List<string> Drain()
    {
        var drained = new List<string>();
        while (Undeclared.TryDequeue(out var response))
        {
            drained.Add(response);
        }

        return drained;
    }

    /// <summary>Outermost, so it sees the status and media type after the exception handler, status-code pages and ETags.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        private Task<ApiDocument>? _document;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await nextMiddleware(context);
                // A request the client gave up on got no response.
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }

                var document = await LazyInitializer.EnsureInitialized(ref _document, () => LoadAsync(app.ApplicationServices));
                var (request, response) = (context.Request, context.Response);
                if (document.Undeclared(request.Method, request.Path, response.StatusCode, response.ContentType) is { } problem)
                {
                    Undeclared.Enqueue($"{request.Method} {request.Path}{request.QueryString} -> {response.StatusCode} {response.ContentType}: {problem}");
                }
            });
            next(app);
        };

        /// <summary>The document as the service generates it (as /openapi/v1.json serves it, but for the servers).</summary>
        private static async Task<ApiDocument> LoadAsync(IServiceProvider services)
        {
            var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
            return new ApiDocument(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1));
        }
    }
}

/// <summary>
/// Fails a test when a response the OpenAPI document does not declare was sent while it ran. Tests run in parallel,
/// so the request may be a neighbour's: the message names each one.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class DeclaredResponsesOnlyAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (DeclaredResponses.Drain() is { Count: > 0 } undeclared)
        {
            throw new XunitException(Message(undeclared, "while this test ran (by it, or by a test running beside it)"));
        }
    }

    public static string Message(List<string> undeclared, string when) =>
        $"{undeclared.Count} response(s) sent {when} are not declared by the OpenAPI document; declare the status, " +
        $"and the media type of its body, on the operation:\n{string.Join("\n", undeclared.Distinct())}";
}
