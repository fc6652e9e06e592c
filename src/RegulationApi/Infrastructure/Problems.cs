using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
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
        TypedResults.Problem(detail: RecordNotFoundDetail(id), statusCode: StatusCodes.Status404NotFound);

    public static string RecordNotFoundDetail(string id) => $"No record has the id '{id}'.";

    public static ProblemHttpResult RecordDeleted(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: $"The record '{id}' was deleted. Its history is at /api/v1/records/{id}/revisions; a curator can restore it.");

    /// <summary>The type of the statuses ASP.NET gives none (it types the common ones only), or null.</summary>
    public static string? TypeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status408RequestTimeout => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status414UriTooLong => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        StatusCodes.Status428PreconditionRequired => "https://tools.ietf.org/html/rfc6585#section-3",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
        _ => null,
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        problem.Instance ??= request.Path;
        // The framework knows a type for most statuses; this API's (else RFC 9457's default) for the rest.
        problem.Type ??= FallbackType(problem.Status);
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? 500);
        problem.Detail ??= problem switch
        {
            HttpValidationProblemDetails validation => ValidationDetail(validation.Errors),
            _ => problem.Status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is found at '{request.Path}'.",
                StatusCodes.Status405MethodNotAllowed => MethodNotAllowedDetail(request.Method, request.Path, context.HttpContext.Response.Headers.Allow.ToString()),
                StatusCodes.Status413PayloadTooLarge =>
                    TooLargeDetail(context.HttpContext.RequestServices.GetRequiredService<IOptions<RequestLimitSettings>>().Value.MaxBodyBytes),
                _ => ReasonPhrases.GetReasonPhrase(problem.Status ?? 500) + ".",
            },
        };
    }

    /// <summary>The type and title of a problem of this status, as <see cref="Customize"/> completes them (the OpenAPI examples use them too).</summary>
    public static (string Type, string Title) TypeAndTitle(int status)
    {
        var defaults = TypedResults.Problem(statusCode: status).ProblemDetails;
        return (defaults.Type ?? FallbackType(status), defaults.Title ?? ReasonPhrases.GetReasonPhrase(status));
    }

    /// <summary>Each parameter's or field's problems, as one sentence for each ('year' must be a year from 1 to 9999.).</summary>
    public static string ValidationDetail(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.Select(e => $"'{e.Key}' {string.Join(" ", e.Value)}."));

    public static string MethodNotAllowedDetail(string method, string path, string allowed) => $"{method} is not allowed on '{path}'; allowed: {allowed}.";

    public static string TooLargeDetail(long maxBodyBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {maxBodyBytes:N0} bytes this API accepts.");

    public static string TooManyRequestsDetail(int retryAfterSeconds) => $"Too many requests from this client; retry after {retryAfterSeconds} s.";

    public const string DatabaseUnavailableDetail = "The database is unavailable; try again shortly.";

    public const string UnexpectedDetail = "An unexpected error occurred. It has been logged under this traceId.";

    private static string FallbackType(int? status) => TypeOf(status ?? 500) ?? "about:blank";
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
