using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>
/// clients/typescript: the npm project with Spectral, openapi-typescript and TypeScript. Tests install it themselves
/// (npm ci, once per run, only when node_modules is missing or was installed from another package-lock.json), so
/// a fresh clone needs nothing but `dotnet test` and Node.js.
/// </summary>
public static class NpmProject
{
    public static string Root { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "clients", "typescript");

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_installed)
            {
                return;
            }

            // npm writes no marker of which lock file it installed from, so the tests leave one.
            var stamp = Path.Combine(Root, "node_modules", ".installed-from-package-lock.sha256");
            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Root, "package-lock.json"))));
            if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != lockHash)
            {
                // Generous: a cold npm cache on a 2-core machine.
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10));
                Assert.True(install.ExitCode == 0, "npm ci in clients/typescript failed: " + install);
                await File.WriteAllTextAsync(stamp, lockHash);
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs one of the project's installed tools (node_modules/.bin).</summary>
    public static Task<CommandResult> RunToolAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync(Path.Combine(Root, "node_modules", ".bin", tool), arguments, timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>Runs a command in the project's folder; on timeout it is killed with its children and the test fails.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Root,
            Environment =
            {
                ["NO_COLOR"] = "1",
                ["FORCE_COLOR"] = "0",
                ["SCARF_ANALYTICS"] = "false",
                ["npm_config_update_notifier"] = "false",
            },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return await CommandResult.RunAsync(start, timeout);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Cannot run `{Path.GetFileName(fileName)} {string.Join(" ", start.ArgumentList)}` ({e.Message}). The OpenAPI tests need Node.js 20.17 or later with npm on the PATH " +
                "(apt-get install nodejs npm, or https://nodejs.org).", e);
        }
    }
}
