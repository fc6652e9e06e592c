namespace RegulationApi.Search;

public static class SearchServices
{
    /// <summary>The in-memory index each service builds from the database, the follower that keeps it level with the change log, and the search over it.</summary>
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().BindConfiguration("Search");
        builder.Services.AddSingleton<SearchIndexHost>();
        builder.Services.AddHostedService<IndexFollower>();
        builder.Services.AddScoped<RecordSearch>();
        return builder;
    }
}
