using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Data;

// dotnet run --project tools/MigrationScaffolder -- NAME
// Writes a migration into src/RegulationApi/Data/Migrations, as `dotnet ef migrations add NAME` would.
if (args is not [var name])
{
    Console.Error.WriteLine("usage: dotnet run --project tools/MigrationScaffolder -- MIGRATION_NAME");
    return 2;
}

var projectDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, FindRoot(), "src", "RegulationApi"));
var options = new DbContextOptionsBuilder<RegulationDbContext>();
RegulationDbContext.Configure(options, "Host=localhost");
using var db = new RegulationDbContext(options.Options);

var assembly = typeof(RegulationDbContext).Assembly;
var services = new DesignTimeServicesBuilder(assembly, assembly, new OperationReporter(null), []).Build(db);
var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
var migration = scaffolder.ScaffoldMigration(name, "RegulationApi", "Data.Migrations");
var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Data", "Migrations"));
Console.WriteLine($"Wrote {files.MigrationFile}, {files.MetadataFile} and {files.SnapshotFile}");
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "RegulationApi.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("RegulationApi.sln not found above " + AppContext.BaseDirectory);
}
