using Npgsql;

namespace RegulationApi.Data;

public static class DedicatedConnection
{
    /// <summary>
    /// For a connection a service holds open for as long as it runs (the listener, the health probe): outside the pool,
    /// with TCP keepalives, so that a lost server is noticed on an idle connection too.
    /// </summary>
    public static string StringFor(IConfiguration configuration) =>
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Regulations")) { Pooling = false, KeepAlive = 1 }.ConnectionString;
}
