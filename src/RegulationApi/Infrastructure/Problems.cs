using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RegulationApi.Infrastructure;

/// <summary>The one error format: RFC 9457 problem details, each with a detail and a traceId.</summary>
public static class Problems
{
    public static ProblemHttpResult RecordNotFound(string id) =>
        TypedResults.Problem(detail: $"No record has the id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult RecordDeleted(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: $"The record '{id}' was deleted. Its history is at /api/v1/records/{id}/revisions; a curator can restore it.");

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        problem.Instance ??= request.Path;
        // The framework knows a type for most statuses; RFC 9457's default for the rest.
        problem.Type ??= problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status428PreconditionRequired => "https://tools.ietf.org/html/rfc6585#section-3",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            _ => "about:blank",
        };
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? 500);
        // ASP.NET gives a type to the common statuses only.
        problem.Type ??= problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            _ => null,
        };
        problem.Detail ??= problem switch
        {
            HttpValidationProblemDetails validation => string.Join(" ", validation.Errors.Select(e => $"'{e.Key}' {string.Join(" ", e.Value)}.")),
            _ => problem.Status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is found at '{request.Path}'.",
                StatusCodes.Status405MethodNotAllowed =>
                    $"{request.Method} is not allowed on '{request.Path}'; allowed: {context.HttpContext.Response.Headers.Allow}.",
                StatusCodes.Status413PayloadTooLarge => string.Create(CultureInfo.InvariantCulture,
                    $"The request body is larger than the {context.HttpContext.RequestServices.GetRequiredService<IOptions<RequestLimitSettings>>().Value.MaxBodyBytes:N0} bytes this API accepts."),
                _ => ReasonPhrases.GetReasonPhrase(problem.Status ?? 500) + ".",
            },
        };
    }
}
