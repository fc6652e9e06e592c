using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RegulationApi.Curation;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Infrastructure;
using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Stats;
using RegulationApi.Telemetry;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>
/// The service's own registrations and pipeline (the steps of Program.cs) on a real Kestrel,
/// over an already seeded database, with test endpoints that take a body as the record writes will. For what only a
/// body-taking endpoint on a real server shows: the body size limit and the write rate limit.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public static async Task<KestrelHost> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Regulations"] = connectionString,
            // Seeded already: the service only builds its index.
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
            ["RateLimits:Enabled"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDatabase();
        builder.AddImport();
        builder.AddSearch();
        builder.AddRecords();
        builder.AddCuration();
        builder.AddApiJson();
        builder.AddProblems();
        builder.Services.AddRegulationRateLimits();
        builder.Services.AddRegulationRequestLimits();
        builder.Services.AddRegulationCaching();
        builder.AddTelemetry();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRegulationRequestLimits();
        app.UseRegulationRateLimits();
        app.UseRegulationCaching();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRecords();
        app.MapCuration();
        app.MapStats();

        // As the record writes will be: in an /api/v1 group with its conventions, a JSON body bound by the framework.
        var group = app.MapGroup("/api/v1/test").WithApiConventions().WithRateLimits();
        group.MapPost("/echo", (JsonElement body) => TypedResults.Ok(body.GetRawText().Length));
        // A handler that reads the body itself: the limit surfaces as an exception.
        group.MapPost("/raw", async (HttpRequest request) => TypedResults.Ok((await new StreamReader(request.Body).ReadToEndAsync()).Length));
        // Outside any group, with the policy named, as an endpoint elsewhere would take it.
        app.MapDelete("/test/explicit", () => TypedResults.NoContent()).RequireRateLimiting(RateLimits.Writes);

        await app.StartAsync();
        return new KestrelHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
