using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Tests.Data;

/// <summary>What the service adds to the configured connection string, and what it leaves as configured.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void Tuned_NoAutoPrepare_PreparesTheRepeatedStatements()
    {
        var tuned = new NpgsqlConnectionStringBuilder(RegulationDbContext.Tuned("Host=db;Database=regulations"));

        Assert.Equal(32, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
    }

    [Fact]
    public void Tuned_AutoPrepareConfigured_KeepsIt()
    {
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(RegulationDbContext.Tuned("Host=db;Max Auto Prepare=5")).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;maxautoprepare=0")]
    public void Tuned_AutoPrepareTurnedOff_StaysOff(string connectionString)
    {
        // As behind a PgBouncer in transaction mode without prepared-statement tracking (deploy/pgbouncer).
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(RegulationDbContext.Tuned(connectionString)).MaxAutoPrepare);
    }

    [Fact]
    public void Tuned_WithDatabaseOptions_AddsTimeoutsAfterTheConfiguredOptions()
    {
        var tuned = new NpgsqlConnectionStringBuilder(RegulationDbContext.Tuned(
            "Host=db;Options=-c search_path=public", new DatabaseOptions { StatementTimeoutSeconds = 5, LockTimeoutSeconds = 2 }));

        Assert.Equal("-c search_path=public -c statement_timeout=5000 -c lock_timeout=2000", tuned.Options);
        Assert.Equal(10, tuned.CommandTimeout);
    }
}
