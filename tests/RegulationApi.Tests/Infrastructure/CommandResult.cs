using System.Diagnostics;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>What a command printed and how it exited; its text is the failure message of a test that ran it.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() =>
        $"`{Command}` exited {ExitCode}\n--- stdout ---\n{Output.TrimEnd()}\n--- stderr ---\n{Error.TrimEnd()}";

    public void Deconstruct(out int exitCode, out string output, out string error) => (exitCode, output, error) = (ExitCode, Output, Error);

    /// <summary>
    /// Runs a command to its end, reading both its outputs; one that overruns <paramref name="timeout"/> is killed with
    /// its children and the test fails, with what it printed.
    /// </summary>
    public static async Task<CommandResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var command = Path.GetFileName(start.FileName) + " " + string.Join(" ", start.ArgumentList);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"`{command}` did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{command}` did not finish within {timeout.TotalSeconds:0} s; it was killed.\n{await output}\n{await error}");
        }

        return new CommandResult(command, process.ExitCode, await output, await error);
    }
}
