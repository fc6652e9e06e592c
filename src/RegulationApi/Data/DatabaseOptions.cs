namespace RegulationApi.Data;

/// <summary>How the database is prepared at start-up, and how long its statements may take (section "Database").</summary>
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

    /// <summary>
    /// Seconds a statement may run before PostgreSQL cancels it (statement_timeout; 0: no limit). A request's queries
    /// take milliseconds even at a million records, so this only ever stops a runaway; migrations, imports and the
    /// search-index build lift it (<see cref="LongRunning"/>).
    /// </summary>
    public double StatementTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds a statement may wait for a lock (lock_timeout; 0: no limit). Reads never wait for one except behind a
    /// migration or an import, which hold theirs for up to a minute: better a quick 503 than a connection held that long.
    /// </summary>
    public double LockTimeoutSeconds { get; set; } = 2;
}
