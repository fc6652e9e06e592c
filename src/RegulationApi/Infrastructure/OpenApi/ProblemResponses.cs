using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>
/// The responses the pipeline, not the handler, gives; declared on every operation they can reach, so that an endpoint
/// added later declares them too. Each has an example from <see cref="ProblemExample"/> that names the operation's own path.
/// </summary>
internal static partial class ProblemResponses
{
    public static OpenApiOptions AddProblemResponses(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context.Description, context.ApplicationServices);
            return Task.CompletedTask;
        });

    private static void Describe(OpenApiOperation operation, ApiDescription description, IServiceProvider services)
    {
        operation.Responses ??= new OpenApiResponses();
        var path = "/" + (description.RelativePath ?? "");
        var instance = RouteParameter().Replace(path, SchemaExamples.RecordId);
        // Declared by WithApiConventions (unknown, repeated or invalid query parameters), or a body that cannot be read.
        if (operation.Responses.ContainsKey("400") || operation.RequestBody is not null)
        {
            operation.AddProblem("400", "A query parameter is unknown, repeated or malformed, or the body is not valid.",
                ProblemExample.Validation(ValidationErrors(operation, description, services), instance));
        }

        if (operation.RequestBody is not null)
        {
            // Kestrel's body size limit, and the body binder's refusal of a media type the operation does not read.
            var limit = services.GetRequiredService<IOptions<RequestLimitSettings>>().Value.MaxBodyBytes;
            operation.AddProblem("413", "The body is larger than the service accepts (RequestLimits:MaxBodyBytes, 1 MB by default).",
                ProblemExample.For(413, Problems.TooLargeDetail(limit), instance));
            operation.AddProblem("415", "The body is not of a media type the operation reads.", ProblemExample.StatusCodePage(415, instance));
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            operation.AddProblem("404", "No record has this id.",
                ProblemExample.For(404, Problems.RecordNotFound("cn-unknown").ProblemDetails.Detail!, RouteParameter().Replace(path, "cn-unknown")));
        }

        // Routing answers any other method on the path with a 405; OpenAPI can only say so on each operation.
        var refused = description.HttpMethod == "DELETE" ? "PATCH" : "DELETE";
        operation.AddProblem("405", "The method is not allowed on this path.",
            ProblemExample.For(405, Problems.MethodNotAllowedDetail(refused, instance, description.HttpMethod ?? ""), instance));
        if (HttpMethods.IsGet(description.HttpMethod ?? ""))
        {
            // Every GET carries a strong ETag; sent back in If-None-Match, an unchanged answer is a 304 without a body.
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the If-None-Match ETag is the current one." };
        }

        operation.AddProblem("500", "An unexpected failure; no stack trace is sent.", ProblemExample.For(500, Problems.UnexpectedDetail, instance));
        // The endpoint's own policy (the last one) decides, as it does for the rate limiter.
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault() is { PolicyName: { } policy }
            && metadata.OfType<DisableRateLimitingAttribute>().LastOrDefault() is null)
        {
            operation.AddProblem("429", $"Too many requests from this client (the {policy} limit); retry after the Retry-After seconds.",
                ProblemExample.For(429, Problems.TooManyRequestsDetail(1), instance));
            operation.AddRetryAfter("429");
        }

        if (description.RelativePath != "health/live")
        {
            operation.AddProblem("503", "The database is unavailable, or did not answer within its time limit (Database:StatementTimeoutSeconds); " +
                                  "retry after the Retry-After seconds.", ProblemExample.For(503, Problems.DatabaseUnavailableDetail, instance));
            operation.AddRetryAfter("503");
        }

        // A handler's bodiless error (TypedResults.Conflict(), a 401 challenge, a 429) gets its problem from status-code pages.
        foreach (var (status, response) in operation.Responses.Where(r => r.Key[0] is '4' or '5' && r.Value.Content is not { Count: > 0 }).ToList())
        {
            operation.AddProblem(status, response.Description ?? ReasonPhrases.GetReasonPhrase(int.Parse(status)), ProblemExample.StatusCodePage(int.Parse(status), instance));
        }
    }

    /// <summary>A malformed year where the operation takes one, else the unknown parameter every /api/v1 operation refuses.</summary>
    private static Dictionary<string, string[]> ValidationErrors(OpenApiOperation operation, ApiDescription description, IServiceProvider services)
    {
        if (QueryParameters.Of(description, services).GetValueOrDefault("year")?.Rule is { } year)
        {
            return new() { ["year"] = [year.Problem] };
        }

        // The operation's parameters in the document's order, as the filter names them.
        var parameters = (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Query && p.Name is not null)
            .ToDictionary(p => p.Name!, p => (p.Name!, false));
        return ApiConventions.QueryProblems(new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["frobnicate"] = "1" }), parameters);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
