using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RegulationApi.Telemetry;

/// <summary>Metrics and traces (section "Telemetry").</summary>
public sealed class TelemetrySettings
{
    /// <summary>
    /// When set, <c>/metrics</c> answers only on connections to this local port (one of the listening addresses,
    /// kept off the proxy); on any other it is a 404 like an unknown path. Unset: on every address.
    /// </summary>
    public int? MetricsPort { get; set; }
}

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>ASP.NET Core's own meters: the requests (http.server.*), connections, routing, errors, rate limiting and authentication.</summary>
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
    ];

    /// <summary>
    /// Metrics for the Prometheus endpoint: ASP.NET Core's, the runtime's, Npgsql's and the service's own (<see cref="RegulationMetrics"/>).
    /// Traces of requests and their SQL, sent over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetrySettings>().BindConfiguration("Telemetry");
        builder.Services.AddSingleton<RegulationMetrics>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(RegulationMetrics.MeterName))
            // A scrape shows the state at that moment: a scraper every few seconds needs no cached answer.
            // The runtime's (GC, heap, thread pool) and Npgsql's meters are one per process, made without a factory.
            .WithMetrics(metrics => metrics.AddMeter("System.Runtime").AddNpgsqlInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // The meters this host created (its IMeterFactory), rather than every meter of the name in the process:
        // another host beside it (as in the tests) neither adds its measurements nor, when disposed, ends these.
        foreach (var meter in AspNetCoreMeters.Prepend(RegulationMetrics.MeterName))
        {
            builder.Metrics.EnableMetrics(meter, instrumentName: null, listenerName: "OpenTelemetry", MeterScope.Local);
        }

        // Off without a collector: no exporter, and no spans recorded for nobody.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql().AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// The Prometheus scrape endpoint: GET (and HEAD) only, so another method is a 405 as on every path; not
    /// rate-limited, not cached, not in the OpenAPI document; only on <see cref="TelemetrySettings.MetricsPort"/> when set.
    /// </summary>
    public static IEndpointConventionBuilder MapTelemetry(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value.MetricsPort;
        return app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null,
                configureBranchedPipeline: port is { } metricsPort ? branch => branch.Use(OnlyOnPort(metricsPort)) : null, optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription()
            .DisableRateLimiting();
    }

    /// <summary>The port the connection came in on, which a client cannot choose as it can the Host header.</summary>
    private static Func<HttpContext, RequestDelegate, Task> OnlyOnPort(int port) => (context, next) =>
    {
        if (context.Connection.LocalPort != port)
        {
            // The status-code pages make it the same 404 problem as any unknown path.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    };
}
