namespace RegulationApi.Data;

/// <summary>Whether the schema and seed are in place; /health/ready reports it.</summary>
public sealed class DatabaseState
{
    public volatile bool Initialized;
}
