using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>
/// The real service, with its real migrations and seed, over the given database, and any <paramref name="settings"/>.
/// Rate limits are off unless the settings turn them on: tests send many requests from one client.
/// </summary>
public sealed class RegulationApiFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Regulations", ConnectionString);
        builder.UseSetting("Database:RetrySeconds", "0.2");
        builder.UseSetting("RateLimits:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClients>());
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, DeclaredResponses.StartupFilter>());
    }

    /// <summary>Serves on a free loopback port (Kestrel) instead of in memory, for clients in other processes.</summary>
    public Uri Listen()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address);
    }

    /// <summary>Starts the server and waits until migrations and seed are in place.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/health/ready")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"The service did not become ready within 60 s (last status {status}).");
    }
}

/// <summary>
/// Lets a test say who sends a request, as the rate limits see it: <see cref="ApiKeyHeader"/> as the name of an
/// authenticated API key (as an authentication scheme would set it), <see cref="AddressHeader"/> as the remote address.
/// </summary>
public sealed class TestClients : IStartupFilter
{
    public const string ApiKeyHeader = "X-Test-Api-Key";
    public const string AddressHeader = "X-Test-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[ApiKeyHeader] is [{ } key])
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, key)], "test"));
            }

            if (context.Request.Headers[AddressHeader] is [{ } address])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
