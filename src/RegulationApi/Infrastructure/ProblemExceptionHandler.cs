using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace RegulationApi.Infrastructure;

/// <summary>
/// Turns an exception into a problem without a stack trace: 503 while the database is unreachable (or not yet
/// migrated), the status of a bad request, else 500. In .NET 10 the middleware no longer logs what a handler handled, so it logs here.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, Search.DatabaseHealth health, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly."),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (StatusCodes.Status499ClientClosedRequest, "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred. It has been logged under this traceId."),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogWarning("{Status} on {Method} {Path}: {Message}", status, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            health.IsDown = true;
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection class (08), shutdown or start-up (57P0x), resources (53), schema not migrated yet (42P01).
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                              || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal)
                                              || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                                              || pg.SqlState == PostgresErrorCodes.UndefinedTable:
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case TimeoutException:
                case Search.DatabaseUnavailableException:
                    return true;
            }
        }

        return false;
    }
}
