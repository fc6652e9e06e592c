using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Pages;
using RegulationApi.Records;
using RegulationApi.Search;

namespace RegulationApi.Infrastructure;

public static class RegulationApiExtensions
{
    public static IHostApplicationBuilder AddRegulationApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // Configure the database
        var connectionString = builder.Configuration.GetConnectionString("Regulations")
            ?? throw new InvalidOperationException(
                "Set the connection string ConnectionStrings:Regulations (environment variable ConnectionStrings__Regulations), " +
                "or start the service with scripts/run.sh, which starts a private PostgreSQL.");
        // Pooled: a request borrows a context instead of building one. Its connections carry the statement timeouts.
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddDbContextPool<RegulationDbContext>(options => RegulationDbContext.Configure(options, connectionString, database));
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddSingleton<DatabaseState>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddScoped<RecordImporter>();
        services.AddSingleton(TimeProvider.System);

        // Configure search and validation
        services.AddSingleton<DatabaseHealth>();
        services.AddOptions<SearchOptions>().BindConfiguration("Search");
        services.AddSingleton<SearchIndexHost>();
        services.AddHostedService<SearchIndexWatcher>();
        services.AddHostedService<DatabaseHealthProbe>();
        services.AddScoped<RecordSearch>();
        services.AddSingleton<RecordCursor>();
        services.AddScoped<ChangeFeed>();
        services.AddDataProtection();
        // Validators are stateless and costly to build (each builds its rules): one of each for the process.
        services.AddValidatorsFromAssemblyContaining<RecordDocumentValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);

        // Configure curation: API keys on writes only
        services.AddScoped<Curation.RecordWriter>();
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, Curation.ApiKeyAuthentication>(
            Curation.ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Curation.ApiKeyAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(Curation.ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());

        // Configure protection: rate limits per client, request body size
        services.AddRegulationRateLimits();
        services.AddRegulationRequestLimits();

        // Configure errors, health and the OpenAPI document
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.Customize);
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, ProblemJsonFallbackWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddRegulationHealthChecks();
        services.AddRegulationOpenApi();
        services.AddRegulationCaching();
        services.AddRegulationPages();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            // Numbers are JSON numbers, as in the record format; the OpenAPI document then types them integer, not integer-or-string.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        return builder;
    }

    public static WebApplication UseRegulationApi(this WebApplication app)
    {
        // Outermost: the pages' HTML and CSS leave compressed, whether from the cache or just rendered.
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before the output cache: an answer from the cache counts against the client too.
        app.UseRegulationRateLimits();
        app.UseRegulationCaching();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
