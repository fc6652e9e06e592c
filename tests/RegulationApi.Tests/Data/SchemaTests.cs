using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Data;

/// <summary>
/// The schema the migrations build, as pg_dump prints it, is the one checked in beside this file (schema.sql), so a
/// change to the schema shows in review. After an intended change, run the test with REGULATIONAPI_WRITE_SCHEMA=1 to
/// rewrite schema.sql, and review its diff.
/// </summary>
public sealed class SchemaTests(PostgresFixture postgres)
{
    private static string SchemaFile { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "tests", "RegulationApi.Tests", "Data", "schema.sql");

    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaIsTheCheckedInOne()
    {
        var connectionString = await postgres.CreateDatabaseAsync("schema");
        var options = new DbContextOptionsBuilder<RegulationDbContext>();
        RegulationDbContext.Configure(options, connectionString);
        await using (var db = new RegulationDbContext(options.Options))
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        var actual = Normalise(await SchemaOnlyDumpAsync(connectionString));
        if (Environment.GetEnvironmentVariable("REGULATIONAPI_WRITE_SCHEMA") == "1")
        {
            await File.WriteAllTextAsync(SchemaFile, actual, TestContext.Current.CancellationToken);
        }

        Assert.Equal(await File.ReadAllTextAsync(SchemaFile, TestContext.Current.CancellationToken), actual);
    }

    /// <summary>pg_dump --schema-only --no-owner, from the PostgreSQL programs scripts/local-postgres.sh finds.</summary>
    private static async Task<string> SchemaOnlyDumpAsync(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(await LocalCluster.BinDirectoryAsync(), "pg_dump"));
        foreach (var argument in new[] { "--schema-only", "--no-owner", "-h", connection.Host!, "-p", connection.Port.ToString(), "-U", connection.Username!, connection.Database! })
        {
            start.ArgumentList.Add(argument);
        }

        if (connection.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        var result = await CommandResult.RunAsync(start, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    /// <summary>
    /// Without comments (the version header among them), blank lines, and the \restrict and \unrestrict lines of
    /// newer pg_dumps, whose key is random.
    /// </summary>
    private static string Normalise(string dump) =>
        string.Concat(dump.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)
                           && !line.StartsWith("\\restrict ", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict ", StringComparison.Ordinal))
            .Select(line => line + "\n"));
}
