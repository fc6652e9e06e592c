using System.Diagnostics;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>Runs the built service as a command (<c>dotnet RegulationApi.dll import …</c>, <c>keys …</c>) against a database.</summary>
public static class ServiceCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string Dll { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "artifacts", "bin", "RegulationApi", "debug", "RegulationApi.dll");

    public static Task<CommandResult> RunAsync(string connectionString, params string[] arguments) =>
        RunInAsync(Path.GetDirectoryName(Dll)!, connectionString, arguments);

    /// <summary>Runs it from <paramref name="workingDirectory"/>, as one does with <c>dotnet path/to/RegulationApi.dll</c>.</summary>
    public static Task<CommandResult> RunInAsync(string workingDirectory, string connectionString, params string[] arguments)
    {
        var dll = Dll;
        Assert.True(File.Exists(dll), $"The built service is not at {dll}: build the solution in the Debug configuration (dotnet build) first.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Regulations"] = connectionString;
        start.Environment["Database__SeedOnStartup"] = "false";
        return CommandResult.RunAsync(start, Timeout);
    }
}
