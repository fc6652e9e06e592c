using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RegulationApi.Data;

namespace RegulationApi.Infrastructure;

/// <summary>The service's health: <c>Healthy</c>, with each check by name.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);

public static class HealthChecks
{
    public static IServiceCollection AddRegulationHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<RegulationDbContext>("database", tags: ["ready"])
            .AddCheck<InitializedCheck>("initialized", tags: ["ready"]);
        return services;
    }

    /// <summary>Typed endpoints rather than MapHealthChecks, so the OpenAPI document describes them and errors are problems.</summary>
    public static RouteGroupBuilder MapRegulationHealthChecks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AnswerHead();

        group.MapGet("/live", GetLiveness)
            .WithName(nameof(GetLiveness))
            .WithSummary("Liveness")
            .WithDescription("200 while the process runs; it checks nothing else.");

        group.MapGet("/ready", GetReadiness)
            .WithName(nameof(GetReadiness))
            .WithSummary("Readiness")
            .WithDescription("200 when the database answers and is migrated and seeded; otherwise a 503 problem naming the failing checks.");

        return group;
    }

    public static Ok<HealthResponse> GetLiveness() =>
        TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy), new Dictionary<string, string>()));

    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> GetReadiness(
        HealthCheckService health, Data.DatabaseHealth database, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        if (report.Entries.TryGetValue("database", out var databaseCheck))
        {
            // The check just spoke to the database (or failed to): what every request should now assume.
            database.IsDown = databaseCheck.Status != HealthStatus.Healthy;
        }

        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new HealthResponse(report.Status.ToString(), checks));
        }

        http.Response.Headers.RetryAfter = "5";
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => e.Key + (e.Value.Description is { } d ? $" ({d})" : ""));
        return TypedResults.Problem(
            detail: "Not ready: " + string.Join(", ", failing) + ".",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    private sealed class InitializedCheck(DatabaseState state) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(state.Initialized
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the schema and seed are not in place yet"));
    }
}
