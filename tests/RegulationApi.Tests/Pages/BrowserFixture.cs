using System.Diagnostics;
using Microsoft.Playwright;

namespace RegulationApi.Tests.Pages;

/// <summary>
/// Headless Chromium from Debian's package, driven by Playwright. Playwright's own browser download is not reachable
/// here, so the fixture never runs `playwright install`: it installs the chromium package with apt-get when
/// /usr/bin/chromium is missing, as the PostgreSQL fixture installs postgresql.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            await InstallChromiumAsync();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static async Task InstallChromiumAsync()
    {
        if (Environment.UserName != "root" && !OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium).");
        }

        // A fresh machine may have no package lists yet: update once and try again.
        if (await AptGetAsync("install -y chromium") != 0 && (await AptGetAsync("update") != 0 || await AptGetAsync("install -y chromium") != 0))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing and `apt-get install -y chromium` failed: install Debian's chromium package (as root).");
        }
    }

    private static async Task<int> AptGetAsync(string arguments)
    {
        var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
