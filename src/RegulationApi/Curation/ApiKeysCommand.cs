using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Data;

namespace RegulationApi.Curation;

/// <summary><c>RegulationApi keys create NAME | revoke NAME | list</c>: the curators' API keys.</summary>
public static class ApiKeysCommand
{
    public const string Usage = "usage: RegulationApi keys create NAME | keys revoke NAME | keys list";

    public static async Task<int> RunKeysCommandAsync(this WebApplication app, IReadOnlyList<string> args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        try
        {
            await scope.ServiceProvider.MigrateIfConfiguredAsync();

            switch (args)
            {
                case ["create", var name] when IsName(name):
                    if (await db.ApiKeys.AnyAsync(k => k.Name == name))
                    {
                        await Console.Error.WriteLineAsync($"A key named '{name}' exists already (names are never reused, so that revisions name one holder): choose another name.");
                        return 1;
                    }

                    var secret = "rak_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
                    db.ApiKeys.Add(new ApiKey { Name = name, Hash = ApiKeyAuthentication.Hash(secret), Prefix = secret[..10], CreatedAt = time.GetUtcNow().UtcDateTime });
                    await db.SaveChangesAsync();
                    // The only time the secret is shown: only its hash is stored.
                    Console.WriteLine(secret);
                    await Console.Error.WriteLineAsync($"Created key '{name}'. Store it now: it cannot be shown again.");
                    return 0;
                case ["revoke", var name]:
                    var revoked = await db.ApiKeys.Where(k => k.Name == name && k.RevokedAt == null)
                        .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, time.GetUtcNow().UtcDateTime));
                    await (revoked == 0 ? Console.Error : Console.Out).WriteLineAsync(
                        revoked == 0 ? $"No active key is named '{name}'." : $"Revoked key '{name}'.");
                    return revoked == 0 ? 1 : 0;
                case ["list"]:
                    foreach (var key in await db.ApiKeys.OrderBy(k => k.Name).ToListAsync())
                    {
                        Console.WriteLine($"{key.Name}\t{key.Prefix}…\tcreated {key.CreatedAt:u}\t{(key.RevokedAt is { } at ? $"revoked {at:u}" : "active")}");
                    }

                    return 0;
                default:
                    await Console.Error.WriteLineAsync(Usage + Environment.NewLine + "NAME: letters, digits, '.', '_', '-' (up to 100).");
                    return 2;
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or DbUpdateException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"keys: {e.Message}");
            return 1;
        }
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
