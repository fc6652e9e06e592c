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
    /// <summary>Every error as a problem: the framework's, the handlers', unhandled exceptions, and whatever the client accepts.</summary>
    public static IHostApplicationBuilder AddProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    public static ProblemHttpResult RecordNotFound(string id) =>
        TypedResults.Problem(detail: $"No record has the id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult RecordDeleted(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: $"The record '{id}' was deleted. Its history is at /api/v1/records/{id}/revisions; a curator can restore it.");

    /// <summary>A validation problem's detail: each parameter named, with what is wrong with it.</summary>
    public static string ValidationDetail(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.Select(e => $"'{e.Key}' {string.Join(" ", e.Value)}."));

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
            HttpValidationProblemDetails validation => ValidationDetail(validation.Errors),
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

/// <summary>
/// Writes the problems that the default writer declines because the client accepts no JSON (only text/csv, say), so
/// that an error is application/problem+json whatever was asked for: never status-code pages' text/plain, nor an
/// empty 500 in place of the exception handler's problem. Registered after the default writer, it only falls back.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        // The type and title the default writer gives this status (a ProblemHttpResult applies the same defaults).
        var defaults = TypedResults.Problem(statusCode: problem.Status).ProblemDetails;
        problem.Type ??= defaults.Type;
        problem.Title ??= defaults.Title;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var response = context.HttpContext.Response;
        return new ValueTask(response.WriteAsJsonAsync(problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), "application/problem+json",
            context.HttpContext.RequestAborted));
    }
}
