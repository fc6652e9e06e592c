namespace RegulationApi.Import;

/// <summary>How the database is prepared at start-up (section "Database").</summary>
public sealed class DatabaseOptions
{
    /// <summary>Apply pending EF Core migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Import the seed files at start-up.</summary>
    public bool SeedOnStartup { get; set; } = true;

    /// <summary>The folder of seed files; when empty, the first "seed" folder found from the content root upwards.</summary>
    public string? SeedPath { get; set; }

    /// <summary>Seconds between attempts while the database cannot be reached at start-up.</summary>
    public double RetrySeconds { get; set; } = 2;
}
