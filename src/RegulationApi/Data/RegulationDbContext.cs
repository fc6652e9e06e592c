using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Records;

namespace RegulationApi.Data;

/// <remarks>
/// Add a migration with <c>dotnet run --project tools/MigrationScaffolder -- NAME</c>, or with
/// <c>dotnet ef migrations add NAME --project src/RegulationApi --output-dir Data/Migrations</c> where the dotnet-ef tool is installed.
/// </remarks>
public sealed class RegulationDbContext(DbContextOptions<RegulationDbContext> options) : DbContext(options)
{
    /// <summary>The provider settings, shared by the service and the migration scaffolder.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tuned(connectionString), npgsql => npgsql.ConfigureDataSource(dataSource => dataSource.EnableDynamicJson()));

    /// <summary>
    /// The statements a request sends are few and always the same: let Npgsql prepare them, so PostgreSQL parses and
    /// plans each once per connection instead of once per request.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    public DbSet<Record> Records => Set<Record>();
    public DbSet<RecordRelation> Relations => Set<RecordRelation>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();
    public DbSet<Curation.RecordRevision> Revisions => Set<Curation.RecordRevision>();
    public DbSet<Curation.ApiKey> ApiKeys => Set<Curation.ApiKey>();

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
