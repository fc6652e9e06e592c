namespace RegulationApi.Data;

/// <summary>What the service knows of the database between requests: down from the moment a connection to it drops.</summary>
public sealed class DatabaseHealth
{
    public volatile bool IsDown;
}

/// <summary>A request that needs the database while it is known to be unreachable.</summary>
public sealed class DatabaseUnavailableException() : Exception("The database is unavailable.");
