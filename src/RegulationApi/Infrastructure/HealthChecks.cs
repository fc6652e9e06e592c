using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RegulationApi.Data;
using RegulationApi.Import;

namespace RegulationApi.Infrastructure;

public static class HealthChecks
{
    public static IServiceCollection AddRegulationHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<RegulationDbContext>("database", tags: ["ready"])
            .AddCheck<InitializedCheck>("initialized", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live answers while the process runs; /health/ready only when the database answers and is seeded.</summary>
    public static IEndpointRouteBuilder MapRegulationHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("Liveness");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("Readiness: the database answers and is migrated and seeded");
        return app;
    }

    // Healthy: a small JSON status. Otherwise the 503 is a problem like every other error.
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString(), checks }, JsonSerializerOptions.Web));
            return;
        }

        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => e.Key + (e.Value.Description is { } d ? $" ({d})" : ""));
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "Not ready: " + string.Join(", ", failing) + ".",
                Extensions = { ["checks"] = checks },
            },
        });
    }

    private sealed class InitializedCheck(DatabaseState state) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(state.Initialized
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the schema and seed are not in place yet"));
    }
}
