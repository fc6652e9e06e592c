using System.Diagnostics;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>Runs the built service as a command (<c>dotnet RegulationApi.dll import …</c>, <c>keys …</c>) against a database.</summary>
public static class ServiceCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, params string[] arguments)
    {
        var dll = Path.Combine(PostgresFixture.RepositoryRoot, "artifacts", "bin", "RegulationApi", "debug", "RegulationApi.dll");
        Assert.True(File.Exists(dll), $"The built service is not at {dll}: build the solution in the Debug configuration (dotnet build) first.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Regulations"] = connectionString;
        start.Environment["Database__SeedOnStartup"] = "false";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not finish within {Timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, await output, await error);
    }
}
