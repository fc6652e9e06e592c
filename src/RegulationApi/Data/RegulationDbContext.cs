using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace RegulationApi.Data;

/// <remarks>
/// Add a migration with <c>dotnet run --project tools/MigrationScaffolder -- NAME</c>, or with
/// <c>dotnet ef migrations add NAME --project src/RegulationApi --output-dir Data/Migrations</c> where the dotnet-ef tool is installed.
/// </remarks>
public sealed class RegulationDbContext(DbContextOptions<RegulationDbContext> options) : DbContext(options)
{
    /// <summary>The provider settings, shared by the service and the migration scaffolder.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString, DatabaseOptions? database = null) =>
        options.UseNpgsql(Tuned(connectionString, database), npgsql => npgsql.ConfigureDataSource(dataSource => dataSource.EnableDynamicJson()));

    /// <summary>
    /// The statements a request sends are few and always the same: let Npgsql prepare them, so PostgreSQL parses and
    /// plans each once per connection instead of once per request. With <paramref name="database"/>, every connection
    /// also gets its statement and lock timeouts.
    /// </summary>
    /// <remarks>
    /// A Max Auto Prepare the connection string names is kept, 0 included: behind a PgBouncer in transaction mode older
    /// than 1.21 a statement prepared on one server connection is missing on the next (deploy/pgbouncer/README.md).
    /// </remarks>
    public static string Tuned(string connectionString, DatabaseOptions? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.Keys.Contains(MaxAutoPrepareKeyword))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        if (database is not null)
        {
            // PostgreSQL itself cancels a statement that runs, or waits for a lock, too long: no request can tie up a
            // connection and a backend for seconds. Work meant to take long lifts both (LongRunning).
            string[] limits =
            [
                $"-c statement_timeout={Milliseconds(database.StatementTimeoutSeconds)}",
                $"-c lock_timeout={Milliseconds(database.LockTimeoutSeconds)}",
            ];
            builder.Options = string.Join(' ', string.IsNullOrWhiteSpace(builder.Options) ? limits : [builder.Options, .. limits]);
            if (database.StatementTimeoutSeconds > 0)
            {
                // The client waits longer than the server, so a slow statement ends as PostgreSQL's own cancellation
                // (57014: a 503 that says so) and a client timeout only ever means a server that does not answer at all.
                builder.CommandTimeout = (int)Math.Ceiling(database.StatementTimeoutSeconds) + 5;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The builder lists a setting under this name (whatever spelling the string used) only when the string sets it.</summary>
    private const string MaxAutoPrepareKeyword = "Max Auto Prepare";

    private static int Milliseconds(double seconds) => (int)Math.Round(seconds * 1000);

    public DbSet<Record> Records => Set<Record>();
    public DbSet<RecordRelation> Relations => Set<RecordRelation>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();
    public DbSet<RecordRevision> Revisions => Set<RecordRevision>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegulationDbContext).Assembly);

        // snake_case names, so the schema reads naturally in psql and in query plans.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            }
        }
    }
}
