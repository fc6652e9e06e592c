using System.Runtime;
using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Import;

/// <summary>
/// <c>RegulationApi import PATH...</c>: the seed loader as a command, all-or-nothing over every file named and every
/// *.json file below every folder named.
/// </summary>
public static class ImportCommand
{
    /// <summary>The importer, and the start-up step that migrates and loads the seed.</summary>
    public static IHostApplicationBuilder AddImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddScoped<RecordImporter>();
        return builder;
    }

    public static async Task<int> RunImportAsync(this WebApplication app, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync("usage: RegulationApi import FILE-OR-FOLDER...");
            return 2;
        }

        // A command process answers no requests: throughput over pauses, no background collections beside the import.
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.MigrateIfConfiguredAsync();

            var result = await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync(SeedFiles.Expand(files), CancellationToken.None);
            Console.WriteLine($"Imported {result.Records} records from {result.Files} files: " +
                              $"{result.Inserted} new, {result.Updated} changed, {result.Unchanged} unchanged.");
            return 0;
        }
        catch (ImportException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"Import failed, nothing was written: {e.Message}");
            return 1;
        }
    }
}
