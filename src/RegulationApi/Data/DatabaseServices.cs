namespace RegulationApi.Data;

public static class DatabaseServices
{
    /// <summary>The database: a pooled context whose connections carry the statement timeouts, its options, and its health.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Regulations")
            // The build's OpenAPI generator starts the program but opens no connection (BuildTimeDocument).
            ?? (Infrastructure.OpenApi.BuildTimeDocument.IsGenerating ? "Host=unused" : null)
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
