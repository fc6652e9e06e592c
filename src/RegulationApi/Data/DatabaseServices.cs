using System.Reflection;

namespace RegulationApi.Data;

public static class DatabaseServices
{
    /// <summary>
    /// Whether the build's OpenAPI generator (GetDocument.Insider) runs the program: it asks for the document only,
    /// so nothing connects to a database.
    /// </summary>
    public static bool UnderDocumentGenerator { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>The database: a pooled context whose connections carry the statement timeouts, its options, and its health.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Regulations")
            // The build's OpenAPI generator starts the program but opens no connection (BuildTimeDocument).
            ?? (UnderDocumentGenerator ? "Host=unused" : null)
            ?? throw new InvalidOperationException(
                "Set the connection string ConnectionStrings:Regulations (environment variable ConnectionStrings__Regulations), " +
                "or start the service with scripts/run.sh, which starts a private PostgreSQL.");
        // Pooled: a request borrows a context instead of building one.
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddDbContextPool<RegulationDbContext>(options => RegulationDbContext.Configure(options, connectionString, database));
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        builder.Services.AddSingleton<DatabaseState>();
        builder.Services.AddSingleton<DatabaseHealth>();
        builder.Services.AddHostedService<DatabaseHealthProbe>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
