using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Infrastructure;

/// <summary>
/// Turns an exception into a problem without a stack trace: 503 while the database is unreachable (or not yet
/// migrated) or when it cancelled a statement that ran or waited too long, the status of a bad request, else 500.
/// In .NET 10 the middleware no longer logs what a handler handled, so it logs here.
/// </summary>
internal sealed class ProblemExceptionHandler(
    IProblemDetailsService problems, Data.DatabaseHealth health, IOptions<DatabaseOptions> database, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, unavailable) = Classify(exception, httpContext.RequestAborted.IsCancellationRequested, database.Value);

        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogWarning("{Status} on {Method} {Path}: {Message}", status, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }

        httpContext.Response.StatusCode = status;
        if (unavailable)
        {
            // Not for a cancelled statement: that is one slow or blocked query.
            health.IsDown = true;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    /// <summary>
    /// The status and detail of the problem an exception is, and whether it shows the database down (the MCP tools
    /// word their errors with it too).
    /// </summary>
    internal static (int Status, string? Detail, bool Unavailable) Classify(Exception exception, bool requestAborted, DatabaseOptions limits)
    {
        var cancelled = Cancelled(exception, limits);
        // Npgsql calls a lock timeout transient, as it is: but the database is up.
        var unavailable = cancelled is null && IsDatabaseUnavailable(exception);
        (int status, string? detail) = exception switch
        {
            _ when unavailable => (StatusCodes.Status503ServiceUnavailable, Problems.DatabaseUnavailableDetail),
            OperationCanceledException when requestAborted => (StatusCodes.Status499ClientClosedRequest, "The request was cancelled."),
            _ when cancelled is not null => (StatusCodes.Status503ServiceUnavailable, cancelled),
            // Problems.Customize words the too-large body, with the limit.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, null),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (StatusCodes.Status500InternalServerError, Problems.UnexpectedDetail),
        };
        return (status, detail, unavailable);
    }

    /// <summary>Why PostgreSQL cancelled the statement (statement_timeout or lock_timeout), or null when it did not.</summary>
    private static string? Cancelled(Exception exception, DatabaseOptions limits)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }:
                    return limits.StatementTimeoutSeconds > 0
                        ? $"The database did not answer within {Seconds(limits.StatementTimeoutSeconds)} s; the query was cancelled."
                        : "The database cancelled the query.";
                case PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }:
                    return $"The data is locked by other work (such as an import or a migration) for longer than {Seconds(limits.LockTimeoutSeconds)} s; the query was cancelled.";
            }
        }

        return null;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

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
                case Data.DatabaseUnavailableException:
                    return true;
            }
        }

        return false;
    }
}
